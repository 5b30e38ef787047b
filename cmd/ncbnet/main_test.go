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
