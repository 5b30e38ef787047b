package app_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// The node keeps its latest audit checkpoint in the data folder, restarts on
// the store it left, and refuses to start on a store whose newest entries
// were removed together with their checkpoints.
func TestNodeRefusesRolledBackStore(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			cfg := app.Config{
				DataDir: t.TempDir(), DB: b.DSN(t), Clock: clock.NewFake(time.Now().UTC()), Argon2: &cheapArgon2,
				Version: "test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			}
			node, err := app.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 8; i++ {
				e := audit.Entry{Actor: audit.SystemActor("test"), Action: "test.event", Outcome: audit.OutcomeSuccess}
				if _, err := node.Audit.Append(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			cp, err := node.Audit.Checkpoint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := node.Close(); err != nil {
				t.Fatal(err)
			}
			kept, err := audit.ReadAnchor(app.AnchorFile(cfg.DataDir))
			if err != nil || string(kept.Note) != string(cp.Note) {
				t.Fatalf("the data folder keeps %q (%v), want the checkpoint of size %d", kept.Note, err, cp.Size)
			}

			node, err = app.Open(ctx, cfg)
			if err != nil {
				t.Fatalf("restart on the untouched store: %v", err)
			}
			if err := node.Close(); err != nil {
				t.Fatal(err)
			}

			db := storetest.Open(t, cfg.DB)
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

			_, err = app.Open(ctx, cfg)
			if !errors.Is(err, audit.ErrRollback) {
				t.Fatalf("open on a truncated store = %v, want %v", err, audit.ErrRollback)
			}
			t.Logf("open: %v", err)
		})
	}
}
