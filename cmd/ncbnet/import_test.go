package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/auth"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// importNode starts a demo node in-process and returns its URL and the
// token of fra.officer.
func importNode(t *testing.T) (url, token string) {
	t.Helper()
	ctx := context.Background()
	node, err := app.Open(ctx, app.Config{DataDir: t.TempDir(), Argon2: &auth.Params{MemoryKiB: 64, Time: 1, Threads: 1},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { node.Close() })
	if _, err := node.SeedDemo(ctx, "import test password", synth.WriteDemoDocuments); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(node.API)
	t.Cleanup(srv.Close)
	c, err := client.New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Login(ctx, "fra.officer", "import test password")
	if err != nil {
		t.Fatal(err)
	}
	return srv.URL, s.Token
}

func TestImportCommand(t *testing.T) {
	url, token := importNode(t)
	dir := t.TempDir()
	var progress bytes.Buffer
	stderr = &progress
	t.Cleanup(func() { stderr = os.Stderr })
	ncbnet := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, &out, &errOut)
		return code, out.String(), errOut.String()
	}

	docs := filepath.Join(dir, "fra.ndjson")
	if code, _, errOut := ncbnet("synth", "sltd", "--n", "300", "--country", "fra", "--key-prefix", "fr-", "--out", docs); code != 0 {
		t.Fatalf("synth: %d %s", code, errOut)
	}
	code, out, errOut := ncbnet("import", "--db", "sltd", "--server", url, "--token", token, docs)
	if code != 0 || !strings.Contains(out, "300 lines: 300 created, 0 existing, 0 rejected") {
		t.Fatalf("import: %d\n%s%s", code, out, errOut)
	}
	// Not a terminal: plain progress lines, the last one complete.
	if last := strings.TrimSpace(progress.String()); !strings.Contains(last, "sltd: [========================] 100%") || !strings.Contains(last, "300 records") || strings.Contains(last, "\r") {
		t.Fatalf("progress:\n%s", progress.String())
	}

	t.Run("again from standard input: all existing", func(t *testing.T) {
		f, err := os.Open(docs)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		old := os.Stdin
		os.Stdin = f
		defer func() { os.Stdin = old }()
		code, out, errOut := ncbnet("import", "--db", "sltd", "--server", url, "--token", token, "--quiet", "-")
		if code != 0 || !strings.Contains(out, "0 created, 300 existing") {
			t.Fatalf("import: %d\n%s%s", code, out, errOut)
		}
	})

	t.Run("rejected lines are listed and the exit status says so", func(t *testing.T) {
		csv := filepath.Join(dir, "bad.csv")
		body := "key,number,country,type,status\nfr-csv-1,31CM00001,FRA,P,stolen\nfr-csv-2,31CM00002,FRA,P,found\n"
		if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := ncbnet("import", "--db", "sltd", "--server", url, "--token", token, csv)
		if code != rejectedLines || !strings.Contains(out, "1 created") || !strings.Contains(out, "line 3: properties.status: ") || !strings.Contains(errOut, "1 lines were rejected") {
			t.Fatalf("import: %d\n%s%s", code, out, errOut)
		}
		code, out, _ = ncbnet("import", "--db", "sltd", "--server", url, "--token", token, "--json", "--quiet", csv)
		var rep client.ImportReport
		if code != rejectedLines || json.Unmarshal([]byte(out), &rep) != nil || rep.Existing != 1 || rep.Errors[0].Line != 3 {
			t.Fatalf("--json: %d %s", code, out)
		}
	})

	t.Run("usage", func(t *testing.T) {
		t.Setenv("NCBNET_DB", "postgres://somewhere/ncbnet")
		for _, args := range [][]string{
			{"import", "--server", url, "--token", token, docs},                                    // no --db (NCBNET_DB is serve's store)
			{"import", "--db", "sltd", "--server", url, "--token", token},                          // no file
			{"import", "--db", "sltd", "--format", "xml", "--server", url, "--token", token, docs}, // bad format
			{"import", "--db", "sltd", "--server", url, docs},                                      // no token
			{"synth"}, {"synth", "nothing"},
		} {
			if code, _, errOut := ncbnet(args...); code != 2 {
				t.Errorf("%v: exit %d, want 2 (%s)", args, code, errOut)
			}
		}
		code, _, errOut := ncbnet("import", "--db", "sltd", "--server", url, "--token", "nope", docs)
		if code != 1 || !strings.Contains(errOut, "401") {
			t.Fatalf("bad token: %d %s", code, errOut)
		}
	})
}

func TestProgressLine(t *testing.T) {
	p := &progressBar{what: "sltd", size: 200 << 20}
	got := p.line(50<<20, 250000, 5*time.Second)
	want := "sltd: [======>                 ]  25% 50.0 MiB / 200.0 MiB, 250,000 records, 50,000 records/s, ETA 0:15"
	if got != want {
		t.Fatalf("line:\n%s\nwant\n%s", got, want)
	}
	p.size = -1
	if got := p.line(3<<30, 12345678, 100*time.Second); got != "sltd: 3.00 GiB sent, 12,345,678 records, 123,456 records/s" {
		t.Fatalf("unknown size: %s", got)
	}
	if got := clockText(3725 * time.Second); got != "1:02:05" {
		t.Fatalf("clock: %s", got)
	}
}

func TestSynthCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"synth", "sltd", "--n", "5", "--from", "10", "--seed", "3"}, &out, &errOut); code != 0 {
		t.Fatalf("synth: %d %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], `{"key":"sltd-000000010","schema":"Passport"`) {
		t.Fatalf("synth:\n%s", out.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"synth", "sltd", "--n", "2", "--format", "csv"}, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "key,schema,number,country,") {
		t.Fatalf("synth csv: %d\n%s", code, out.String())
	}
}
