package screening

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/identifiers"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/names"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Outcomes of a checked item.
const (
	OutcomeHit   = "hit"
	OutcomeNoHit = "no-hit"
)

// Scores of identifier matches.
const (
	scoreExact     = 1.0
	scoreLookalike = 0.85
	// a person record's document number: the record gives no issuing
	// country to agree with.
	scoreNoCountry = 0.8
)

// Auditor enforces the access decision and records audit entries.
type Auditor interface {
	Authorize(ctx context.Context, p access.Principal, a access.Action, r access.Resource, purpose access.Purpose, resources ...string) error
	Append(ctx context.Context, entries ...audit.Entry) ([]audit.Entry, error)
	Record(ctx context.Context, entries ...audit.Entry) error
	AppendTx(ctx context.Context, tx *store.Tx, entries ...audit.Entry) error
}

// Service runs checks and the confirmation of their hits.
type Service struct {
	db       *store.DB
	index    *index.Index
	audit    Auditor
	broker   *hits.Broker
	clock    clock.Clock
	ids      id.Source
	logger   *slog.Logger
	contacts *contacts

	// edgeKeys, exports: the offline copies (export.go); exportMu guards
	// exports.
	edgeKeys EdgeKeys
	exportMu sync.Mutex
	exports  map[string]export
}

// NewService returns a Service.
func NewService(db *store.DB, x *index.Index, auditor Auditor, broker *hits.Broker, c clock.Clock, ids id.Source, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{db: db, index: x, audit: auditor, broker: broker, clock: c, ids: ids, logger: logger, contacts: &contacts{db: db, m: map[string]string{}}}
}

// Answer is the answer to a check: one result per item, in the items' order.
type Answer struct {
	Results []Result `json:"results"`
}

// Result is what one item met.
type Result struct {
	Index   int    `json:"index"`
	Outcome string `json:"outcome"`
	Hits    []Hit  `json:"hits"`
}

// Hit is one record an item matched, as the checking side sees it. Those
// who may not read the record (border points, border officers) get the
// fields up to Confirmation and no more.
type Hit struct {
	HitID    string   `json:"hit_id"`
	Database string   `json:"database"`
	RecordID string   `json:"record_id"`
	Owner    string   `json:"owner"`
	Matched  []string `json:"matched"`
	Score    float64  `json:"score"`
	Action   []string `json:"action"`
	Contact  Contact  `json:"contact"`
	Urgency  string   `json:"urgency"`
	// Deadline is when the owner must have confirmed or denied the hit.
	Deadline     time.Time `json:"deadline"`
	Confirmation string    `json:"confirmation"`

	// For those who may read the record: how each part matched, and the
	// record as they may see it.
	Explanation []string        `json:"explanation,omitempty"`
	Record      *records.Record `json:"record,omitempty"`
}

// found is a record an item matched, on its way to a hit.
type found struct {
	score   float64
	matched []string // item fields that matched
	why     []string // how, for those who may read the record
}

// Check runs req for p.
func (s *Service) Check(ctx context.Context, p access.Principal, req Request) (Answer, error) {
	now := s.clock.Now()
	if len(req.Items) == 0 {
		return Answer{}, fault.Field(fault.MissingField, "items", "give at least one item to check")
	}
	if len(req.Items) > MaxItems {
		return Answer{}, fault.Field(fault.InvalidField, "items", "at most %d items a request", MaxItems)
	}
	var all []probe
	for i, it := range req.Items {
		ps, err := probes(i, it, now)
		if err != nil {
			return Answer{}, err
		}
		all = append(all, ps...)
	}
	results, err := s.run(ctx, p, req, all, now)
	if err != nil {
		return Answer{}, err
	}
	return Answer{Results: results}, nil
}

