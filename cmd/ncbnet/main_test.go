package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	_ "modernc.org/sqlite"
)

// buildBinary builds the real ncbnet command once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ncbnet")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("build ncbnet: %v", err)
	}
	return bin
}

// TestDemoThenVerify drives the binary as an operator would: start the demo,
// log in as a demo user, stop it, verify the audit log, tamper with it, and
// see verification fail naming the entry.
func TestDemoThenVerify(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	data := filepath.Join(t.TempDir(), "demo")
	demo := exec.Command(bin, "demo", "--addr", "127.0.0.1:0", "--data", data, "--demo-password", "s3cret demo pw", "--log-level", "warn")
	stdout, err := demo.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	demo.Stderr = &stderr
	if err := demo.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = demo.Process.Kill() })

	urlLine := regexp.MustCompile(`running at (http://\S+)`)
	lines := bufio.NewScanner(stdout)
	var url, printed string
	deadline := time.Now().Add(90 * time.Second)
	for url == "" && time.Now().Before(deadline) && lines.Scan() {
		printed += lines.Text() + "\n"
		if m := urlLine.FindStringSubmatch(lines.Text()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("demo printed no URL:\n%s\nstderr:\n%s", printed, stderr.String())
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()

	ctx := context.Background()
	c, err := client.New(url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(ctx, "sgp.border-officer", "s3cret demo pw"); err != nil {
		t.Fatalf("log in to the demo: %v", err)
	}
	me, err := c.Me(ctx)
	if err != nil || me.Country != "SGP" || me.UnitKind != "border-point" {
		t.Fatalf("me = %+v, %v", me, err)
	}
	if err := demo.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := demo.Wait(); err != nil {
		t.Fatalf("demo did not stop cleanly: %v\n%s", err, stderr.String())
	}

	out, err := exec.Command(bin, "audit", "verify", "--data", data).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "audit log intact") {
		t.Fatalf("verify of an untouched log: %v\n%s", err, out)
	}

	db, err := sql.Open("sqlite", filepath.Join(data, "ncbnet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE audit_entries SET leaf = CAST(replace(CAST(leaf AS TEXT), 'sgp.border-officer', 'sgp.border-offic3r') AS BLOB) WHERE actor_name = 'sgp.border-officer'`); err != nil {
		t.Fatal(err)
	}
	var first int64
	if err := db.QueryRow(`SELECT min(seq) FROM audit_entries WHERE actor_name = 'sgp.border-officer'`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "audit", "verify", "--data", data)
	out, err = cmd.CombinedOutput()
	if err == nil || cmd.ProcessState.ExitCode() == 0 {
		t.Fatalf("verify of a tampered log succeeded:\n%s", out)
	}
	if want := "audit entry " + strconv.FormatInt(first, 10); !strings.Contains(string(out), want) {
		t.Fatalf("verify output does not name %q:\n%s", want, out)
	}
}

func TestUsageErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	dir := t.TempDir()
	short := filepath.Join(dir, "short-token")
	if err := os.WriteFile(short, []byte("too short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"nonsense"}, 2},
		{[]string{"audit"}, 2},
		{[]string{"audit", "nonsense"}, 2},
		{[]string{"serve", "--no-such-flag"}, 2},
		{[]string{"version"}, 0},
		{[]string{"audit", "verify", "--data", t.TempDir()}, 1},
		{[]string{"edge", "--token", "t"}, 2},                                            // no --key
		{[]string{"edge", "--key", "k"}, 2},                                              // no token
		{[]string{"edge", "--key", "k", "--token", "t", "--sync", "1ms"}, 2},             // too often
		{[]string{"edge", "--key", "not a key", "--token", "t"}, 1},                      // not a verifier key
		{[]string{"edge", "--key", "k", "--token", "t", "--local-token-file", short}, 2}, // a local token too short
		{[]string{"edge", "--key", "k", "--token", "t", "--local-token-file", filepath.Join(dir, "none")}, 1}, // no such file
		{[]string{"edge", "--key", "k", "--token", "t", "--listen", "0.0.0.0:0", "--data", dir}, 1},           // reachable without a local token
		{[]string{"edge", "--key", "k", "--token", "t", "--listen", "no port"}, 2},
		{[]string{"screen"}, 2},
		{[]string{"screen", "manifest"}, 2},
		{[]string{"records"}, 2},
		{[]string{"records", "list"}, 2},
		{[]string{"search", "person"}, 2},
		{[]string{"check", "document"}, 2},
		{[]string{"hits", "confirm"}, 2},
		{[]string{"hits", "list", "--no-such-flag"}, 2},
		{[]string{"synth"}, 2},
		{[]string{"synth", "-h"}, 0},
		{[]string{"records", "get", "-h"}, 0},
	} {
		if got := run(context.Background(), tc.args, &out, &errOut); got != tc.code {
			t.Errorf("ncbnet %v exited %d, want %d\n%s", tc.args, got, tc.code, errOut.String())
		}
	}
	// A local API reachable from the network without a local token is
	// refused, before anything else is looked at.
	errOut.Reset()
	if got := run(context.Background(), []string{"edge", "--key", "k", "--token", "t", "--listen", "0.0.0.0:0"}, &out, &errOut); got != 1 || !strings.Contains(errOut.String(), "reached from the network") {
		t.Errorf("an edge node listening on 0.0.0.0 without a local token: exit %d, %s", got, errOut.String())
	}
}

// Every command and subcommand of the tree answers -h with its usage, and
// every group refuses a subcommand it does not have, listing its own.
func TestHelpOnEveryCommand(t *testing.T) {
	var walk func(path []string, c command)
	walk = func(path []string, c command) {
		name := strings.Join(path, " ")
		var out, errOut bytes.Buffer
		code := run(context.Background(), append(slices.Clone(path), "-h"), &out, &errOut)
		help := errOut.String()
		if code != 0 || out.Len() != 0 || !strings.Contains(help, "usage: ncbnet "+name+" ") {
			t.Errorf("ncbnet %s -h: exit %d, usage:\n%s", name, code, help)
		}
		if c.subs == nil {
			if c.example == "" || !strings.Contains(help, "example:\n  ") || !strings.Contains(help, "\nflags:") {
				t.Errorf("ncbnet %s -h has no example or no flags:\n%s", name, help)
			}
			if !strings.Contains(help, "\n  --") && !strings.Contains(help, "flags: none") {
				t.Errorf("ncbnet %s -h names no flag:\n%s", name, help)
			}
			return
		}
		for _, s := range c.subs {
			if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(s.name) + `\s+\S`).MatchString(help) {
				t.Errorf("ncbnet %s -h does not list %s:\n%s", name, s.name, help)
			}
		}
		errOut.Reset()
		if code := run(context.Background(), append(slices.Clone(path), "nonsense"), &out, &errOut); code != 2 ||
			!strings.Contains(errOut.String(), `unknown subcommand "nonsense"`) || !strings.Contains(errOut.String(), c.subs[0].name) {
			t.Errorf("ncbnet %s nonsense: exit %d\n%s", name, code, errOut.String())
		}
		for _, s := range c.subs {
			walk(append(slices.Clone(path), s.name), s)
		}
	}
	for _, c := range commands() {
		walk([]string{c.name}, c)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, &out, &errOut); code != 0 {
		t.Fatalf("ncbnet -h: exit %d", code)
	}
	for _, v := range environment {
		if !strings.Contains(errOut.String(), "  "+v.name+" ") {
			t.Errorf("ncbnet -h does not list %s:\n%s", v.name, errOut.String())
		}
	}
}

// Only the variables of the environment table are read: every NCBNET_
// name in the command's code is one of them.
func TestEnvironmentIsTheTable(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	names := regexp.MustCompile(`NCBNET_[A-Z0-9_]+`)
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names.FindAllString(string(src), -1) {
			if !slices.ContainsFunc(environment, func(v envVar) bool { return v.name == name }) {
				t.Errorf("%s reads or names %s, which the environment table does not list", file, name)
			}
		}
	}
}

