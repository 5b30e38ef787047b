package bench

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/match"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/search"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// SearchConfig sets up a person-search benchmark.
type SearchConfig struct {
	// Persons persons (synth.Persons, owned by DEU) are loaded first.
	Persons int
	// Queries searches are sent in each of Rounds rounds by each number of
	// keep-alive clients in Clients, in turn.
	Queries, Rounds int
	Clients         []int
	// InProcess searches are run first through the search service in
	// process (the same path without HTTP) from Workers goroutines; 0: none.
	InProcess, Workers int
	// DB is the store (default: a fresh SQLite file in a temporary folder).
	DB string
	// Progress, if set, is told what the benchmark is doing.
	Progress io.Writer
	// CPUProfile, when set, receives a CPU profile of the first round over HTTP.
	CPUProfile io.Writer
}

// SearchRound is one measurement of searches: over HTTP from Clients
// keep-alive clients, or in process from Clients goroutines.
type SearchRound struct {
	Clients  int
	Searches Rate
	// Results is how many results the searches showed, Hits how many hits
	// the owners were told of (each result shown outside the owner's
	// bureau is one) and Empty how many searches found nothing.
	Results, Hits, Empty int
	// Unanswered are a few of the searches that found nothing, as sent.
	Unanswered []string
}

// maxUnanswered is how many searches that found nothing a round keeps.
const maxUnanswered = 3

// unanswered keeps a few searches that found nothing, safe for concurrent use.
type unanswered struct {
	mu      sync.Mutex
	n       int
	queries []string
}

func (u *unanswered) add(query func() []byte) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.n++
	if len(u.queries) < maxUnanswered {
		u.queries = append(u.queries, string(query()))
	}
}

// ResultsEach is the mean number of results a search showed.
func (r SearchRound) ResultsEach() float64 {
	if r.Searches.Requests == 0 {
		return 0
	}
	return float64(r.Results) / float64(r.Searches.Requests)
}

// SearchResult is what a person-search benchmark measured.
type SearchResult struct {
	Load time.Duration
	// Engine is the searches in process through the matching engine alone
	// (index, records loaded, admission, scores: nothing stored), Service
	// through the search service (the engine, the audit entry, the hits
	// disclosed).
	Engine, Service SearchRound
	Rounds          []SearchRound
	// PeakRSS is the process's peak resident memory (VmHWM) at the end, in
	// bytes; 0 where the system does not say.
	PeakRSS int64
}

// Median is the round of the median rate among those of clients clients.
func (r SearchResult) Median(clients int) SearchRound { return medianRound(r.Rounds, clients) }

func medianRound(all []SearchRound, clients int) SearchRound {
	var rounds []SearchRound
	for _, round := range all {
		if round.Clients == clients {
			rounds = append(rounds, round)
		}
	}
	if len(rounds) == 0 {
		return SearchRound{}
	}
	slices.SortFunc(rounds, func(a, b SearchRound) int { return cmp.Compare(a.Searches.PerSecond, b.Searches.PerSecond) })
	return rounds[len(rounds)/2]
}

// benchPurpose is the purpose the benchmarks' searches declare.
const benchPurpose = access.PurposeCriminalInvestigation

