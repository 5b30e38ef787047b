package main

import (
	"context"
	"fmt"
	"io"
	"runtime"

	"github.com/ncbnet/ncbnet/internal/bench"
)

// runBenchImport measures a bulk import of synthetic travel documents into a
// whole node: read, parse, validate, commit, audit, index.
func runBenchImport(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("bench import")
	n := fs.Int("n", 1000000, "travel documents to import")
	seed := fs.Uint64("seed", 1, "seed of the synthetic documents")
	dsn := fs.String("db", "", "store to measure (default: a fresh SQLite file in a temporary folder)")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the import to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg := bench.ImportConfig{Docs: *n, Seed: *seed, DB: *dsn}
	closeCPUProfile, err := profileTo(*profile, func(w io.Writer) { cfg.CPUProfile = w })
	if err != nil {
		return err
	}
	defer closeCPUProfile()
	store := "a fresh SQLite store"
	if *dsn != "" {
		store = "the store given"
	}
	fmt.Fprintf(out, "import benchmark: %d synthetic travel documents (NDJSON) into %s, %d CPUs\n", *n, store, runtime.NumCPU())
	res, err := bench.Import(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "imported %d documents (%.0f MiB) in %s: %.0f documents/s (goal: 100000)\n",
		res.Docs, float64(res.FileBytes)/(1<<20), res.Elapsed.Round(1e6), res.PerSecond)
	return nil
}
