package screening

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/match"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/screening/wire"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Outcomes of a checked item.
const (
	OutcomeHit   = "hit"
	OutcomeNoHit = "no-hit"
	// OutcomeRefer: the item matched a record that its owner keeps from
	// the checking side's kind of unit (NCBs only). The checking side is
	// told to contact its NCB, without the record; the owner gets the hit
	// as usual, and the checking NCB sees it among its checks' hits.
	OutcomeRefer = "refer"
)

// referMessage is what the checking side reads on a refer outcome.
const referMessage = "contact your NCB before you let this pass: a record matches that your unit may not see"

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
	engine   *match.Engine
	audit    Auditor
	disclose *hits.Discloser
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
func NewService(db *store.DB, engine *match.Engine, auditor Auditor, disclose *hits.Discloser, c clock.Clock, ids id.Source, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{db: db, engine: engine, audit: auditor, disclose: disclose, clock: c, ids: ids, logger: logger, contacts: &contacts{db: db, m: map[string]string{}}}
}

// The check's answer as the API writes it (package wire), with the records
// its hits show as the node holds them. Answer is a type of its own for its
// fast JSON writer (answerjson.go).
type (
	// Answer is the answer to a check: one result per item, in the items'
	// order.
	Answer wire.Answer[records.Record]
	// Result is what one item met.
	Result = wire.Result[records.Record]
	// Referral tells the checking side to contact its NCB about an item,
	// without the record.
	Referral = wire.Referral
	// Hit is one record an item matched, as the checking side sees it.
	Hit = wire.Hit[records.Record]
)

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

// run looks up every probe of req's items through the matching engine,
// and answers, stores and audits what they hit. Items without probes (a
// manifest's unreadable rows) get a no-hit result the caller replaces.
func (s *Service) run(ctx context.Context, p access.Principal, req Request, all []probe, now time.Time) ([]Result, error) {
	if err := s.scope(ctx, p, req.Purpose, all); err != nil {
		return nil, err
	}
	qs := make([]match.Probe, len(all))
	for i, pr := range all {
		qs[i] = pr.match()
	}
	found, err := s.engine.Run(ctx, match.Request{Principal: p, Purpose: req.Purpose, Action: access.CheckRun, Check: true, Probes: qs, Results: 1, Now: now})
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	return s.answer(ctx, p, req, found, subjectKeys(len(req.Items), all), now)
}

// match is the probe as the matching engine takes it.
func (pr probe) match() match.Probe {
	if pr.person != nil {
		return match.Probe{Item: pr.item, Kind: match.KindName, Field: pr.field, Person: pr.person, Databases: pr.dbs}
	}
	q := match.Probe{Item: pr.item, Kind: match.KindIdentifier, Field: pr.field, Ident: pr.kind, Values: []string{pr.value}, Databases: pr.dbs}
	if pr.country != "" || pr.docType != "" || pr.make != "" {
		q.Context = map[string]string{}
		for k, v := range map[string]string{"country": pr.country, "type": pr.docType, "make": pr.make} {
			if v != "" {
				q.Context[k] = v
			}
		}
	}
	return q
}

// answer builds the results, stores the hits and audits the check. A
// record that several items of the request match (a document and its MRZ,
// a row's document and name) is one hit, which each of their results
// shows.
func (s *Service) answer(ctx context.Context, p access.Principal, req Request, found []match.Found, keys []string, now time.Time) ([]Result, error) {
	out := make([]Result, len(req.Items))
	var (
		stored   []hits.Hit
		byRecord = map[string]int{} // record ID → its hit in stored
	)
	for i := range req.Items {
		res := Result{Index: i, Outcome: OutcomeNoHit, Hits: []Hit{}}
		// found is by item, best first.
		for ; len(found) > 0 && found[0].Item == i; found = found[1:] {
			f, r := &found[0], found[0].Record
			k, seen := byRecord[r.ID]
			if !seen {
				action := actionOf(r)
				urgency := urgencyOf(action)
				deadline := now.Add(hits.DeadlineOf(urgency))
				k = len(stored)
				byRecord[r.ID] = k
				stored = append(stored, hits.Hit{
					ID: s.ids.New(), RecordID: r.ID, Database: r.Database, Owner: r.Owner, Searcher: hits.SearcherOf(p),
					Purpose: req.Purpose, Match: true, Time: now, Source: hits.SourceCheck,
					Action: action, Urgency: urgency, Deadline: &deadline, Confirmation: hits.Pending,
					Referred: f.Referred, SubjectKey: keys[i],
				})
			}
			h := &stored[k]
			h.Score = max(h.Score, round(f.Score))
			h.Matched = union(h.Matched, f.Why)
			h.Checked = appendItem(h.Checked, req.Items[i])
			if f.Referred {
				if res.Refer == nil {
					res.Refer = &Referral{Message: referMessage}
				}
				res.Refer.HitIDs = append(res.Refer.HitIDs, h.ID)
				continue
			}
			res.Hits = append(res.Hits, s.hitFor(ctx, p, req.Purpose, r, h, f))
		}
		switch {
		case len(res.Hits) > 0:
			res.Outcome = OutcomeHit
		case res.Refer != nil:
			res.Outcome = OutcomeRefer
		}
		out[i] = res
	}
	if err := s.record(ctx, p, req, stored, out); err != nil {
		return nil, err
	}
	return out, nil
}

// hitFor is hit h on r as the checking side sees it.
func (s *Service) hitFor(ctx context.Context, p access.Principal, purpose access.Purpose, r records.Record, h *hits.Hit, f *match.Found) Hit {
	out := Hit{
		HitID: h.ID, Database: r.Database, RecordID: r.ID, Owner: r.Owner,
		Matched: f.Matched, Score: round(f.Score), Action: h.Action, Contact: s.contacts.of(ctx, r),
		Urgency: h.Urgency, Deadline: *h.Deadline, Confirmation: h.Confirmation,
	}
	if access.Decide(p, access.RecordRead, r.Resource(), purpose).Allowed {
		view := records.ViewFor(p, r)
		out.Record, out.Explanation = &view, f.Why
	}
	return out
}

