package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/auth"
	"github.com/ncbnet/ncbnet/internal/store"
)

// TestAuditVerifyAgainstCheckpoints runs `ncbnet audit verify` on a data
// folder whose newest entries were removed with their checkpoints: the store
// alone looks intact, the checkpoint the node kept outside it does not.
func TestAuditVerifyAgainstCheckpoints(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	node, err := app.Open(ctx, app.Config{DataDir: data, Version: "test", Argon2: &auth.Params{MemoryKiB: 64, Time: 1, Threads: 1},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 8; i++ {
		if _, err := node.Audit.Append(ctx, audit.Entry{Actor: audit.SystemActor("cli"), Action: "test.event", Outcome: audit.OutcomeSuccess}); err != nil {
			t.Fatal(err)
		}
	}
	cp, err := node.Audit.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	early, err := node.Audit.CheckpointAt(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if err := node.Close(); err != nil {
		t.Fatal(err)
	}
	witness := filepath.Join(t.TempDir(), "witness.note")
	if err := os.WriteFile(witness, early.Note, 0o600); err != nil {
		t.Fatal(err)
	}
	kept := app.AnchorFile(data)

	verify := func(t *testing.T, wantCode int, args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		code := run(ctx, append([]string{"audit", "verify", "--data", data}, args...), &out, &errOut)
		if code != wantCode {
			t.Fatalf("audit verify %v exited %d, want %d\n%s%s", args, code, wantCode, out.String(), errOut.String())
		}
		return out.String() + errOut.String()
	}
	mustContain := func(t *testing.T, text string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Fatalf("output lacks %q:\n%s", w, text)
			}
		}
	}

	t.Run("an untouched log contains the data folder's checkpoint and an earlier witness", func(t *testing.T) {
		out := verify(t, 0, "--checkpoint", witness)
		mustContain(t, out, "audit log intact",
			fmt.Sprintf("contains the checkpoint of size %d kept in %s", cp.Size, kept),
			fmt.Sprintf("contains the checkpoint of size 3 kept in %s", witness))
	})
	t.Run("a witness file that is not there is an error", func(t *testing.T) {
		verify(t, 1, "--checkpoint", filepath.Join(t.TempDir(), "none.note"))
	})

	db, err := store.Open(ctx, filepath.Join(data, "ncbnet.db"))
	if err != nil {
		t.Fatal(err)
	}
	cut := cp.Size - 3
	for _, q := range []string{
		`DELETE FROM audit_entries WHERE seq >= ?`, `DELETE FROM audit_entry_countries WHERE seq >= ?`,
		`DELETE FROM audit_entry_resources WHERE seq >= ?`, `DELETE FROM audit_checkpoints WHERE size > ?`,
	} {
		if _, err := db.Exec(ctx, q, cut); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	t.Run("the truncated log fails against the data folder's checkpoint", func(t *testing.T) {
		out := verify(t, 1)
		mustContain(t, out, "NOT intact", fmt.Sprintf("audit entry %d", cut),
			fmt.Sprintf("audit log has %d entries but a checkpoint signed for size %d exists outside the store", cut, cp.Size),
			fmt.Sprintf("entries %d to %d are missing", cut, cp.Size-1))
	})
	t.Run("the truncated log fails against a witness", func(t *testing.T) {
		moved := filepath.Join(t.TempDir(), "kept.note")
		if err := os.Rename(kept, moved); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Rename(moved, kept) })
		mustContain(t, verify(t, 0), "audit log intact", "no checkpoint kept outside the store")
		mustContain(t, verify(t, 1, "--checkpoint", moved), fmt.Sprintf("audit entry %d: missing", cut))
		mustContain(t, verify(t, 0, "--checkpoint", witness), "contains the checkpoint of size 3")
	})
}
