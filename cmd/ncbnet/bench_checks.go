package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/ncbnet/ncbnet/internal/app"
)

// runBenchChecks measures checks through a whole node over HTTP.
func runBenchChecks(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("bench checks")
	var cfg app.BenchChecksConfig
	fs.IntVar(&cfg.Docs, "docs", 10_000_000, "travel documents loaded into SLTD first")
	fs.IntVar(&cfg.Persons, "persons", 1_000_000, "persons loaded into the nominal database first")
	fs.IntVar(&cfg.Checks, "checks", 200_000, "single-document checks to send")
	fs.IntVar(&cfg.Clients, "clients", 32, "concurrent keep-alive clients")
	fs.IntVar(&cfg.Manifests, "manifests", 50, "manifests to screen, one after another")
	fs.IntVar(&cfg.ManifestRows, "rows", 300, "travellers a manifest")
	fs.IntVar(&cfg.Notifications, "notifications", 50, "hits timed to the owner's stream")
	fs.BoolVar(&cfg.Edge, "edge", true, "time the export of a border point's offline copy (snapshot, then delta)")
	fs.StringVar(&cfg.DB, "db", "", "store (default: a fresh SQLite file in a temporary folder)")
	quiet := fs.Bool("quiet", false, "say nothing while loading")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the measured part to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer f.Close()
		cfg.CPUProfile = f
	}
	if cfg.Checks < 1 || cfg.Clients < 1 {
		return usageError{"--checks and --clients must be positive"}
	}
	if !*quiet {
		cfg.Progress = os.Stderr
	}
	fmt.Fprintf(out, "checks benchmark: %d documents, %d persons, %d CPUs\n", cfg.Docs, cfg.Persons, runtime.NumCPU())
	res, err := app.BenchChecks(ctx, cfg)
	if err != nil {
		return err
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }
	fmt.Fprintf(out, "loaded in %s\n", res.Load.Round(time.Second))
	fmt.Fprintf(out, "single document checks over HTTP, %d clients: %.0f checks/s, p50 %s, p99 %s (goal: ≥ 20000/s, p99 ≤ 5 ms); %d hits\n",
		cfg.Clients, res.Checks.PerSecond, ms(res.Checks.Latency.P50), ms(res.Checks.Latency.P99), res.Hits)
	fmt.Fprintf(out, "bare net/http handler, same load: %.0f requests/s, p50 %s, p99 %s; checks reach %.0f%% of it\n",
		res.Bare.PerSecond, ms(res.Bare.Latency.P50), ms(res.Bare.Latency.P99), 100*res.Checks.PerSecond/res.Bare.PerSecond)
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
	return nil
}
