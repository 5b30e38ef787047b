package bench

import (
	"context"
	"testing"

	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/synth"
)

func TestBenchPeopleSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 20,000 persons")
	}
	r := People(20000, 600, 2)
	if r.Queries != 600 || r.Total.Queries != 600 || r.Total.Dated != 300 {
		t.Fatalf("%d queries, %+v", r.Queries, r.Total)
	}
	if r.HeapPerPerson <= 0 || r.HeapPerPerson > 4000 || r.NameKeys < 1000 {
		t.Fatalf("%.0f bytes a person, %d name keys", r.HeapPerPerson, r.NameKeys)
	}
	if r.P50 <= 0 || r.P50 > r.P95 || r.P95 > r.P99 || r.P99 > r.Max {
		t.Fatalf("latency p50 %v p95 %v p99 %v max %v", r.P50, r.P95, r.P99, r.Max)
	}
	for _, v := range r.Recall {
		if v.Queries != 100 || v.InTop10+v.NotRetrieved+v.Outranked != v.Queries {
			t.Fatalf("%s: %+v", v.Kind, v)
		}
		// Among 20,000 persons namesakes are few: every kind of variant is
		// found, and with the birth date nearly always first.
		if top := Share(v.InTop10, v.Queries); top < 0.9 {
			t.Errorf("%s: %.2f in the top 10", v.Kind, top)
		}
		if first := Share(v.DatedFirst, v.Dated); first < 0.85 {
			t.Errorf("%s: %.2f first and a match with the birth date", v.Kind, first)
		}
	}
	exact := r.Recall[0]
	if exact.Kind != synth.VariantExact || Share(exact.InTop10, exact.Queries) < 0.98 || Share(exact.DatedFirst, exact.Dated) < 0.98 {
		t.Errorf("exact names: %+v", exact)
	}
}

// What a check finds against what a search finds, over synthetic persons
// and planted variants with their birth dates: every source the search
// returns as a match, the check returns as a match too.
func TestMatchPeopleFindsWhatSearchMatches(t *testing.T) {
	const n = 20000
	gen := synth.Persons{}
	qs := peopleQueries(gen, n, 400, synth.VariantKinds())
	wanted := sourcesOf(qs)
	x := index.New(0)
	loadPeople(x, gen, n, wanted)
	var dated, both int
	for _, q := range qs {
		if !q.dated {
			continue
		}
		dated++
		s, err := x.SearchPeople(context.Background(), peopleSearcher, q.person, []string{"nominal"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		m, err := x.MatchPeople(context.Background(), peopleSearcher, q.person, []string{"nominal"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		switch inS, inM := matched(s, wanted[q.source]), matched(m, wanted[q.source]); {
		case inS && inM:
			both++
		case inS:
			t.Errorf("%v: the search matches the source, the check does not", q.person)
		}
	}
	if dated < 150 || both < dated*9/10 {
		t.Fatalf("%d dated queries, %d matched by both: the comparison says little", dated, both)
	}
}

// BenchmarkSearchPeople is one person search among 200,000 synthetic
// persons, with a planted variant of one of them (ncbnet bench people
// measures the same at 1 million).
func BenchmarkSearchPeople(b *testing.B) {
	const n = 200000
	x := index.New(0)
	gen := synth.Persons{}
	loadPeople(x, gen, n, nil)
	qs := peopleQueries(gen, n, 600, synth.VariantKinds())
	dbs := []string{"nominal"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		x.SearchPeople(context.Background(), peopleSearcher, qs[i%len(qs)].person, dbs, 10)
	}
}
