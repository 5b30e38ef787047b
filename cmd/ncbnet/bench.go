package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/ncbnet/ncbnet/internal/bench"
	"github.com/ncbnet/ncbnet/internal/store"
)

// runBenchAudit measures audit appends with proofs available: each append
// returns once its entry is stored, in the Merkle tree and covered by a
// signed checkpoint.
func runBenchAudit(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("bench audit")
	entries := fs.Int("entries", 200000, "entries to append")
	workers := fs.Int("workers", 256, "concurrent appenders")
	dsn := fs.String("db", "", "store to measure (default: a fresh SQLite file in a temporary folder)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	target := *dsn
	if target == "" {
		dir, err := os.MkdirTemp("", "ncbnet-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		target = filepath.Join(dir, "bench.db")
	}
	db, err := store.Open(ctx, target)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "audit append benchmark: %d entries, %d concurrent appenders, %s store, %d CPUs\n", *entries, *workers, db.Dialect(), runtime.NumCPU())
	res, err := bench.AuditAppend(ctx, db, *workers, *entries)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "appended %d entries in %s: %.0f entries/s with proofs available (goal: 20000)\n", res.Entries, res.Elapsed.Round(1e6), res.PerSecond)
	return nil
}
