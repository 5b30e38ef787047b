package bench

import (
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/names"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// PeopleResult is the outcome of People.
type PeopleResult struct {
	Persons int
	Load    time.Duration
	// HeapPerPerson is the heap the index grew by, per person, after a
	// garbage collection.
	HeapPerPerson float64
	NameKeys      int
	Queries       int
	Workers       int
	// Latency of one SearchPeople call, over all queries.
	P50, P95, P99, Max time.Duration
	PerSecond          float64
	// Recall per kind of variant, in synth.VariantKinds order, and over all.
	Recall []VariantRecall
	Total  VariantRecall
	// Checks compares, over the queries with a birth date, what a check
	// at a border runs (MatchPeople) with SearchPeople: how often each
	// returns the source as a match (score ≥ names.MatchThreshold), and
	// MatchPeople's latency, one query at a time.
	Checks MatchResult
}

// MatchResult is the match-only part of a people benchmark.
type MatchResult struct {
	Queries, SearchMatched, MatchMatched int
	P50, P95, P99, Max                   time.Duration
}

// VariantRecall counts the queries of one kind of variant and how they
// fared: the source person among the 10 results, or first and a match
// (score ≥ names.MatchThreshold). Half the queries carry the source's
// birth date as evidence, half only the name.
type VariantRecall struct {
	Kind                           synth.VariantKind
	Queries, InTop10, FirstMatch   int
	Dated, DatedTop10, DatedFirst  int // the queries with a birth date
	NameOnly, NameTop10, NameFirst int // the queries with the name alone
	// Each query that missed the top 10 missed it one of two ways: the
	// source would have scored into the top 10 but was not among the
	// candidates scored (NotRetrieved), or others scored as high or
	// higher (Outranked: namesakes, or a variant the scoring rates low).
	NotRetrieved, Outranked int
}

// Share returns part/whole, 0 for no whole.
func Share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

func (v *VariantRecall) add(o VariantRecall) {
	v.Queries += o.Queries
	v.InTop10 += o.InTop10
	v.FirstMatch += o.FirstMatch
	v.Dated += o.Dated
	v.DatedTop10 += o.DatedTop10
	v.DatedFirst += o.DatedFirst
	v.NameOnly += o.NameOnly
	v.NameTop10 += o.NameTop10
	v.NameFirst += o.NameFirst
	v.NotRetrieved += o.NotRetrieved
	v.Outranked += o.Outranked
}

// peopleSearcher is who the people benchmark searches the index as: an
// officer of a bureau (the synthetic records have no restrictions).
var peopleSearcher = access.Principal{ID: "bench", Country: "FRA", UnitID: "bench-ncb", UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}}

// peopleSeed is the seed of the benchmark's persons.
const peopleSeed = 1

// peopleQuery is one query of the benchmark: a planted variant of person
// source.
type peopleQuery struct {
	kind   int // index in synth.VariantKinds
	source int
	dated  bool
	person names.Person
}

// People loads n synthetic persons (internal/synth: names of many
// cultures and scripts, realistic frequencies) into a fresh index as
// records of the nominal database, then runs queries person searches from
// workers goroutines, each a planted variant of a random loaded person —
// the kinds of variant in turn, with the person's birth date for half of
// each kind — and measures the latency of each SearchPeople(limit 10) and
// whether the person was found.
func People(n, queries, workers int) PeopleResult {
	gen := synth.Persons{}
	kinds := synth.VariantKinds()
	qs := peopleQueries(gen, n, queries, kinds)
	wanted := sourcesOf(qs)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	x := index.New(0)
	loadPeople(x, gen, n, wanted)
	load := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	st := x.Stats()

	lat := make([]time.Duration, len(qs))
	results := make([][]index.Scored, len(qs))
	var next atomic.Int64
	var wg sync.WaitGroup
	dbs := []string{"nominal"}
	t0 := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(qs) {
					return
				}
				t := time.Now()
				results[k], _ = x.SearchPeople(context.Background(), peopleSearcher, qs[k].person, dbs, 10)
				lat[k] = time.Since(t)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(t0)

	b := PeopleResult{
		Persons: n, Load: load, NameKeys: st.NameKeys, Queries: len(qs), Workers: workers,
		HeapPerPerson: float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(max(n, 1)),
		PerSecond:     float64(len(qs)) / elapsed.Seconds(),
		Recall:        make([]VariantRecall, len(kinds)),
	}
	for k, kind := range kinds {
		b.Recall[k].Kind = kind
	}
	for k, q := range qs {
		b.Recall[q.kind].add(judge(gen, q, wanted[q.source], results[k]))
	}
	for _, r := range b.Recall {
		b.Total.add(r)
	}
	b.P50, b.P95, b.P99, b.Max = percentiles(lat)
	b.Checks = benchMatch(x, qs, wanted, results)
	return b
}

