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

// runBenchMessages measures messaging through a whole node over HTTP.
func runBenchMessages(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("bench messages")
	var cfg bench.MessagesConfig
	fs.IntVar(&cfg.Messages, "messages", 50_000, "bilateral messages to send")
	fs.IntVar(&cfg.Senders, "senders", 64, "concurrent sending clients")
	fs.IntVar(&cfg.Diffusions, "diffusions", 100, "diffusions to all members, timed to every bureau's stream")
	fs.StringVar(&cfg.DB, "db", "", "store (default: a fresh SQLite file in a temporary folder)")
	quiet := fs.Bool("quiet", false, "say nothing while setting up")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if cfg.Messages < 0 || cfg.Diffusions < 0 || cfg.Senders < 1 {
		return usageError{"--messages and --diffusions must not be negative, --senders must be positive"}
	}
	if !*quiet {
		cfg.Progress = os.Stderr
	}
	fmt.Fprintf(out, "messages benchmark: %d CPUs\n", runtime.NumCPU())
	res, err := bench.Messages(ctx, cfg)
	if err != nil {
		return err
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }
	if res.Send.Requests > 0 {
		fmt.Fprintf(out, "messages accepted durably over HTTP, %d senders: %.0f/s, p50 %s, p99 %s (goal: ≥ 2000/s)\n",
			cfg.Senders, res.Send.PerSecond, ms(res.Send.Latency.P50), ms(res.Send.Latency.P99))
		fmt.Fprintf(out, "raw durable inserts of the same rows, one writer, 256 a transaction: %.0f/s; the node reaches %.0f%% of it\n",
			res.Raw.PerSecond, 100*res.Send.PerSecond/res.Raw.PerSecond)
	}
	if res.Diffusion.N > 0 {
		fmt.Fprintf(out, "diffusions to all (%d), sent until on all %d open streams: p50 %s, p99 %s, max %s (goal: p99 ≤ 1 s)\n",
			res.Diffusion.N, res.Streams, ms(res.Diffusion.P50), ms(res.Diffusion.P99), ms(res.Diffusion.Max))
	}
	return nil
}
