// Package match is the one matching engine of search and checks. A query
// becomes probes (lookups of one kind of match: an identifier, a person's
// names, words of free text, or a kind a later module plugs in); each
// kind proposes candidates from its index; the candidates are loaded from
// the store and pass one admission function (the record's status and
// review, the access decision with the owner's restrictions, and for a
// check the referral to the checking unit's NCB); each kind scores what it
// proposed; the engine merges what each query item found, best first, with
// the explanation of every score.
//
// Search (internal/search) and checks (internal/screening) are thin
// adapters over Run, so that the same query finds the same candidates with
// the same scores in both. A kind is added by implementing Kind and
// registering it (New): search, checks and the HTTP layer do not change.
//
// The engine never stores, audits nor announces anything: its callers
// disclose what they show (internal/hits).
package match

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/names"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Threshold is the score from which a result is a match: a check answers
// matches only; a search shows weaker results too, marked as no match.
const Threshold = names.MatchThreshold

// Probe is one lookup of one kind of match.
type Probe struct {
	// Item is the query item it belongs to (a search has one: 0).
	Item int
	// Kind names the kind of match (Kind.Name).
	Kind string
	// Field is the query's field, as a check's answer names what matched.
	Field string
	// Properties are the record properties looked in (a search's property;
	// none: every property the kind reads).
	Properties []string
	// Values are what is looked for.
	Values []string
	// Ident is the identifier kind of an identifier probe.
	Ident records.Kind
	// Context holds the query's evidence a kind weighs besides the values:
	// "country" and "type" of a document, "make" of a firearm.
	Context map[string]string
	// Person is the query of a person-name probe.
	Person *names.Person
	// Databases are the databases searched.
	Databases []string
}

// Candidate is a record a kind proposes for a probe. A kind that scored
// it already from what its index holds sets Final, and the engine takes
// Score, Matched and Why as they are; otherwise the kind's Score decides
// against the loaded record.
type Candidate struct {
	ID      string
	Final   bool
	Score   float64
	Matched []string
	Why     []string
}

// Score is how well a record matches a probe: Value in [0, 1], the query's
// fields that matched, and why, for those who may read the record.
type Score struct {
	Value   float64
	Matched []string
	Why     []string
}

// Kind is one kind of match: it builds its probes from a search query,
// proposes candidates from its index and scores a record against a probe.
type Kind interface {
	// Name names the kind (Probe.Kind).
	Name() string
	// Searchable lists the properties of schema s that the kind reads in
	// a search: those it looks for and those it weighs as evidence.
	Searchable(s *records.Schema) []string
	// Probes builds the kind's probes from a search query's properties.
	Probes(s *records.Schema, props map[string][]string) []Probe
	// Candidates proposes the records that may match q in q.Databases,
	// best first when the kind ranks, leaving out those whose owner's
	// restrictions hide them from p (for a check: unless p would be
	// referred to its NCB for them); results is how many the caller will
	// show.
	Candidates(ctx context.Context, p access.Principal, q Probe, check bool, results int) ([]Candidate, error)
	// Score says how well r matches q; false when it does not at all (a
	// false candidate, an identifier since changed).
	Score(q Probe, r records.Record) (Score, bool)
}

// Engine runs queries over the kinds registered with it.
type Engine struct {
	db    store.Conn
	kinds map[string]Kind
	order []Kind
}

// New returns an engine that loads records from db and matches with kinds.
func New(db store.Conn, kinds ...Kind) *Engine {
	e := &Engine{db: db, kinds: map[string]Kind{}}
	for _, k := range kinds {
		e.Register(k)
	}
	return e
}

// Register adds a kind of match. Register kinds at start, before queries.
func (e *Engine) Register(k Kind) {
	if _, dup := e.kinds[k.Name()]; dup {
		panic("BUG: match: kind " + k.Name() + " registered twice")
	}
	e.kinds[k.Name()] = k
	e.order = append(e.order, k)
}

// Searchable lists the properties of s that some kind reads, in the
// schema's order.
func (e *Engine) Searchable(s *records.Schema) []string {
	var out []string
	for _, p := range s.Properties {
		for _, k := range e.order {
			if slices.Contains(k.Searchable(s), p.Name) {
				out = append(out, p.Name)
				break
			}
		}
	}
	return out
}

// Probes builds the probes of a search query over every kind.
func (e *Engine) Probes(s *records.Schema, props map[string][]string, dbs []string) []Probe {
	var out []Probe
	for _, k := range e.order {
		for _, q := range k.Probes(s, props) {
			q.Kind, q.Databases = k.Name(), dbs
			out = append(out, q)
		}
	}
	return out
}

// Request is one run of the engine.
type Request struct {
	Principal access.Principal
	Purpose   access.Purpose
	// Action is the access decision's action: access.RecordSearch for a
	// search, access.CheckRun for a check.
	Action access.Action
	// Check: a check answers matches only, and admits the records p would
	// be referred to its NCB for (Found.Referred).
	Check  bool
	Probes []Probe
	// Results is how many results an item will show (kinds that rank
	// propose a few times more).
	Results int
	Now     time.Time
}