// sourcesOf maps the source of each query to the ID it gets when loaded
// (by loadPeople; "" until then).
func sourcesOf(qs []peopleQuery) map[int]string {
	wanted := make(map[int]string, len(qs))
	for _, q := range qs {
		wanted[q.source] = ""
	}
	return wanted
}

// loadPeople indexes synthetic persons [0, n) of peopleSeed in x as
// records of the nominal database, each owned by its nationality, and
// notes in wanted the ID given to each person it holds a key for.
func loadPeople(x *index.Index, gen synth.Persons, n int, wanted map[int]string) {
	ids := id.NewGenerator(clock.Real{}, nil)
	props := map[string][]string{}
	rec := records.Record{Database: "nominal", Schema: "Person", Status: records.StatusActive, Properties: props}
	for i := 0; i < n; i++ {
		rec.ID = ids.New()
		clear(props)
		for _, p := range gen.Record(peopleSeed, i).Properties {
			props[p.Name] = p.Values
		}
		rec.Owner = props["nationality"][0]
		x.RecordChanged(rec)
		if _, ok := wanted[i]; ok {
			wanted[i] = rec.ID
		}
	}
}

// matched says whether res holds the record id scored as a match.
func matched(res []index.Scored, id string) bool {
	return slices.ContainsFunc(res, func(s index.Scored) bool { return s.ID == id && s.Score >= names.MatchThreshold })
}

// benchMatch runs the dated queries again as a check does.
func benchMatch(x *index.Index, qs []peopleQuery, wanted map[int]string, searched [][]index.Scored) MatchResult {
	var m MatchResult
	var lat []time.Duration
	for k, q := range qs {
		if !q.dated {
			continue
		}
		t := time.Now()
		res, _ := x.MatchPeople(context.Background(), peopleSearcher, q.person, []string{"nominal"}, 10)
		lat = append(lat, time.Since(t))
		m.Queries++
		if matched(searched[k], wanted[q.source]) {
			m.SearchMatched++
		}
		if matched(res, wanted[q.source]) {
			m.MatchMatched++
		}
	}
	m.P50, m.P95, m.P99, m.Max = percentiles(lat)
	return m
}

// peopleQueries draws the queries: kind by kind in turn, each a random
// person that has a variant of that kind.
func peopleQueries(gen synth.Persons, n, count int, kinds []synth.VariantKind) []peopleQuery {
	rng := rand.New(rand.NewPCG(11, 11))
	qs := make([]peopleQuery, 0, count)
	for len(qs) < count {
		k := len(qs) % len(kinds)
		q := peopleQuery{kind: k, dated: (len(qs)/len(kinds))%2 == 0}
		for try := 0; try < 1000 && len(q.person.Names) == 0; try++ {
			q.source = rng.IntN(n)
			for _, v := range gen.Variants(peopleSeed, q.source) {
				if v.Kind == kinds[k] {
					q.person.Names = []string{v.Name}
				}
			}
		}
		if len(q.person.Names) == 0 {
			panic("BUG: index: no person with a variant of kind " + string(kinds[k]))
		}
		if q.dated {
			for _, p := range gen.Record(peopleSeed, q.source).Properties {
				if p.Name == "birthDate" {
					q.person.BirthDates = p.Values
				}
			}
		}
		qs = append(qs, q)
	}
	return qs
}

// judge scores one query's results against its source.
func judge(gen synth.Persons, q peopleQuery, sourceID string, res []index.Scored) VariantRecall {
	v := VariantRecall{Queries: 1}
	if q.dated {
		v.Dated = 1
	} else {
		v.NameOnly = 1
	}
	rank := slices.IndexFunc(res, func(s index.Scored) bool { return s.ID == sourceID })
	switch {
	case rank >= 0:
		v.InTop10 = 1
		if rank == 0 && res[0].Score >= names.MatchThreshold {
			v.FirstMatch = 1
		}
	case len(res) < 10 || sourceScore(gen, q) > res[len(res)-1].Score:
		v.NotRetrieved = 1
	default:
		v.Outranked = 1
	}
	if q.dated {
		v.DatedTop10, v.DatedFirst = v.InTop10, v.FirstMatch
	} else {
		v.NameTop10, v.NameFirst = v.InTop10, v.FirstMatch
	}
	return v
}

// sourceScore is what the source person scores against the query, as the
// index would score it.
func sourceScore(gen synth.Persons, q peopleQuery) float64 {
	props := map[string][]string{}
	for _, p := range gen.Record(peopleSeed, q.source).Properties {
		props[p.Name] = p.Values
	}
	s, _ := names.Score(q.person, index.PersonOf(records.Record{Properties: props}))
	return s
}

// percentiles returns the 50th, 95th and 99th percentile and the maximum.
func percentiles(lat []time.Duration) (p50, p95, p99, most time.Duration) {
	l := latencyOf(slices.Clone(lat))
	return l.P50, l.P95, l.P99, l.Max
}
