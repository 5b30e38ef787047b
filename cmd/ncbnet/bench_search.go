package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/ncbnet/ncbnet/internal/bench"
)

// runBenchSearch measures person searches over HTTP through a whole node.
func runBenchSearch(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("bench search")
	var cfg bench.SearchConfig
	fs.IntVar(&cfg.Persons, "persons", 1_000_000, "persons loaded into the nominal database first (owned by DEU)")
	fs.IntVar(&cfg.Queries, "queries", 2000, "person searches a round, each a planted variant of a loaded person's name, every other one with the birth date")
	fs.IntVar(&cfg.Rounds, "rounds", 3, "rounds for each number of clients; the median is reported")
	clients := fs.String("clients", "16", "concurrent keep-alive clients: a number, or several separated by commas, measured in turn")
	fs.IntVar(&cfg.InProcess, "inprocess", 1000, "searches through the search service in process first, without HTTP (0: none)")
	fs.IntVar(&cfg.Workers, "workers", runtime.NumCPU(), "goroutines of the searches in process")
	fs.StringVar(&cfg.DB, "db", "", "store (default: a fresh SQLite file in a temporary folder)")
	quiet := fs.Bool("quiet", false, "say nothing while loading")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the first round over HTTP to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var err error
	if cfg.Clients, err = clientCounts(*clients); err != nil {
		return err
	}
	if cfg.Persons < 1 || cfg.Queries < 1 || cfg.Rounds < 1 || cfg.InProcess < 0 || cfg.Workers < 1 {
		return usageError{"--persons, --queries, --rounds and --workers must be positive, --inprocess not negative"}
	}
	closeCPUProfile, err := profileTo(*profile, func(w io.Writer) { cfg.CPUProfile = w })
	if err != nil {
		return err
	}
	defer closeCPUProfile()
	if !*quiet {
		cfg.Progress = os.Stderr
	}
	fmt.Fprintf(out, "person search benchmark: %d persons (DEU), searched by USA's NCB (criminal-investigation, limit 10), %d CPUs\n", cfg.Persons, runtime.NumCPU())
	res, err := bench.Search(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "loaded in %s\n", res.Load.Round(time.Second))
	if cfg.InProcess > 0 {
		printSearches(out, fmt.Sprintf("in process through the engine, %d goroutines", cfg.Workers), res.Engine, false, "")
		printSearches(out, fmt.Sprintf("in process through the search service (audit entry, hits disclosed), %d goroutines", cfg.Workers), res.Service, true, "")
	}
	for i, r := range res.Rounds {
		printSearches(out, fmt.Sprintf("round %d, %d clients", i+1, r.Clients), r, true, "")
	}
	for _, c := range cfg.Clients {
		printSearches(out, fmt.Sprintf("person searches over HTTP, %d clients (median of %d rounds)", c, cfg.Rounds), res.Median(c), true, " (goal: p95 ≤ 50 ms at 16 clients)")
	}
	printPeakRSS(out, res.PeakRSS)
	return nil
}

// clientCounts reads --clients: a number, or several separated by commas.
func clientCounts(s string) ([]int, error) {
	var out []int
	for _, c := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			return nil, usageError{fmt.Sprintf("--clients: %q is not a positive number", c)}
		}
		out = append(out, n)
	}
	return out, nil
}

// printSearches prints what a round of searches measured (with the hits
// the owners were told of, where the searches disclose), then the
// searches that found nothing, if any.
func printSearches(out io.Writer, label string, r bench.SearchRound, hits bool, goal string) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }
	l := r.Searches.Latency
	fmt.Fprintf(out, "%s: %.0f searches/s, p50 %s, p95 %s, p99 %s, max %s; %d results, %.1f a search, %d searches with none",
		label, r.Searches.PerSecond, ms(l.P50), ms(l.P95), ms(l.P99), ms(l.Max), r.Results, r.ResultsEach(), r.Empty)
	if hits {
		fmt.Fprintf(out, ", %d hits, %.0f hits/s", r.Hits, float64(r.Hits)/r.Searches.Elapsed.Seconds())
	}
	fmt.Fprintf(out, "%s\n", goal)
	for _, q := range r.Unanswered {
		fmt.Fprintf(out, "  found nothing: %s\n", q)
	}
}

func printPeakRSS(out io.Writer, bytes int64) {
	if bytes > 0 {
		fmt.Fprintf(out, "peak RSS of the process (VmHWM): %.0f MB\n", float64(bytes)/1e6)
	}
}