// Found is a record that a query item matched.
type Found struct {
	Item    int
	Record  records.Record
	Score   float64
	Matched []string
	Why     []string
	// Referred: the owner keeps the record from p's kind of unit, and p's
	// NCB may see it (checks only).
	Referred bool
}

// ErrUnknownKind is returned for a probe of a kind not registered.
var ErrUnknownKind = errors.New("match: unknown kind")

// Run finds, loads, admits and scores the candidates of every probe, and
// returns what each item found, by item, best first (ties by record ID).
func (e *Engine) Run(ctx context.Context, req Request) ([]Found, error) {
	for _, q := range req.Probes {
		if e.kinds[q.Kind] == nil {
			return nil, fmt.Errorf("%w %q", ErrUnknownKind, q.Kind)
		}
	}
	cands := make([][]Candidate, len(req.Probes))
	if err := e.candidates(ctx, req, cands); err != nil {
		return nil, err
	}
	var ids []string
	for i := range cands {
		for _, c := range cands[i] {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	recs, err := records.GetMany(ctx, e.db, ids)
	if err != nil {
		return nil, fmt.Errorf("load candidates: %w", err)
	}
	byID := make(map[string]*records.Record, len(recs))
	for i := range recs {
		byID[recs[i].ID] = &recs[i]
	}
	type key struct {
		item int
		id   string
	}
	merged := map[key]*Found{}
	var order []key
	for i, q := range req.Probes {
		k := e.kinds[q.Kind]
		for _, c := range cands[i] {
			r, ok := byID[c.ID]
			if !ok {
				continue
			}
			admitted, referred := Admit(req.Principal, req.Action, req.Purpose, *r, q.Databases, req.Now, req.Check)
			if !admitted {
				continue
			}
			sc := Score{Value: c.Score, Matched: c.Matched, Why: c.Why}
			if !c.Final {
				if sc, ok = k.Score(q, *r); !ok {
					continue
				}
			}
			if sc.Value <= 0 || (req.Check && sc.Value < Threshold) {
				continue
			}
			kk := key{q.Item, r.ID}
			f := merged[kk]
			if f == nil {
				f = &Found{Item: q.Item, Record: *r, Referred: referred}
				merged[kk] = f
				order = append(order, kk)
			}
			f.Score = max(f.Score, sc.Value)
			f.Matched = union(f.Matched, sc.Matched)
			f.Why = append(f.Why, sc.Why...)
		}
	}
	out := make([]Found, 0, len(order))
	for _, kk := range order {
		out = append(out, *merged[kk])
	}
	slices.SortFunc(out, func(a, b Found) int {
		switch {
		case a.Item != b.Item:
			return a.Item - b.Item
		case a.Score != b.Score:
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Record.ID, b.Record.ID)
	})
	return out, nil
}

// candidates asks each probe's kind for its candidates. A manifest's
// hundreds of probes are spread over the CPUs.
func (e *Engine) candidates(ctx context.Context, req Request, out [][]Candidate) error {
	one := func(i int) error {
		q := req.Probes[i]
		cs, err := e.kinds[q.Kind].Candidates(ctx, req.Principal, q, req.Check, max(req.Results, 1))
		out[i] = cs
		return err
	}
	workers := min(runtime.GOMAXPROCS(0), len(req.Probes)/parallelFrom+1)
	if workers <= 1 {
		for i := range req.Probes {
			if err := one(i); err != nil {
				return err
			}
		}
		return nil
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		errs = make([]error, workers)
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(req.Probes); i = int(next.Add(1)) - 1 {
				if errs[w] = one(i); errs[w] != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// parallelFrom is how many probes a request needs for its lookups to be
// spread over more than one CPU (a single check is not worth a goroutine).
const parallelFrom = 16

// Admit is the one admission of a candidate record: live, in one of the
// databases searched, not overdue for review outside its owner's bureau
// (until the owner confirms it is still needed), and admitted by the
// access decision for action and purpose with the owner's restrictions.
// For a check (check), a record the owner keeps from p's kind of unit that
// p's NCB may see is admitted as referred: p is told to contact its NCB
// rather than shown the record or answered a silent no-hit.
func Admit(p access.Principal, action access.Action, purpose access.Purpose, r records.Record, dbs []string, now time.Time, check bool) (admitted, referred bool) {
	if r.Status != records.StatusActive || !slices.Contains(dbs, r.Database) {
		return false, false
	}
	if r.Owner != p.Country && r.ReviewAt.Before(now) {
		return false, false
	}
	if access.Decide(p, action, r.Resource(), purpose).Allowed {
		return true, false
	}
	if check && access.Refers(p, r.Resource()) {
		return true, true
	}
	return false, false
}

// SchemaOf is the schema of a record (nil when its database or schema is
// unknown).
func SchemaOf(r records.Record) *records.Schema {
	d, ok := records.DatabaseByID(r.Database)
	if !ok {
		return nil
	}
	s, _ := d.Schema(r.Schema)
	return s
}

func union(a, b []string) []string {
	for _, v := range b {
		if !slices.Contains(a, v) {
			a = append(a, v)
		}
	}
	return a
}