// Search loads persons owned by DEU, then measures person searches
// (POST /api/v1/search, schema Person, limit 10) by an officer of USA's
// NCB through the node's whole stack: token, access decision, the
// matching engine, the records, the audit entry and the disclosure of
// every result shown as a hit the owner is told of. The names searched
// are planted variants of loaded persons (synth.Persons.Variants: exact,
// transliterated, mistyped, swapped, without a middle name, joined), one
// kind after another, every other search with the person's birth date.
func Search(ctx context.Context, cfg SearchConfig) (SearchResult, error) {
	var res SearchResult
	if cfg.Persons < 1 || cfg.Queries < 1 {
		return res, errors.New("bench search: persons and queries must be positive")
	}
	say := sayTo(cfg.Progress)
	persons := synth.Persons{}
	b, err := startBench(ctx, cfg.DB, func(n *app.Node) error { return benchLoad(ctx, n, "DEU", persons, cfg.Persons, say) })
	if err != nil {
		return res, err
	}
	defer b.done()
	res.Load = b.load
	say("loaded %d persons in %s", cfg.Persons, res.Load.Round(time.Second))

	query := func(i int) search.Query { return personQuery(persons, cfg.Persons, i) }
	s, err := startSearches(ctx, b, cfg.Workers, cfg.Queries*max(cfg.Rounds, 1), query)
	if err != nil {
		return res, err
	}
	if cfg.InProcess > 0 {
		engine := func() (SearchRound, error) {
			return benchEngineRound(ctx, b.Node, s.searcher.principal, cfg.InProcess, cfg.Workers, query)
		}
		if res.Engine, res.Service, err = s.inProcess(ctx, cfg.InProcess, cfg.Workers, say, engine); err != nil {
			return res, err
		}
	}
	res.Rounds, res.PeakRSS, err = s.overHTTP(ctx, cfg.Queries, cfg.Rounds, cfg.Clients, cfg.CPUProfile, say)
	return res, err
}

// personQuery is search i: a planted variant of a loaded person, of the
// i-th kind in turn (the exact name where the person has none of that
// kind), every other turn of the kinds with the person's birth date.
func personQuery(persons synth.Persons, loaded, i int) search.Query {
	r := rand.New(rand.NewPCG(11, uint64(i)))
	k := r.IntN(loaded)
	kinds := synth.VariantKinds()
	variants := persons.Variants(1, k)
	name := variants[0].Name
	for _, v := range variants {
		if v.Kind == kinds[i%len(kinds)] {
			name = v.Name
		}
	}
	props := map[string][]string{"name": {name}}
	if (i/len(kinds))%2 == 1 {
		if birth := propOf(persons.Record(1, k), "birthDate"); birth != "" {
			props["birthDate"] = []string{birth}
		}
	}
	return searchQuery("nominal", "Person", props)
}

func searchQuery(db, schema string, props map[string][]string) search.Query {
	q := search.Query{Purpose: benchPurpose, Databases: []string{db}, Limit: search.DefaultLimit}
	q.Query.Schema, q.Query.Properties = schema, props
	return q
}

// benchSearcherOf is who searches: an officer of USA's NCB, logged in.
type benchSearcherOf struct {
	token     string
	principal access.Principal
}

// searchBench is what the person and free-text search benchmarks share: a
// loaded node, its searcher, and the searches (query(i) is search i).
type searchBench struct {
	benchNode
	searcher benchSearcherOf
	query    func(int) search.Query
}

// startSearches logs the searcher in on b and warms the caches up with
// the last of the total searches (benchWarmUp).
func startSearches(ctx context.Context, b benchNode, workers, total int, query func(int) search.Query) (searchBench, error) {
	searcher, err := benchSearcher(ctx, b.Node, b.base)
	if err != nil {
		return searchBench{}, err
	}
	if err := benchWarmUp(ctx, b.Node, searcher.principal, workers, total, query); err != nil {
		return searchBench{}, err
	}
	return searchBench{benchNode: b, searcher: searcher, query: query}, nil
}

// inProcess runs count searches in process from workers goroutines: the
// engine's round (by engine), then through the search service.
func (s searchBench) inProcess(ctx context.Context, count, workers int, say func(string, ...any), engine func() (SearchRound, error)) (SearchRound, SearchRound, error) {
	say("in process, through the engine: %d searches from %d goroutines", count, workers)
	e, err := engine()
	if err != nil {
		return e, SearchRound{}, err
	}
	say("in process, through the search service: %d searches from %d goroutines", count, workers)
	svc, err := benchServiceRound(ctx, s.Node, s.searcher.principal, count, workers, s.query)
	return e, svc, err
}

// overHTTP runs the rounds of searches over HTTP (benchSearchRounds), then
// reads the process's peak resident memory.
func (s searchBench) overHTTP(ctx context.Context, queries, rounds int, clients []int, profile io.Writer, say func(string, ...any)) ([]SearchRound, int64, error) {
	out, err := benchSearchRounds(ctx, s.Node, s.base+"/api/v1/search", s.searcher.token, queries, rounds, clients, profile, say, s.query)
	return out, PeakRSS(), err
}