// appendItem adds an item, as the checking side sent it, to a hit's JSON
// list of what was checked.
func appendItem(list json.RawMessage, it Item) json.RawMessage {
	b, err := json.Marshal(it)
	if err != nil {
		return list // an Item always encodes
	}
	if len(list) == 0 {
		return append(append(json.RawMessage{'['}, b...), ']')
	}
	return append(append(append(list[:len(list)-1], ','), b...), ']')
}

// record audits the check and discloses its hits: the entry durably in the
// audit log's journal, with the other checks of the moment (it enters the
// tree a few milliseconds later), the hits in the store, in one commit with
// the other disclosures of the moment.
//
// The same traveller or object checked again by the same unit while the
// hit of its first check waits for the owner's answer gets that hit back
// (in out, its ID, deadline and state), not a second one to answer.
func (s *Service) record(ctx context.Context, p access.Principal, req Request, hs []hits.Hit, out []Result) error {
	var kinds []string
	for _, it := range req.Items {
		if !slices.Contains(kinds, it.Kind) {
			kinds = append(kinds, it.Kind)
		}
	}
	slices.Sort(kinds)
	entry := audit.Entry{
		Actor: audit.ActorOf(p), Action: string(access.CheckRun), Purpose: string(req.Purpose),
		Outcome: audit.OutcomeSuccess,
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
	// The same traveller's waiting hits are read before the hits are
	// written, from a reader: two checks of one traveller by one unit in
	// the same instant may each make a hit.
	fresh, repeated, err := s.repeats(ctx, p, hs)
	if err != nil {
		return fmt.Errorf("record check: %w", err)
	}
	if len(repeated) > 0 {
		again := make([]string, 0, len(repeated))
		for _, h := range repeated {
			again = append(again, h.ID)
		}
		slices.Sort(again)
		entry.Resources = again
		entry.Details["repeated"] = strconv.Itoa(len(repeated))
		entry.Details["hits"] = strconv.Itoa(len(fresh))
		for _, h := range repeated {
			if !slices.Contains(entry.Subjects, h.Owner) {
				entry.Subjects = append(entry.Subjects, h.Owner)
			}
			if !slices.Contains(entry.Resources, h.RecordID) {
				entry.Resources = append(entry.Resources, h.RecordID)
			}
		}
		answerRepeats(out, repeated)
	}
	err = s.disclose.Disclose(ctx, entry, fresh)
	if err != nil {
		return fmt.Errorf("record check: %w", err)
	}
	return nil
}

// repeats splits a check's hits into the fresh ones and those whose
// traveller or object the same unit checked before against the same
// record, while that first hit still waits for its answer: by new hit ID,
// the waiting hit.
func (s *Service) repeats(ctx context.Context, p access.Principal, hs []hits.Hit) (fresh []hits.Hit, repeated map[string]hits.Hit, err error) {
	ids := make([]string, 0, len(hs))
	for _, h := range hs {
		ids = append(ids, h.RecordID)
	}
	waiting, err := s.disclose.Waiting(ctx, s.db, p.UnitID, ids)
	if err != nil {
		return nil, nil, err
	}
	repeated = map[string]hits.Hit{}
	for _, h := range hs {
		if w, ok := waiting[[2]string{h.RecordID, h.SubjectKey}]; ok && h.SubjectKey != "" {
			repeated[h.ID] = w
			continue
		}
		fresh = append(fresh, h)
	}
	return fresh, repeated, nil
}

// answerRepeats puts the waiting hits in place of the new ones they repeat.
func answerRepeats(out []Result, repeated map[string]hits.Hit) {
	for i := range out {
		for j := range out[i].Hits {
			h := &out[i].Hits[j]
			if w, ok := repeated[h.HitID]; ok {
				h.HitID, h.Confirmation = w.ID, w.Confirmation
				if w.Deadline != nil {
					h.Deadline = *w.Deadline
				}
			}
		}
		if r := out[i].Refer; r != nil {
			for j, id := range r.HitIDs {
				if w, ok := repeated[id]; ok {
					r.HitIDs[j] = w.ID
				}
			}
		}
	}
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

func union(a, b []string) []string {
	for _, v := range b {
		if !slices.Contains(a, v) {
			a = append(a, v)
		}
	}
	return a
}

func round(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// subjectKeys names, for each of n items, the traveller or object it
// checks, from its probes: its first identifier (kind, issuing country,
// number as the index keys it: a document and its MRZ give the same), or
// else its name and birth date. An item without probes has none.
func subjectKeys(n int, all []probe) []string {
	ident, person := make([]string, n), make([]string, n)
	for _, pr := range all {
		switch {
		case pr.person == nil && ident[pr.item] == "":
			ident[pr.item] = "id|" + string(pr.kind) + "|" + pr.country + "|" + index.ExactKey(pr.kind, pr.value)
		case pr.person != nil && person[pr.item] == "":
			person[pr.item] = "person|" + strings.ToLower(strings.Join(strings.Fields(strings.Join(pr.person.Names, " ")), " ")) + "|" + strings.Join(pr.person.BirthDates, ",")
		}
	}
	out := make([]string, n)
	for i := range out {
		k := ident[i]
		if k == "" {
			k = person[i]
		}
		if k != "" {
			sum := sha256.Sum256([]byte(k))
			out[i] = hex.EncodeToString(sum[:16])
		}
	}
	return out
}
