package bench

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"time"
	"unicode"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/search"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// TextConfig sets up a free-text search benchmark.
type TextConfig struct {
	// Artworks works of art (owned by ITA) and Incidents incidents (owned
	// by FRA) are loaded first.
	Artworks, Incidents int
	// Queries searches are run in process from Workers goroutines (through
	// the engine alone, then through the search service), then sent over
	// HTTP in each of Rounds rounds by each number of keep-alive clients in
	// Clients.
	Queries, Rounds int
	Clients         []int
	Workers         int
	// DB is the store (default: a fresh SQLite file in a temporary folder).
	DB string
	// Progress, if set, is told what the benchmark is doing.
	Progress io.Writer
	// CPUProfile, when set, receives a CPU profile of the first round over HTTP.
	CPUProfile io.Writer
}

// TextClass is what the searches of one searchable property measured in
// process, through the engine.
type TextClass struct {
	Schema, Property string
	Latency          Latency
	Results, Empty   int
}

// TextResult is what a free-text search benchmark measured.
type TextResult struct {
	Load time.Duration
	// Engine is the searches through the matching engine alone (index,
	// records loaded, admission, scores: nothing stored), Service through
	// the search service (the engine, the audit entry, the hits disclosed),
	// both in process.
	Engine, Service SearchRound
	// Classes are the engine's searches by property searched.
	Classes []TextClass
	Rounds  []SearchRound
	// PeakRSS is the process's peak resident memory at the end, in bytes.
	PeakRSS int64
}

// Median is the round of the median rate among those of clients clients.
func (r TextResult) Median(clients int) SearchRound { return medianRound(r.Rounds, clients) }

// textClass is one searchable property and the records its words come from.
type textClass struct {
	schema, db, property string
	kind                 synth.Kind
	count                int
}

// textQuery is one free-text search: 1 to 3 words of a loaded record's
// property, looked for in that property.
type textQuery struct {
	class int
	text  string
}

// Text loads works of art and incidents, then measures searches of
// 1 to 3 words (taken from the loaded records' titles, creators and
// descriptions, incidents' names and modus operandi: common words and
// rare ones, each search having answers) by an officer of USA's NCB: in
// process through the engine and through the search service, then over
// HTTP through the node's whole stack, every result shown being a hit the
// owner is told of.
func Text(ctx context.Context, cfg TextConfig) (TextResult, error) {
	var res TextResult
	if cfg.Artworks+cfg.Incidents < 1 || cfg.Artworks < 0 || cfg.Incidents < 0 || cfg.Queries < 1 {
		return res, errors.New("bench text: load some works of art or incidents, and run some queries")
	}
	say := sayTo(cfg.Progress)
	b, err := startBench(ctx, cfg.DB, func(n *app.Node) error {
		return benchLoads(ctx, n, say, benchLoadOf{"ITA", synth.Artworks{}, cfg.Artworks}, benchLoadOf{"FRA", synth.Incidents{}, cfg.Incidents})
	})
	if err != nil {
		return res, err
	}
	defer b.done()
	res.Load = b.load
	say("loaded %d works of art and %d incidents in %s", cfg.Artworks, cfg.Incidents, res.Load.Round(time.Second))

	var classes []textClass
	if cfg.Artworks > 0 {
		for _, p := range []string{"title", "creator", "description"} {
			classes = append(classes, textClass{"Artwork", "works-of-art", p, synth.Artworks{}, cfg.Artworks})
		}
	}
	if cfg.Incidents > 0 {
		for _, p := range []string{"name", "modusOperandi"} {
			classes = append(classes, textClass{"Incident", "terrorism", p, synth.Incidents{}, cfg.Incidents})
		}
	}
	stopWords := map[string]bool{}
	for _, w := range index.Words(strings.Join(synth.FunctionWords(), " "), 0) {
		stopWords[w] = true
	}
	queries := make([]textQuery, cfg.Queries*max(cfg.Rounds, 1))
	for i := range queries {
		queries[i] = textQueryOf(classes, stopWords, i)
	}
	query := func(i int) search.Query {
		q, c := queries[i], classes[queries[i].class]
		return searchQuery(c.db, c.schema, map[string][]string{c.property: {q.text}})
	}

	s, err := startSearches(ctx, b, cfg.Workers, len(queries), query)
	if err != nil {
		return res, err
	}
	engine := func() (r SearchRound, err error) {
		r, res.Classes, err = benchTextEngine(ctx, b.Node, s.searcher.principal, cfg, classes, queries, query)
		return r, err
	}
	if res.Engine, res.Service, err = s.inProcess(ctx, cfg.Queries, cfg.Workers, say, engine); err != nil {
		return res, err
	}
	res.Rounds, res.PeakRSS, err = s.overHTTP(ctx, cfg.Queries, cfg.Rounds, cfg.Clients, cfg.CPUProfile, say)
	return res, err
}

// textQueryOf is search i: of the i-th class in turn, 1 to 3 words (not
// the articles and prepositions) of that property of a loaded record.
func textQueryOf(classes []textClass, stopWords map[string]bool, i int) textQuery {
	r := rand.New(rand.NewPCG(13, uint64(i)))
	c := i % len(classes)
	var value string
	for range 100 {
		value = propOf(classes[c].kind.Record(1, r.IntN(classes[c].count)), classes[c].property)
		words := contentWords(value, stopWords)
		if len(words) > 0 {
			r.Shuffle(len(words), func(a, b int) { words[a], words[b] = words[b], words[a] })
			return textQuery{class: c, text: strings.Join(words[:min(len(words), 1+r.IntN(3))], " ")}
		}
	}
	// Records of nothing but small words: search one as it is.
	return textQuery{class: c, text: value}
}

// contentWords are the words of s as written (capitals and diacritics
// kept: the search folds them), each once, without the small words.
func contentWords(s string, stopWords map[string]bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) }) {
		folded := index.Words(w, 1)
		if len(folded) == 0 || stopWords[folded[0]] || seen[folded[0]] {
			continue
		}
		seen[folded[0]] = true
		out = append(out, w)
	}
	return out
}

// benchTextEngine runs the searches through the matching engine alone, in
// process, and sums them up by class.
func benchTextEngine(ctx context.Context, n *app.Node, p access.Principal, cfg TextConfig, classes []textClass, queries []textQuery,
	query func(int) search.Query) (SearchRound, []TextClass, error) {
	runtime.GC()
	t, err := benchEngineRuns(ctx, n, p, cfg.Queries, cfg.Workers, query)
	if err != nil {
		return SearchRound{}, nil, err
	}
	out := make([]TextClass, len(classes))
	took := make([][]time.Duration, len(classes))
	for i := range cfg.Queries {
		c := queries[i].class
		took[c] = append(took[c], t.took[i])
		out[c].Results += t.results[i]
		if t.results[i] == 0 {
			out[c].Empty++
		}
	}
	for c := range classes {
		out[c].Schema, out[c].Property, out[c].Latency = classes[c].schema, classes[c].property, latencyOf(took[c])
	}
	return t.round(cfg.Workers, 0, query), out, nil
}