// The variables named for one command are not read by another that has a
// flag of the same name; the documented ones keep working.
func TestEnvironmentByCommand(t *testing.T) {
	ncbnet := func(args ...string) (int, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, &out, &errOut)
		return code, errOut.String()
	}
	// NCBNET_KEY was both the edge node's verifier key and a message's
	// idempotency key: it is neither now.
	t.Setenv("NCBNET_KEY", "k")
	if code, errOut := ncbnet("edge", "--token", "t"); code != 2 || !strings.Contains(errOut, "--key is required") {
		t.Errorf("edge took NCBNET_KEY: %d %s", code, errOut)
	}
	// NCBNET_DATA and NCBNET_DB name a node's folder and store.
	data := t.TempDir()
	t.Setenv("NCBNET_DATA", data)
	if code, errOut := ncbnet("audit", "verify"); code != 1 || !strings.Contains(errOut, data) {
		t.Errorf("audit verify did not read NCBNET_DATA: %d %s", code, errOut)
	}
	t.Setenv("NCBNET_DB", filepath.Join(data, "other.db"))
	if code, errOut := ncbnet("audit", "verify", "--key", "k"); code != 1 || !strings.Contains(errOut, "other.db") {
		t.Errorf("audit verify did not read NCBNET_DB: %d %s", code, errOut)
	}
	t.Setenv("NCBNET_LOG_LEVEL", "loud")
	if code, errOut := ncbnet("serve"); code != 2 || !strings.Contains(errOut, "loud") {
		t.Errorf("serve did not read NCBNET_LOG_LEVEL: %d %s", code, errOut)
	}
	t.Setenv("NCBNET_SERVER", "ftp://nowhere")
	if code, errOut := ncbnet("me", "--token", "t"); code != 1 || !strings.Contains(errOut, "ftp://nowhere") {
		t.Errorf("me did not read NCBNET_SERVER: %d %s", code, errOut)
	}
}

// A bad value of a bench checks flag is a usage error naming the flag,
// before anything is loaded.
func TestBenchChecksBadFlags(t *testing.T) {
	for _, bad := range [][]string{{"--disclose", "x"}, {"--disclose", "0"}, {"--due", "-1"}, {"--disclose-workers", "0"}} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), append([]string{"bench", "checks"}, bad...), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), bad[0]) || out.Len() != 0 {
			t.Errorf("bench checks %v: exit %d, %q %q; want 2 naming the flag, nothing run", bad, code, errOut.String(), out.String())
		}
	}
}
