package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/ncbnet/ncbnet/internal/bench"
)

// runBenchText measures free-text searches over works of art and incidents,
// in process and over HTTP through a whole node.
func runBenchText(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("bench text")
	var cfg bench.TextConfig
	fs.IntVar(&cfg.Artworks, "artworks", 700_000, "works of art loaded first (owned by ITA)")
	fs.IntVar(&cfg.Incidents, "incidents", 300_000, "incidents loaded into the terrorism database first (owned by FRA)")
	fs.IntVar(&cfg.Queries, "queries", 2000, "searches in process, and a round over HTTP: 1 to 3 words of a loaded record's title, creator, description, name or modus operandi, by turns")
	fs.IntVar(&cfg.Rounds, "rounds", 3, "rounds over HTTP for each number of clients; the median is reported")
	clients := fs.String("clients", "16", "concurrent keep-alive clients: a number, or several separated by commas, measured in turn")
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
	if cfg.Artworks < 0 || cfg.Incidents < 0 || cfg.Artworks+cfg.Incidents < 1 || cfg.Queries < 1 || cfg.Rounds < 1 || cfg.Workers < 1 {
		return usageError{"--artworks and --incidents are not negative and not both 0; --queries, --rounds and --workers are positive"}
	}
	closeCPUProfile, err := profileTo(*profile, func(w io.Writer) { cfg.CPUProfile = w })
	if err != nil {
		return err
	}
	defer closeCPUProfile()
	if !*quiet {
		cfg.Progress = os.Stderr
	}
	fmt.Fprintf(out, "free-text search benchmark: %d works of art (ITA), %d incidents (FRA), searched by USA's NCB (criminal-investigation, limit 10), %d CPUs\n",
		cfg.Artworks, cfg.Incidents, runtime.NumCPU())
	res, err := bench.Text(ctx, cfg)
	if err != nil {
		return err
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }
	fmt.Fprintf(out, "loaded in %s\n", res.Load.Round(time.Second))
	printSearches(out, fmt.Sprintf("in process through the engine, %d goroutines", cfg.Workers), res.Engine, false, " (goal: p95 ≤ 20 ms)")
	for _, c := range res.Classes {
		l := c.Latency
		fmt.Fprintf(out, "  %s %s: %d searches, p50 %s, p95 %s, p99 %s, max %s; %.1f results a search, %d searches with none\n",
			c.Schema, c.Property, l.N, ms(l.P50), ms(l.P95), ms(l.P99), ms(l.Max), float64(c.Results)/float64(max(l.N, 1)), c.Empty)
	}
	printSearches(out, fmt.Sprintf("in process through the search service (audit entry, hits disclosed), %d goroutines", cfg.Workers), res.Service, true, "")
	for i, r := range res.Rounds {
		printSearches(out, fmt.Sprintf("round %d, %d clients", i+1, r.Clients), r, true, "")
	}
	for _, c := range cfg.Clients {
		printSearches(out, fmt.Sprintf("free-text searches over HTTP, %d clients (median of %d rounds)", c, cfg.Rounds), res.Median(c), true, " (goal: p95 ≤ 20 ms)")
	}
	printPeakRSS(out, res.PeakRSS)
	return nil
}