func benchSearcher(ctx context.Context, n *app.Node, base string) (benchSearcherOf, error) {
	c, err := benchUser(ctx, n, base, "USA", access.KindNCB, access.RoleOfficer)
	if err != nil {
		return benchSearcherOf{}, err
	}
	p, err := n.Auth.Authenticate(ctx, c.Token())
	if err != nil {
		return benchSearcherOf{}, fmt.Errorf("bench searcher: %w", err)
	}
	return benchSearcherOf{token: c.Token(), principal: p}, nil
}

// benchSearchRounds sends queries searches in each of rounds rounds from
// each number of clients, the search bodies made by query; each round
// counts the results shown and the hits stored. The profile covers the
// first round.
func benchSearchRounds(ctx context.Context, n *app.Node, target, token string, queries, rounds int, clients []int, profile io.Writer,
	say func(string, ...any), query func(int) search.Query) ([]SearchRound, error) {
	bodies := make([][]byte, queries*max(rounds, 1))
	for i := range bodies {
		b, err := json.Marshal(query(i))
		if err != nil {
			return nil, err
		}
		bodies[i] = b
	}
	var out []SearchRound
	for _, c := range clients {
		for r := range max(rounds, 1) {
			// The previous round's entries in the tree and its garbage
			// collected before this one starts.
			if err := n.Audit.Sync(ctx); err != nil {
				return out, err
			}
			runtime.GC()
			before, err := hitCount(ctx, n)
			if err != nil {
				return out, err
			}
			say("%d clients, round %d: %d searches", c, r+1, queries)
			if profile != nil && len(out) == 0 {
				if err := pprof.StartCPUProfile(profile); err != nil {
					return out, err
				}
			}
			var none unanswered
			round := SearchRound{Clients: c}
			from := r * queries
			round.Searches, round.Results, err = benchRequestsCounting(ctx, target, token, queries, c,
				func(i int) []byte { return bodies[from+i] },
				func(i int, answer []byte) int {
					k := countResults(answer)
					if k == 0 {
						none.add(func() []byte { return bodies[from+i] })
					}
					return k
				})
			if profile != nil && len(out) == 0 {
				pprof.StopCPUProfile()
			}
			if err != nil {
				return out, err
			}
			if round.Searches, err = settled(ctx, n, round.Searches); err != nil {
				return out, err
			}
			after, err := hitCount(ctx, n)
			if err != nil {
				return out, err
			}
			round.Hits, round.Empty, round.Unanswered = after-before, none.n, none.queries
			out = append(out, round)
		}
	}
	return out, nil
}

// countResults counts the results of a search's answer: each is an object
// whose "record" is followed by its "score" (a string value cannot hold an
// unescaped quote, so the sequence is the answer's own).
func countResults(answer []byte) int { return bytes.Count(answer, []byte(`},"score":`)) }

func hitCount(ctx context.Context, n *app.Node) (int, error) {
	if err := n.Audit.Settle(ctx); err != nil {
		return 0, err
	}
	var c int
	err := n.DB.QueryRow(ctx, `SELECT count(*) FROM hits`).Scan(&c)
	return c, err
}

// settled counts in r the time until the hits of its requests are stored
// (durable and audited they are already, in the audit journal): a rate of
// disclosure is of hits in the table.
func settled(ctx context.Context, n *app.Node, r Rate) (Rate, error) {
	t0 := time.Now()
	if err := n.Audit.Settle(ctx); err != nil {
		return r, err
	}
	r.Elapsed += time.Since(t0)
	r.PerSecond = float64(r.Requests) / r.Elapsed.Seconds()
	return r, nil
}

