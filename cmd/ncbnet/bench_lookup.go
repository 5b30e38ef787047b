package main

import (
	"context"
	"fmt"
	"io"
	"runtime"

	"github.com/ncbnet/ncbnet/internal/bench"
)

// runBenchLookup measures identifier lookups in the in-memory index with
// n synthetic travel documents loaded, and its memory per document.
func runBenchLookup(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("bench lookup")
	n := fs.Int("n", 10_000_000, "travel documents to load")
	lookups := fs.Int("lookups", 4_000_000, "lookups to time (half present, half absent)")
	workers := fs.Int("workers", runtime.NumCPU(), "concurrent lookers")
	pg := fs.String("postgres", "", "also measure the same lookup as an indexed PostgreSQL query on this server (a throwaway schema)")
	pgWorkers := fs.Int("postgres-workers", 16, "concurrent connections for the PostgreSQL baseline")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(out, "identifier lookup benchmark: %d travel documents, %d lookups, %d workers, %d CPUs\n", *n, *lookups, *workers, runtime.NumCPU())
	r := bench.Lookup(*n, *lookups, *workers)
	fmt.Fprintf(out, "loaded in %s\n", r.Build.Round(1e7))
	fmt.Fprintf(out, "lookups: %.0f/s (goal: 1,000,000/s), %.0f%% found\n", r.LookupsPerSec, 100*r.HitShare)
	fmt.Fprintf(out, "memory: %.1f bytes a document in the index tables, %.1f bytes a document of heap growth (goal: ≤ 40)\n", r.TablePerDoc, r.HeapPerDoc)
	fmt.Fprintf(out, "projection to 128 million documents: %.1f GB of index\n", r.HeapPerDoc*128e6/1e9)
	if *pg == "" {
		return nil
	}
	fmt.Fprintf(out, "\nbaseline: the same lookup as an indexed PostgreSQL query (%d connections)\n", *pgWorkers)
	b, err := bench.PostgresLookup(ctx, *pg, *n, min(*lookups, 400_000), *pgWorkers)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "loaded and indexed in %s\n", b.Load.Round(1e7))
	fmt.Fprintf(out, "lookups: %.0f/s; B-tree index %.1f bytes a document (table not counted)\n", b.LookupsPerSec, b.BytesPerDoc)
	fmt.Fprintf(out, "in-memory index / PostgreSQL: %.0f× the lookups\n", r.LookupsPerSec/b.LookupsPerSec)
	return nil
}
