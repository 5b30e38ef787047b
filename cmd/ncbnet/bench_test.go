package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
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
			"--hit-rates", "0.001,0.5", "--manifests", "2", "--rows", "20", "--notifications", "2", "--edge=false", "--quiet",
			"--due", "1500", "--disclose", "1,10", "--disclose-hits", "600", "--disclose-workers", "4"},
			[]string{`round 1, 4 clients, 0.1% hits: checks \d+/s \(p50 [\d.]+ ms, p99 [\d.]+ ms, (\d+) hits\)`, `round 2, 4 clients, 0.1% hits: `, `round 3, 2 clients, 0.1% hits: `,
				`round 5, 4 clients, 50.0% hits: checks \d+/s \(p50 [\d.]+ ms, p99 [\d.]+ ms, (\d+) hits\)`,
				`0.1% hits, 4 clients \(median of 2 rounds\): \d+ checks/s`, `0.1% hits, 2 clients \(median of 2 rounds\): \d+ checks/s.*checks reach \d+% of it`,
				`50.0% hits, 4 clients \(median of 2 rounds\): \d+ checks/s.*; (\d+) hits, \d+ hits/s`,
				`4 clients: checks at 50.0% hits run at [\d.]+× the rate at 0.1%`,
				`20-traveller manifests \(2\)`, `owner's stream \(2\)`,
				`1500 hits falling due at once: 1500 escalated in [\d.]+m?s \(\d+/s\); checks meanwhile \d+/s against \d+/s just before`,
				`disclosure alone, 1 at a time from 4 goroutines: 600 hits in `, `disclosure alone, 10 at a time from 4 goroutines: 600 hits in `,
				`peak RSS of the process \(VmHWM\): \d+ MB`}},
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
				// Each round's first check is a stolen document: it hits; at
				// 50 % hits, half of them do.
				if len(m) > 1 {
					if n, _ := strconv.Atoi(m[1]); n < 1 || (strings.Contains(w, "50.0%") && n < 150) {
						t.Fatalf("%s hits counted in %q:\n%s", m[1], w, out.String())
					}
				}
			}
		})
	}
}
