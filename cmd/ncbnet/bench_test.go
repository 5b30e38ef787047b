package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"testing"
)

// The benchmarks behind docs/PERFORMANCE.md run end to end at a small
// size: what they print is what they measured, hits and deliveries
// included, so a change that breaks them shows here rather than on the
// day the figures are taken again.
func TestBenchSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("runs whole nodes")
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"checks", []string{"bench", "checks", "--docs", "3000", "--persons", "500", "--checks", "400", "--clients", "4,2", "--rounds", "2",
			"--manifests", "2", "--rows", "20", "--notifications", "2", "--edge=false", "--quiet"},
			[]string{`round 1, 4 clients: checks \d+/s \(p50 [\d.]+ ms, p99 [\d.]+ ms, (\d+) hits\)`, `round 2, 4 clients: `, `round 3, 2 clients: `,
				`4 clients \(median of 2 rounds\): \d+ checks/s`, `2 clients \(median of 2 rounds\): \d+ checks/s.*checks reach \d+% of it`,
				`20-traveller manifests \(2\)`, `owner's stream \(2\)`}},
		{"messages", []string{"bench", "messages", "--messages", "300", "--senders", "8", "--diffusions", "2", "--quiet"},
			[]string{`messages accepted durably over HTTP, 8 senders: \d+/s`, `raw durable inserts .*: \d+/s`,
				`diffusions to all \(2\), sent until on all 195 open streams`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run(context.Background(), tc.args, &out, &errOut); code != 0 {
				t.Fatalf("exit %d: %s%s", code, out.String(), errOut.String())
			}
			for _, w := range tc.want {
				m := regexp.MustCompile(w).FindStringSubmatch(out.String())
				if m == nil {
					t.Fatalf("no %q in:\n%s", w, out.String())
				}
				// The first round checks document 0, a stolen one: it hits.
				if len(m) > 1 {
					if n, _ := strconv.Atoi(m[1]); n < 1 {
						t.Fatalf("round 1 counted %s hits, want at least 1:\n%s", m[1], out.String())
					}
				}
			}
		})
	}
}
