// Package audittest starts a real audit log for the tests of packages that
// write to it (members, auth, …), wired as the node wires it, and stops its
// integrator when the test ends, before the store closes. It is for tests
// only and never replaces the log with a fake.
package audittest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Start opens the audit log kept in db with a fresh signing key and runs its
// integrator until t ends.
func Start(t testing.TB, db *store.DB, clk clock.Clock, ids id.Source) *audit.Log {
	t.Helper()
	return start(t, db, clk, ids, "", nil)
}

// StartJournaled is Start with a write-ahead journal in a temporary folder,
// as a node runs its log: Record is durable before its entries reach the
// tree. before runs on the log before its integrator starts (to register
// attachments, as a node does).
func StartJournaled(t testing.TB, db *store.DB, clk clock.Clock, ids id.Source, before func(*audit.Log)) *audit.Log {
	t.Helper()
	return start(t, db, clk, ids, filepath.Join(t.TempDir(), "audit-journal"), before)
}

func start(t testing.TB, db *store.DB, clk clock.Clock, ids id.Source, journal string, before func(*audit.Log)) *audit.Log {
	t.Helper()
	ctx := context.Background()
	skey, _, err := audit.GenerateKey("test.ncbnet.local/audit")
	if err != nil {
		t.Fatal(err)
	}
	log, err := audit.New(ctx, audit.Config{DB: db, Signer: skey, Clock: clk, IDs: ids, JournalFile: journal})
	if err != nil {
		t.Fatalf("open audit log: %v", err)
	}
	if before != nil {
		before(log)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- log.Run(runCtx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("audit log: %v", err)
		}
	})
	return log
}