// benchServiceRound runs count searches through the search service in
// process from workers goroutines (the HTTP layer left out).
func benchServiceRound(ctx context.Context, n *app.Node, p access.Principal, count, workers int, query func(int) search.Query) (SearchRound, error) {
	before, err := hitCount(ctx, n)
	if err != nil {
		return SearchRound{}, err
	}
	runtime.GC()
	t, err := benchInProcess(ctx, count, workers, func(ctx context.Context, i int) (int, error) {
		a, err := n.Search.Search(ctx, p, query(i))
		return len(a.Items), err
	})
	if err != nil {
		return SearchRound{}, err
	}
	if t.rate, err = settled(ctx, n, t.rate); err != nil {
		return SearchRound{}, err
	}
	after, err := hitCount(ctx, n)
	if err != nil {
		return SearchRound{}, err
	}
	return t.round(workers, after-before, query), nil
}

// warmUpSearches is how many searches warm the caches up (the store's
// pages, the collector's pace) before anything is measured.
const warmUpSearches = 200

// benchWarmUp runs the last warmUpSearches of the total searches through
// the engine, untimed: the first measured run does not pay alone for
// caches left cold by the load.
func benchWarmUp(ctx context.Context, n *app.Node, p access.Principal, workers, total int, query func(int) search.Query) error {
	from := max(0, total-warmUpSearches)
	_, err := benchEngineRuns(ctx, n, p, total-from, workers, func(i int) search.Query { return query(from + i) })
	return err
}

// benchEngineRound runs count searches through the matching engine alone,
// in process: candidates from the index, records loaded, admitted and
// scored; nothing stored, audited nor disclosed.
func benchEngineRound(ctx context.Context, n *app.Node, p access.Principal, count, workers int, query func(int) search.Query) (SearchRound, error) {
	runtime.GC()
	t, err := benchEngineRuns(ctx, n, p, count, workers, query)
	if err != nil {
		return SearchRound{}, err
	}
	return t.round(workers, 0, query), nil
}

func benchEngineRuns(ctx context.Context, n *app.Node, p access.Principal, count, workers int, query func(int) search.Query) (timedRuns, error) {
	return benchInProcess(ctx, count, workers, func(ctx context.Context, i int) (int, error) {
		q := query(i)
		d, ok := records.DatabaseByID(q.Databases[0])
		if !ok {
			return 0, fmt.Errorf("no database %s", q.Databases[0])
		}
		schema, ok := d.Schema(q.Query.Schema)
		if !ok {
			return 0, fmt.Errorf("no schema %s in %s", q.Query.Schema, d.ID)
		}
		probes := n.Match.Probes(schema, q.Query.Properties, q.Databases)
		found, err := n.Match.Run(ctx, match.Request{Principal: p, Purpose: q.Purpose, Action: access.RecordSearch, Probes: probes, Results: q.Limit, Now: time.Now()})
		return min(len(found), q.Limit), err
	})
}

// timedRuns are runs timed one by one: how long run i took and what it found.
type timedRuns struct {
	rate    Rate
	took    []time.Duration
	results []int
}

func (t timedRuns) round(workers, hits int, query func(int) search.Query) SearchRound {
	r := SearchRound{Clients: workers, Searches: t.rate, Hits: hits}
	var none unanswered
	for i, k := range t.results {
		r.Results += k
		if k == 0 {
			none.add(func() []byte { b, _ := json.Marshal(query(i)); return b })
		}
	}
	r.Empty, r.Unanswered = none.n, none.queries
	return r
}

// benchInProcess calls run(i) for i in [0, count) from workers goroutines
// and times each call; run returns how many results it found.
func benchInProcess(ctx context.Context, count, workers int, run func(ctx context.Context, i int) (int, error)) (timedRuns, error) {
	t := timedRuns{took: make([]time.Duration, count), results: make([]int, count)}
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	start := time.Now()
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= count || ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				k, err := run(ctx, i)
				t.took[i], t.results[i] = time.Since(t0), k
				if err != nil {
					mu.Lock()
					first = errors.Join(first, fmt.Errorf("search %d: %w", i, err))
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := cmp.Or(ctx.Err(), first); err != nil {
		return t, err
	}
	t.rate = Rate{Requests: count, Elapsed: elapsed, PerSecond: float64(count) / elapsed.Seconds(), Latency: latencyOf(slices.Clone(t.took))}
	return t, nil
}

// PeakRSS is the process's peak resident memory (VmHWM in
// /proc/self/status) in bytes, or 0 where the system has no such file.
func PeakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