// run looks up every probe of req's items, and answers, stores and audits
// what they hit. Items without probes (a manifest's unreadable rows) get a
// no-hit result the caller replaces.
func (s *Service) run(ctx context.Context, p access.Principal, req Request, all []probe, now time.Time) ([]Result, error) {
	if err := s.scope(ctx, p, req.Purpose, all); err != nil {
		return nil, err
	}

	// Candidates of every probe, then their records loaded at once.
	cands := make([][]string, len(all))
	scored := make([]map[string]index.Scored, len(all))
	if err := s.lookup(ctx, p, all, cands, scored); err != nil {
		return nil, err
	}
	var ids []string
	for i := range cands {
		ids = append(ids, cands[i]...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	recs, err := records.GetMany(ctx, s.db, ids)
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	byID := make(map[string]records.Record, len(recs))
	for _, r := range recs {
		byID[r.ID] = r
	}

	// What each item matched, best first.
	perItem := make([]map[string]*found, len(req.Items))
	for i, pr := range all {
		for _, rid := range cands[i] {
			r, ok := byID[rid]
			if !ok || !s.usable(p, req.Purpose, r, pr.dbs, now) {
				continue
			}
			var f found
			if pr.person != nil {
				sc := scored[i][rid]
				f = found{score: sc.Score, matched: personFields(pr.field, sc.Explanation), why: sc.Explanation}
			} else if f, ok = identifierMatch(pr, r); !ok {
				continue
			}
			m := perItem[pr.item]
			if m == nil {
				m = map[string]*found{}
				perItem[pr.item] = m
			}
			if prev := m[rid]; prev == nil {
				m[rid] = &f
			} else {
				prev.score = max(prev.score, f.score)
				prev.matched = union(prev.matched, f.matched)
				prev.why = append(prev.why, f.why...)
			}
		}
	}
	return s.answer(ctx, p, req, perItem, byID, now)
}

// lookup finds the candidates of each probe: by identifier in the index's
// table, by name with the name matcher. A manifest's hundreds of name
// matches are spread over the CPUs.
func (s *Service) lookup(ctx context.Context, p access.Principal, all []probe, cands [][]string, scored []map[string]index.Scored) error {
	one := func(i int) error {
		pr := all[i]
		if pr.person == nil {
			for _, c := range s.index.LookupIdentifier(p, pr.kind, pr.value, pr.dbs) {
				cands[i] = append(cands[i], c.ID)
			}
			return nil
		}
		// More than the few a result shows: records overdue for review are
		// dropped only after (the index does not know review dates).
		found, err := s.index.MatchPeople(ctx, p, *pr.person, pr.dbs, 25)
		if err != nil {
			return fault.Wrap(fault.Timeout, err, "the check took too long")
		}
		scored[i] = map[string]index.Scored{}
		for _, sc := range found {
			if sc.Score >= names.MatchThreshold {
				scored[i][sc.ID] = sc
				cands[i] = append(cands[i], sc.ID)
			}
		}
		return nil
	}
	workers := min(runtime.GOMAXPROCS(0), len(all)/parallelFrom+1)
	if workers <= 1 {
		for i := range all {
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
			for i := int(next.Add(1)) - 1; i < len(all); i = int(next.Add(1)) - 1 {
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

// usable reports whether r may hit for p: live, not overdue for review
// outside its bureau, in a database the probe searches, and admitted by
// the access decision (restrictions included).
func (s *Service) usable(p access.Principal, purpose access.Purpose, r records.Record, dbs []string, now time.Time) bool {
	if r.Status != records.StatusActive || !slices.Contains(dbs, r.Database) {
		return false
	}
	if r.Owner != p.Country && r.ReviewAt.Before(now) {
		return false
	}
	return access.Decide(p, access.CheckRun, r.Resource(), purpose).Allowed
}

// answer builds the results, stores the hits and audits the check.
func (s *Service) answer(ctx context.Context, p access.Principal, req Request, perItem []map[string]*found, byID map[string]records.Record, now time.Time) ([]Result, error) {
	out := make([]Result, len(req.Items))
	var stored []hits.Hit
	for i := range req.Items {
		res := Result{Index: i, Outcome: OutcomeNoHit, Hits: []Hit{}}
		rids := make([]string, 0, len(perItem[i]))
		for rid := range perItem[i] {
			rids = append(rids, rid)
		}
		slices.SortFunc(rids, func(a, b string) int {
			if sa, sb := perItem[i][a].score, perItem[i][b].score; sa != sb {
				if sa > sb {
					return -1
				}
				return 1
			}
			return strings.Compare(a, b)
		})
		for _, rid := range rids {
			f, r := perItem[i][rid], byID[rid]
			action := actionOf(r)
			urgency := urgencyOf(action)
			deadline := now.Add(hits.DeadlineOf(urgency))
			h := Hit{
				HitID: s.ids.New(), Database: r.Database, RecordID: r.ID, Owner: r.Owner,
				Matched: f.matched, Score: round(f.score), Action: action, Contact: s.contacts.of(ctx, r),
				Urgency: urgency, Deadline: deadline, Confirmation: hits.Pending,
			}
			if access.Decide(p, access.RecordRead, r.Resource(), req.Purpose).Allowed {
				view := records.ViewFor(p, r)
				h.Record, h.Explanation = &view, f.why
			}
			res.Hits = append(res.Hits, h)
			stored = append(stored, hits.Hit{
				ID: h.HitID, RecordID: r.ID, Database: r.Database, Owner: r.Owner, Searcher: hits.SearcherOf(p),
				Purpose: req.Purpose, Score: h.Score, Match: true, Matched: f.why, Time: now, Source: hits.SourceCheck,
				Action: action, Urgency: urgency, Deadline: &deadline, Confirmation: hits.Pending,
			})
		}
		if len(res.Hits) > 0 {
			res.Outcome = OutcomeHit
		}
		out[i] = res
	}
	if err := s.record(ctx, p, req, stored); err != nil {
		return nil, err
	}
	return out, nil
}

// record audits the check and stores its hits. A check without hits is
// recorded durably in the audit log's journal, with the other checks of the
// moment, and enters the tree a few milliseconds later; one with hits
// commits them with its entry and waits for the tree.
func (s *Service) record(ctx context.Context, p access.Principal, req Request, hs []hits.Hit) error {
	var resources, subjects, kinds []string
	for _, h := range hs {
		if !slices.Contains(resources, h.RecordID) {
			resources = append(resources, h.RecordID)
		}
		if !slices.Contains(subjects, h.Owner) {
			subjects = append(subjects, h.Owner)
		}
	}
	for _, it := range req.Items {
		if !slices.Contains(kinds, it.Kind) {
			kinds = append(kinds, it.Kind)
		}
	}
	slices.Sort(subjects)
	slices.Sort(kinds)
	entry := audit.Entry{
		Actor: audit.ActorOf(p), Action: string(access.CheckRun), Resources: resources, Purpose: string(req.Purpose),
		Outcome: audit.OutcomeSuccess, Subjects: subjects,
		Details: map[string]string{"items": strconv.Itoa(len(req.Items)), "kinds": strings.Join(kinds, ","), "hits": strconv.Itoa(len(hs))},
	}
	if req.voyage != "" {
		entry.Details["voyage"] = req.voyage
	}
	if len(hs) == 0 {
		if err := s.audit.Record(ctx, entry); err != nil {
			return fmt.Errorf("record check: %w", err)
		}
		return nil
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := hits.Insert(ctx, tx, hs); err != nil {
			return err
		}
		return s.audit.AppendTx(ctx, tx, entry)
	})
	if err != nil {
		return fmt.Errorf("record check: %w", err)
	}
	s.broker.Publish(ctx, hs)
	return nil
}

// scope checks the purpose and that p may check in the databases each
// probe needs; it narrows each probe to the databases p may check in. A
// kind of item none of whose databases p may use is refused (and the
// refusal audited), so a border point learns it cannot check that, rather
// than a no-hit it could take for a clearance.
func (s *Service) scope(ctx context.Context, p access.Principal, purpose access.Purpose, ps []probe) error {
	allowed := map[string]bool{}
	for i := range ps {
		var dbs []string
		for _, d := range ps[i].dbs {
			ok, seen := allowed[d]
			if !seen {
				ok = access.Decide(p, access.CheckRun, access.Resource{Database: d}, purpose).Allowed
				allowed[d] = ok
			}
			if ok {
				dbs = append(dbs, d)
			}
		}
		if len(dbs) == 0 {
			return s.audit.Authorize(ctx, p, access.CheckRun, access.Resource{Database: ps[i].dbs[0]}, purpose)
		}
		ps[i].dbs = dbs
	}
	return nil
}

// identifierMatch says whether r matches an identifier probe, and how.
func identifierMatch(pr probe, r records.Record) (found, bool) {
	d, _ := records.DatabaseByID(r.Database)
	schema, _ := d.Schema(r.Schema)
	if schema == nil {
		return found{}, false
	}
	best, how, field := 0.0, "", ""
	qn, ql := index.ExactKey(pr.kind, pr.value), index.LookalikeKey(pr.kind, pr.value)
	for _, prop := range schema.Properties {
		if prop.Type != records.TypeIdentifier || prop.Kind != pr.kind {
			continue
		}
		for _, rv := range r.Properties[prop.Name] {
			switch rn := index.ExactKey(pr.kind, rv); {
			case qn != "" && qn == rn && best < scoreExact:
				best, how, field = scoreExact, prop.Name+" = "+rn, pr.field
			case qn != "" && ql == index.LookalikeKey(pr.kind, rv) && best < scoreLookalike:
				best, how, field = scoreLookalike, prop.Name+" ≈ "+rn+" (look-alike characters)", pr.field+" (look-alike characters)"
			}
		}
	}
	if best == 0 {
		return found{}, false
	}
	f := found{score: best, matched: []string{field}, why: []string{how}}
	if pr.kind == records.KindDocumentNumber {
		rc := r.Properties["country"]
		switch {
		case len(rc) == 0:
			// A person's document number: nothing to agree with.
			f.score = min(f.score, scoreNoCountry)
			f.why = append(f.why, "no issuing country on record")
		case !slices.Contains(rc, pr.country):
			return found{}, false // another country's document of that number
		default:
			f.matched = append(f.matched, "country")
			f.why = append(f.why, "country = "+pr.country)
		}
		if rt := r.Properties["type"]; pr.docType != "" && len(rt) > 0 {
			// A passport and an identity card may share a number.
			switch agrees, known := typeAgrees(pr.docType, rt); {
			case known && !agrees:
				return found{}, false
			case known:
				f.matched = append(f.matched, "type")
			}
		}
	}
	if pr.make != "" {
		if !sameMake(pr.make, r.Properties["make"]) {
			return found{}, false
		}
		f.matched = append(f.matched, "make")
		f.why = append(f.why, "make = "+strings.Join(r.Properties["make"], ", "))
	}
	return f, true
}

// icaoCodes are the ICAO 9303 document codes (first letter) that a
// record's document type may be read as: travel documents by their own
// code, the administrative documents of SAD by what such a document
// carries in its MRZ (a vehicle registration has none).
var icaoCodes = map[string][]string{
	"P": {"P"}, "I": {"I"}, "A": {"A"}, "C": {"C"}, "V": {"V"},
	"visa": {"V"}, "residence-permit": {"I", "A", "C"}, "id-blank": {"I", "A", "C"}, "vehicle-registration": {},
}

// typeAgrees reports whether a document of ICAO code (its first letter)
// may be the record's, of types recorded; known is false when no recorded
// type says (SAD's "other"), and the type is then not compared.
func typeAgrees(code string, recorded []string) (agrees, known bool) {
	for _, t := range recorded {
		codes, ok := icaoCodes[t]
		if !ok {
			continue
		}
		known = true
		if slices.Contains(codes, code) {
			return true, true
		}
	}
	return false, known
}

// sameMake reports whether a firearm's make as given agrees with the
// record's: the same letters and digits, or one the start of the other
// ("Glock" and "Glock GmbH").
func sameMake(given string, recorded []string) bool {
	g := identifiers.NormalizeIdentifier(given)
	for _, r := range recorded {
		n := identifiers.NormalizeIdentifier(r)
		if g != "" && n != "" && (strings.HasPrefix(n, g) || strings.HasPrefix(g, n)) {
			return true
		}
	}
	return false
}

// personFields names the item fields a name match rests on, from the
// matcher's explanation, without repeating the record's data.
func personFields(field string, why []string) []string {
	out := []string{field}
	for _, w := range why {
		switch {
		case strings.HasPrefix(w, "birth date ") && !strings.Contains(w, "contradict"):
			out = union(out, []string{"birthDate"})
		case strings.HasPrefix(w, "nationality ") && strings.Contains(w, " shared"):
			out = union(out, []string{"nationality"})
		}
	}
	return out
}

func union(a, b []string) []string {
	for _, v := range b {
		if !slices.Contains(a, v) {
			a = append(a, v)
		}
	}
	return a
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
