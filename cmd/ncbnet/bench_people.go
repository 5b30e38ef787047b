package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/ncbnet/ncbnet/internal/bench"
)

// runBenchPeople measures person search over n synthetic persons: the
// latency of each search and the recall of planted name variants.
func runBenchPeople(_ context.Context, args []string, out io.Writer) error {
	fs := newFlags("bench people")
	n := fs.Int("n", 1_000_000, "persons to load")
	queries := fs.Int("queries", 2000, "searches to time, each a planted variant of a loaded person")
	workers := fs.Int("workers", runtime.NumCPU(), "concurrent searchers")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *n < 1 || *queries < 1 || *workers < 1 {
		return usageError{"--n, --queries and --workers are at least 1"}
	}
	fmt.Fprintf(out, "person search benchmark: %d persons, %d searches (limit 10), %d workers, %d CPUs\n", *n, *queries, *workers, runtime.NumCPU())
	r := bench.People(*n, *queries, *workers)
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }
	fmt.Fprintf(out, "loaded in %s: %.0f bytes of heap a person, %d name keys\n", r.Load.Round(1e7), r.HeapPerPerson, r.NameKeys)
	fmt.Fprintf(out, "latency: p50 %s, p95 %s (goal: ≤ 50 ms), p99 %s, max %s; %.0f searches/s\n\n", ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max), r.PerSecond)
	pct := func(part, whole int) string { return fmt.Sprintf("%.1f %%", 100*bench.Share(part, whole)) }
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "variant\tsearches\tin top 10\tfirst & match\twith birth date: top 10\tfirst & match\tname only: top 10\tfirst & match\tmissed: not retrieved\toutranked\t")
	for _, v := range append(r.Recall, r.Total) {
		kind := string(v.Kind)
		if kind == "" {
			kind = "all"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t\n", kind, v.Queries,
			pct(v.InTop10, v.Queries), pct(v.FirstMatch, v.Queries),
			pct(v.DatedTop10, v.Dated), pct(v.DatedFirst, v.Dated),
			pct(v.NameTop10, v.NameOnly), pct(v.NameFirst, v.NameOnly),
			v.NotRetrieved, v.Outranked)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	c := r.Checks
	us := func(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d)/1e3) }
	fmt.Fprintf(out, "\nas checks run them (match only, with birth date, %d queries): matched %s (searches: %s); p50 %s, p95 %s, p99 %s, one at a time\n",
		c.Queries, pct(c.MatchMatched, c.Queries), pct(c.SearchMatched, c.Queries), us(c.P50), us(c.P95), us(c.P99))
	return nil
}
