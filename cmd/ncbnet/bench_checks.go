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

// runBenchChecks measures checks through a whole node over HTTP.
func runBenchChecks(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("bench checks")
	var cfg bench.ChecksConfig
	fs.IntVar(&cfg.Docs, "docs", 10_000_000, "travel documents loaded into SLTD first")
	fs.IntVar(&cfg.Persons, "persons", 1_000_000, "persons loaded into the nominal database first")
	fs.IntVar(&cfg.Checks, "checks", 200_000, "single-document checks to send")
	clients := fs.String("clients", "16,32", "concurrent keep-alive clients: a number, or several separated by commas, measured in turn")
	rates := fs.String("hit-rates", "0.001", "shares of the checks that hit a stolen document: one, or several separated by commas (e.g. 0.001,0.01,0.5), measured in turn")
	fs.IntVar(&cfg.Rounds, "rounds", 3, "rounds of single checks for each number of clients (each beside the bare handler); the median is reported")
	fs.IntVar(&cfg.Manifests, "manifests", 50, "manifests to screen, one after another")
	fs.IntVar(&cfg.ManifestRows, "rows", 300, "travellers a manifest")
	fs.IntVar(&cfg.Notifications, "notifications", 50, "hits timed to the owner's stream")
	fs.BoolVar(&cfg.Edge, "edge", true, "time the export of a border point's offline copy (snapshot, then delta)")
	fs.IntVar(&cfg.Due, "due", 0, "hits of checks falling due at once, escalated while the first number of clients checks (0: not measured)")
	disclose := fs.String("disclose", "", "measure the disclosure path alone, in process, this many hits at a time: one number, or several separated by commas (e.g. 1,10); empty: not measured")
	fs.IntVar(&cfg.DiscloseHits, "disclose-hits", 100_000, "hits disclosed for each --disclose size")
	fs.IntVar(&cfg.DiscloseWorkers, "disclose-workers", 16, "goroutines disclosing at once")
	fs.StringVar(&cfg.DB, "db", "", "store (default: a fresh SQLite file in a temporary folder)")
	quiet := fs.Bool("quiet", false, "say nothing while loading")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the single checks to this file")
	heap := fs.String("memprofile", "", "write a profile of the heap, once loaded, to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	closeCPUProfile, err := profileTo(*profile, func(w io.Writer) { cfg.CPUProfile = w })
	if err != nil {
		return err
	}
	defer closeCPUProfile()
	closeHeapProfile, err := profileTo(*heap, func(w io.Writer) { cfg.HeapProfile = w })
	if err != nil {
		return err
	}
	defer closeHeapProfile()
	if cfg.Clients, err = clientCounts(*clients); err != nil {
		return err
	}
	for _, r := range strings.Split(*rates, ",") {
		f, err := strconv.ParseFloat(strings.TrimSpace(r), 64)
		if err != nil || f <= 0 || f > 1 {
			return usageError{fmt.Sprintf("--hit-rates: %q is not a share between 0 and 1 (0.01 is one check in a hundred)", r)}
		}
		cfg.HitRates = append(cfg.HitRates, f)
	}
	if *disclose != "" {
		for _, v := range strings.Split(*disclose, ",") {
			k, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || k < 1 || k > 1000 {
				return usageError{fmt.Sprintf("--disclose: %q is not a number of hits from 1 to 1000", v)}
			}
			cfg.Disclose = append(cfg.Disclose, k)
		}
	}
	if cfg.Due < 0 || cfg.DiscloseHits < 1 || cfg.DiscloseWorkers < 1 {
		return usageError{"--due must not be negative, --disclose-hits and --disclose-workers must be positive"}
	}
	if cfg.Checks < 1 || cfg.Rounds < 1 {
		return usageError{"--checks and --rounds must be positive"}
	}
	if !*quiet {
		cfg.Progress = os.Stderr
	}
	fmt.Fprintf(out, "checks benchmark: %d documents, %d persons, %d CPUs\n", cfg.Docs, cfg.Persons, runtime.NumCPU())
	res, err := bench.Checks(ctx, cfg)
	if err != nil {
		return err
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }
	fmt.Fprintf(out, "loaded in %s\n", res.Load.Round(time.Second))
	for i, r := range res.Rounds {
		fmt.Fprintf(out, "round %d, %d clients, %.1f%% hits: checks %.0f/s (p50 %s, p99 %s, %d hits); bare handler %.0f/s (p50 %s, p99 %s); %.0f%%\n", i+1, r.Clients, 100*r.HitRate,
			r.Checks.PerSecond, ms(r.Checks.Latency.P50), ms(r.Checks.Latency.P99), r.Hits,
			r.Bare.PerSecond, ms(r.Bare.Latency.P50), ms(r.Bare.Latency.P99), 100*r.Checks.PerSecond/r.Bare.PerSecond)
	}
	for _, rate := range cfg.HitRates {
		for _, c := range cfg.Clients {
			m := res.Median(c, rate)
			fmt.Fprintf(out, "single document checks over HTTP, %.1f%% hits, %d clients (median of %d rounds): %.0f checks/s, p50 %s, p99 %s (goal at 0.1%%: ≥ 20000/s, p99 ≤ 5 ms); %d hits, %.0f hits/s; bare net/http handler in the same round: %.0f requests/s, p50 %s, p99 %s; checks reach %.0f%% of it\n",
				100*rate, c, cfg.Rounds, m.Checks.PerSecond, ms(m.Checks.Latency.P50), ms(m.Checks.Latency.P99), m.Hits, float64(m.Hits)/m.Checks.Elapsed.Seconds(),
				m.Bare.PerSecond, ms(m.Bare.Latency.P50), ms(m.Bare.Latency.P99), 100*m.Checks.PerSecond/m.Bare.PerSecond)
		}
	}
	if len(cfg.HitRates) > 1 {
		lo, hi := cfg.HitRates[0], cfg.HitRates[len(cfg.HitRates)-1]
		for _, c := range cfg.Clients {
			a, b := res.Median(c, lo), res.Median(c, hi)
			fmt.Fprintf(out, "%d clients: checks at %.1f%% hits run at %.2f× the rate at %.1f%% (goal at 50%% against 1%%: ≥ 0.5×)\n", c, 100*hi, b.Checks.PerSecond/a.Checks.PerSecond, 100*lo)
		}
	}
	if res.Manifest.N > 0 {
		fmt.Fprintf(out, "%d-traveller manifests (%d): p50 %s, p95 %s, max %s (goal: p95 ≤ 50 ms)\n",
			cfg.ManifestRows, res.Manifest.N, ms(res.Manifest.P50), ms(res.Manifest.P95), ms(res.Manifest.Max))
	}
	if res.Notification.N > 0 {
		fmt.Fprintf(out, "check to hit on the owner's stream (%d): p50 %s, p99 %s, max %s (goal: ≤ 1 s)\n",
			res.Notification.N, ms(res.Notification.P50), ms(res.Notification.P99), ms(res.Notification.Max))
	}
	if cfg.Edge {
		fmt.Fprintf(out, "edge copy of a border point: snapshot %s (%.1f MB), delta with nothing changed %s (%d bytes)\n",
			res.Edge.Snapshot.Round(time.Millisecond), float64(res.Edge.SnapshotBytes)/1e6, res.Edge.Delta.Round(time.Millisecond), res.Edge.DeltaBytes)
	}
	if d := res.Due; d.Hits > 0 {
		fmt.Fprintf(out, "%d hits falling due at once: %d escalated in %s (%.0f/s); checks meanwhile %.0f/s against %.0f/s just before: %.2f× (goal: ≥ 0.9×, no more than 10%% slower)\n",
			d.Hits, d.Escalated, d.Took.Round(time.Millisecond), float64(d.Escalated)/d.Took.Seconds(), d.During.PerSecond, d.Before.PerSecond, d.During.PerSecond/d.Before.PerSecond)
	}
	for _, r := range res.Disclosures {
		fmt.Fprintf(out, "disclosure alone, %d at a time from %d goroutines: %d hits in %s, %.0f hits/s, each durable and audited in the journal and stored in the hits table (goal: ≥ 10000/s)\n",
			r.Per, r.Workers, r.Rate.Requests, r.Rate.Elapsed.Round(time.Millisecond), r.Rate.PerSecond)
	}
	fmt.Fprintf(out, "peak RSS of the process (VmHWM): %d MB\n", bench.PeakRSS()>>20)
	return nil
}

// profileTo creates the file a profile flag names and hands it to set; the
// returned function closes it. An empty path creates nothing.
func profileTo(path string, set func(io.Writer)) (closeFile func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	set(f)
	return func() { f.Close() }, nil
}
