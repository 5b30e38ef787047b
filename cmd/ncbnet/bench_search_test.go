package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"testing"
)

// The search benchmarks run end to end at a small size, and what they
// print holds together: every search is answered, words taken from the
// records find records, and every result shown to USA's officer is a hit
// its owner (DEU, ITA, FRA) is told of, no more and no fewer.
func TestBenchSearchSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("runs whole nodes")
	}
	round := `(\d+) searches/s, p50 [\d.]+ ms, p95 ([\d.]+) ms, p99 [\d.]+ ms, max [\d.]+ ms; (\d+) results, [\d.]+ a search, (\d+) searches with none`
	withHits := round + `, (\d+) hits, \d+ hits/s`
	for _, tc := range []struct {
		name     string
		args     []string
		searches int
		// rounds must each answer every search with hits equal to results;
		// lines must only be there.
		rounds, lines []string
	}{
		{"search", []string{"bench", "search", "--persons", "2000", "--queries", "120", "--rounds", "2", "--clients", "4,2", "--inprocess", "60", "--quiet"}, 120,
			[]string{`round 1, 4 clients: ` + withHits, `round 2, 4 clients: ` + withHits, `round 3, 2 clients: ` + withHits,
				`person searches over HTTP, 4 clients \(median of 2 rounds\): ` + withHits,
				`in process through the search service \(audit entry, hits disclosed\), \d+ goroutines: ` + withHits},
			[]string{`in process through the engine, \d+ goroutines: ` + round + "\n", `peak RSS of the process \(VmHWM\): \d+ MB`}},
		{"text", []string{"bench", "text", "--artworks", "2500", "--incidents", "1500", "--queries", "100", "--rounds", "2", "--clients", "4,2", "--quiet"}, 100,
			[]string{`round 1, 4 clients: ` + withHits, `round 4, 2 clients: ` + withHits,
				`free-text searches over HTTP, 2 clients \(median of 2 rounds\): ` + withHits,
				`in process through the search service \(audit entry, hits disclosed\), \d+ goroutines: ` + withHits},
			[]string{`in process through the engine, \d+ goroutines: ` + round + ` \(goal: p95 ≤ 20 ms\)`,
				`Artwork title: 20 searches, .*, 0 searches with none`, `Artwork creator: 20 searches, .*, 0 searches with none`,
				`Artwork description: 20 searches, .*, 0 searches with none`, `Incident name: 20 searches, .*, 0 searches with none`,
				`Incident modusOperandi: 20 searches, .*, 0 searches with none`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run(context.Background(), tc.args, &out, &errOut); code != 0 {
				t.Fatalf("exit %d: %s%s", code, out.String(), errOut.String())
			}
			for _, w := range tc.lines {
				if !regexp.MustCompile(w).MatchString(out.String()) {
					t.Fatalf("no %q in:\n%s", w, out.String())
				}
			}
			for _, w := range tc.rounds {
				m := regexp.MustCompile(w).FindStringSubmatch(out.String())
				if m == nil {
					t.Fatalf("no %q in:\n%s", w, out.String())
				}
				rate, _ := strconv.ParseFloat(m[1], 64)
				p95, _ := strconv.ParseFloat(m[2], 64)
				results, _ := strconv.Atoi(m[3])
				empty, _ := strconv.Atoi(m[4])
				hits, _ := strconv.Atoi(m[5])
				// Searches for names and words of loaded records find them:
				// a search with nothing to show would be a bug at this size.
				if rate <= 0 || p95 <= 0 || empty != 0 || results < tc.searches || hits != results {
					t.Fatalf("%q: %s searches/s, p95 %s ms, %d results, %d searches with none, %d hits (want every result a hit):\n%s",
						w, m[1], m[2], results, empty, hits, out.String())
				}
			}
		})
	}
}
