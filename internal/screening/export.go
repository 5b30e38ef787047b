package screening

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/match"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/screening/edge"
)

// EdgeKeys signs what the node publishes and derives its secrets (the audit
// log's key: edge nodes verify with the log's public verifier key).
type EdgeKeys interface {
	NoteSigner() note.Signer
	DeriveKey(info string) ([]byte, error)
}

// WithEdge lets the service export offline copies for edge nodes.
func (s *Service) WithEdge(keys EdgeKeys) *Service {
	s.edgeKeys = keys
	s.exports = map[string]export{}
	return s
}

// export is the last copy a unit was sent: a delta starts from it.
type export struct {
	seq   uint64
	state *edge.State
	at    time.Time
}

// maxExports bounds the units whose last copy the node keeps for deltas:
// past it, the one exported longest ago is forgotten (its edge node then
// fetches a snapshot).
const maxExports = 32

// maxExportRows bounds the rows of the kept states together (28 bytes
// each: about 2.8 GB): past it, the oldest are forgotten, the last one
// always kept.
const maxExportRows = 100_000_000

// exportRows is the rows of the kept states. Under exportMu.
func (s *Service) exportRows() int {
	n := 0
	for _, e := range s.exports {
		n += e.state.Len()
	}
	return n
}

// errExportRace answers a snapshot made while another export of the same
// unit was made and kept.
var errExportRace = fault.New(fault.Conflict, "another copy for this unit was made meanwhile: ask again")

// ErrNoBase is returned when a delta is asked from a copy the node does not
// know (it restarted, or another node made it): fetch a snapshot.
var ErrNoBase = fault.New(fault.Conflict, "this node holds no copy at that sequence: fetch a snapshot")

// EdgeCopy is a signed snapshot or delta for an edge node, with the key its
// identifiers are hashed under (the same for a unit every time).
type EdgeCopy struct {
	Body    []byte
	Key     []byte
	Seq     uint64
	Entries int
}

// edgeDBs are the first-line databases whose identifiers an edge copy holds.
var edgeDBs = []string{"sltd", "tdawn", "sad", "smv", "firearms", "vessels"}

// edgeKinds are the identifier kinds an edge copy holds; document numbers
// only of documents, which name their issuing country.
var edgeKinds = []records.Kind{records.KindDocumentNumber, records.KindVIN, records.KindPlate, records.KindIMO, records.KindSerial, records.KindHullID}

// EdgeSnapshot makes the signed copy of the first-line identifiers p may
// check at a border, as a snapshot.
func (s *Service) EdgeSnapshot(ctx context.Context, p access.Principal) (EdgeCopy, error) {
	return s.edgeExport(ctx, p, false, 0)
}

// EdgeDelta makes the signed delta from the copy p was sent at seq from.
func (s *Service) EdgeDelta(ctx context.Context, p access.Principal, from uint64) (EdgeCopy, error) {
	return s.edgeExport(ctx, p, true, from)
}

// A delta reads the records changed since its base was made, from
// EdgeOverlap before: a change committed after that export began may carry
// an earlier time (a write's transaction takes well under a second; a
// bulk import's batches too). A base older than edgeBaseAge is not used (a
// unit's grants may have changed since): the edge node fetches a snapshot.
const (
	EdgeOverlap = 10 * time.Second
	edgeBaseAge = 24 * time.Hour
)

func (s *Service) edgeExport(ctx context.Context, p access.Principal, delta bool, from uint64) (EdgeCopy, error) {
	if s.edgeKeys == nil {
		return EdgeCopy{}, fault.New(fault.NotFound, "this node makes no edge copies")
	}
	if err := s.edgeUnit(ctx, p, "edge.export"); err != nil {
		return EdgeCopy{}, err
	}
	dbs, err := s.edgeScope(ctx, p)
	if err != nil {
		return EdgeCopy{}, err
	}
	key, err := s.edgeKeys.DeriveKey("ncbnet edge copy key v1 " + p.UnitID)
	if err != nil {
		return EdgeCopy{}, err
	}
	now := s.clock.Now()
	s.exportMu.Lock()
	last := s.exports[p.UnitID]
	s.exportMu.Unlock()
	var (
		entries []edge.Entry // a snapshot's; a delta's changed records'
		changed []string
	)
	if delta {
		if last.state == nil || last.seq != from || now.Sub(last.at) > edgeBaseAge {
			return EdgeCopy{}, ErrNoBase
		}
		changed, entries, err = s.edgeChanged(ctx, p, dbs, last, now)
	} else {
		entries, err = s.edgeEntries(ctx, p, dbs, now)
	}
	if err != nil {
		return EdgeCopy{}, err
	}
	// The copy is made outside the lock (a snapshot of 10 M documents takes
	// minutes); it is kept only if no other export of the unit came between.
	// Its sequence is the time it was made, in milliseconds (one more than
	// the last when two come in the same one): a hit uploaded with it is
	// dated by it (EdgeHits).
	seq := max(uint64(now.UnixMilli()), last.seq+1)
	var (
		body  []byte
		state *edge.State
	)
	if delta {
		body, state, err = edge.DiffFrom(key, from, seq, now, last.state, changed, entries, s.edgeKeys.NoteSigner())
	} else {
		body, state, err = edge.BuildState(key, seq, now, entries, s.edgeKeys.NoteSigner())
	}
	if err != nil {
		return EdgeCopy{}, fmt.Errorf("edge copy: %w", err)
	}
	s.exportMu.Lock()
	defer s.exportMu.Unlock()
	if cur := s.exports[p.UnitID]; cur.seq != last.seq || cur.state != last.state {
		if delta {
			return EdgeCopy{}, ErrNoBase
		}
		return EdgeCopy{}, errExportRace
	}
	what := "snapshot"
	if delta {
		what = "delta from " + strconv.FormatUint(from, 10)
	}
	if _, err := s.audit.Append(ctx, audit.Entry{
		Actor: audit.ActorOf(p), Action: "edge.export", Purpose: string(access.PurposeBorderControl), Outcome: audit.OutcomeSuccess,
		Details: map[string]string{"copy": what, "seq": strconv.FormatUint(seq, 10), "entries": strconv.Itoa(state.Len())},
	}); err != nil {
		return EdgeCopy{}, err
	}
	s.exports[p.UnitID] = export{seq: seq, state: state, at: now}
	// No delta starts further back than edgeBaseAge: older tombstones serve
	// no one.
	if err := records.PruneTombstones(ctx, s.db, now.Add(-2*edgeBaseAge)); err != nil {
		s.logger.Warn("edge copy: tombstones not pruned", "err", err)
	}
	for len(s.exports) > maxExports || s.exportRows() > maxExportRows && len(s.exports) > 1 {
		oldest := ""
		for unit, e := range s.exports {
			if oldest == "" || e.at.Before(s.exports[oldest].at) {
				oldest = unit
			}
		}
		delete(s.exports, oldest)
	}
	return EdgeCopy{Body: body, Key: key, Seq: seq, Entries: state.Len()}, nil
}

// edgeChanged returns the records changed, created, deleted or overdue
// since last was made, and the entries they hold now (none for those gone).
func (s *Service) edgeChanged(ctx context.Context, p access.Principal, dbs []string, last export, now time.Time) ([]string, []edge.Entry, error) {
	since := last.at.Add(-EdgeOverlap)
	touched := map[string]bool{}
	var fresh []edge.Entry
	err := records.ChangedSince(ctx, s.db, since, now, func(r records.Record) error {
		touched[r.ID] = true
		fresh = append(fresh, s.entriesOf(p, dbs, r, now)...)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("edge delta: %w", err)
	}
	deleted, err := records.DeletedSince(ctx, s.db, since)
	if err != nil {
		return nil, nil, fmt.Errorf("edge delta: %w", err)
	}
	for _, rec := range deleted {
		touched[rec] = true
	}
	changed := make([]string, 0, len(touched))
	for rec := range touched {
		// A copy holds records by their binary ID: one that has none was
		// never in it.
		if _, ok := id.Parse(rec); ok {
			changed = append(changed, rec)
		}
	}
	return changed, fresh, nil
}

// edgeUnit refuses, and audits the refusal of, a principal that is not of
// a border point: only a border point's edge node holds an offline copy and
// uploads the hits made from it. An NCB or a specialised unit checks online;
// a copy in its hands would be a bulk export of the first-line identifiers,
// and hits uploaded in its name would be checks it never made.
func (s *Service) edgeUnit(ctx context.Context, p access.Principal, action string) error {
	if p.UnitKind == access.KindBorderPoint {
		return nil
	}
	if _, err := s.audit.Append(ctx, audit.Entry{
		Actor: audit.ActorOf(p), Action: action, Purpose: string(access.PurposeBorderControl),
		Outcome: audit.OutcomeDenied, Reason: string(fault.UnitKindNotPermitted),
	}); err != nil {
		return fmt.Errorf("audit refusal of %s: %w", action, err)
	}
	return fault.New(fault.UnitKindNotPermitted, "only a border point's edge node fetches offline copies and uploads their hits (a unit of kind %s checks online: POST /api/v1/checks)", p.UnitKind)
}

// edgeScope returns the first-line databases p may check in at a border; a
// principal that may check in none is refused (and the refusal audited).
func (s *Service) edgeScope(ctx context.Context, p access.Principal) ([]string, error) {
	var dbs []string
	for _, d := range edgeDBs {
		if access.Decide(p, access.CheckRun, access.Resource{Database: d}, access.PurposeBorderControl).Allowed {
			dbs = append(dbs, d)
		}
	}
	if len(dbs) == 0 {
		if err := s.audit.Authorize(ctx, p, access.CheckRun, access.Resource{Database: edgeDBs[0]}, access.PurposeBorderControl); err != nil {
			return nil, err
		}
		return nil, fault.New(fault.Forbidden, "no first-line database to copy")
	}
	return dbs, nil
}

// edgeEntries lists the identifiers of every record p may check.
func (s *Service) edgeEntries(ctx context.Context, p access.Principal, dbs []string, now time.Time) ([]edge.Entry, error) {
	var out []edge.Entry
	err := records.Scan(ctx, s.db, func(r records.Record) error {
		out = append(out, s.entriesOf(p, dbs, r, now)...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("edge copy: %w", err)
	}
	return out, nil
}

// entriesOf is what an edge copy holds of r for p: its first-line
// identifiers, if r is live, not overdue outside its bureau and admitted by
// the owner's restrictions; none otherwise (a record p would be referred
// for stays at the central node, which answers it when the link is up).
func (s *Service) entriesOf(p access.Principal, dbs []string, r records.Record, now time.Time) []edge.Entry {
	if admitted, referred := match.Admit(p, access.CheckRun, access.PurposeBorderControl, r, dbs, now, true); !admitted || referred {
		return nil
	}
	d, _ := records.DatabaseByID(r.Database)
	schema, _ := d.Schema(r.Schema)
	if schema == nil {
		return nil
	}
	action := actionOf(r)
	urgent := urgencyOf(action) == hits.Urgent
	country := ""
	if c := r.Properties["country"]; len(c) > 0 {
		country = c[0]
	}
	var out []edge.Entry
	for _, prop := range schema.Properties {
		if prop.Type != records.TypeIdentifier || !slices.Contains(edgeKinds, prop.Kind) {
			continue
		}
		if prop.Kind == records.KindDocumentNumber && country == "" {
			continue // a number without its issuer cannot be checked offline
		}
		for _, v := range r.Properties[prop.Name] {
			if key := index.ExactKey(prop.Kind, v); key != "" {
				out = append(out, edge.Entry{Kind: string(prop.Kind), Value: key, Country: country, Database: r.Database,
					RecordID: r.ID, Owner: r.Owner, Action: action, Urgent: urgent})
			}
		}
	}
	return out
}

// maxEdgeHits bounds one upload.
const maxEdgeHits = 1000

// EdgeCopyValidity is how long a copy answers checks after it was made: an
// edge node refuses to answer from an older one (Offline), and the central
// node takes no hit made from a copy past it. Past a month a copy lacks too
// much of what was reported since for its "no-hit" to mean anything.
const EdgeCopyValidity = 30 * 24 * time.Hour

// edgeClockSkew is how far apart the edge node's clock and the central
// node's may be before an uploaded hit's time is refused.
const edgeClockSkew = 5 * time.Minute

// Why a hit uploaded by an edge node was dropped: its record is not there
// to be confirmed any more.
const (
	// DropRecordGone: the record was deleted since the copy was made.
	DropRecordGone = "record_gone"
	// DropRecordChanged: the record is now another bureau's, or in another
	// database, than the copy said.
	DropRecordChanged = "record_changed"
	// DropNotPermitted: the border point may no longer check against the
	// record (its grants or the owner's restrictions changed).
	DropNotPermitted = "not_permitted"
)

// EdgeUpload is the answer to an upload of offline hits: the IDs the edge
// node may forget, stored now or before, and among them those dropped, with
// why.
type EdgeUpload struct {
	Accepted []string     `json:"accepted"`
	Dropped  []DroppedHit `json:"dropped"`
}

// DroppedHit is an uploaded hit the central node did not store, and why
// (one of the Drop reasons).
type DroppedHit struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// EdgeHits takes the hits an edge node of p's unit (a border point) made
// offline. The whole upload is checked first (the IDs, a known database,
// owner, kind and purpose, and a check time inside the validity of the copy
// the hit was made from); a hit that fails makes the upload a 422 naming
// its field, and nothing is stored. Then each hit is stored once (a hit ID
// seen before is not stored again, so an upload repeated after a lost answer
// is harmless), told to its owner and to the checking side, and waits for
// the owner's confirmation from now. A hit whose record is gone, changed
// hands or is hidden from the unit since is dropped (the owner has nothing
// to confirm) and said so with its reason. Every ID uploaded is accepted:
// the edge node may forget them.
func (s *Service) EdgeHits(ctx context.Context, p access.Principal, in []edge.Hit) (EdgeUpload, error) {
	if err := s.edgeUnit(ctx, p, "edge.upload"); err != nil {
		return EdgeUpload{}, err
	}
	dbs, err := s.edgeScope(ctx, p)
	if err != nil {
		return EdgeUpload{}, err
	}
	now := s.clock.Now()
	if err := validEdgeHits(in, now); err != nil {
		return EdgeUpload{}, err
	}
	ids := make([]string, len(in))
	recIDs := make([]string, len(in))
	for i, h := range in {
		ids[i], recIDs[i] = h.ID, h.RecordID
	}
	// A copy uploaded again is known by its hits' IDs, once stored.
	if err := s.disclose.Settle(ctx); err != nil {
		return EdgeUpload{}, err
	}
	seen, err := hits.GetMany(ctx, s.db, ids)
	if err != nil {
		return EdgeUpload{}, err
	}
	recs, err := records.GetMany(ctx, s.db, recIDs)
	if err != nil {
		return EdgeUpload{}, err
	}
	byID := map[string]records.Record{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	var stored []hits.Hit
	out := EdgeUpload{Accepted: make([]string, 0, len(in)), Dropped: []DroppedHit{}}
	for _, h := range in {
		out.Accepted = append(out.Accepted, h.ID)
		if slices.ContainsFunc(seen, func(x hits.Hit) bool { return x.ID == h.ID }) {
			continue
		}
		r, ok := byID[h.RecordID]
		switch {
		case !ok:
			out.Dropped = append(out.Dropped, DroppedHit{ID: h.ID, Reason: DropRecordGone})
			continue
		case r.Owner != h.Owner || r.Database != h.Database:
			out.Dropped = append(out.Dropped, DroppedHit{ID: h.ID, Reason: DropRecordChanged})
			continue
		case !slices.Contains(dbs, r.Database) || !access.Decide(p, access.CheckRun, r.Resource(), access.Purpose(h.Purpose)).Allowed:
			out.Dropped = append(out.Dropped, DroppedHit{ID: h.ID, Reason: DropNotPermitted})
			continue
		}
		action := actionOf(r)
		urgency := urgencyOf(action)
		deadline := now.Add(hits.DeadlineOf(urgency))
		stored = append(stored, hits.Hit{
			ID: h.ID, RecordID: r.ID, Database: r.Database, Owner: r.Owner, Searcher: hits.SearcherOf(p),
			Purpose: access.Purpose(h.Purpose), Score: 1, Match: true, Matched: append([]string{"offline"}, h.Matched...), Time: h.Time,
			Source: hits.SourceCheck, Action: action, Urgency: urgency, Deadline: &deadline, Confirmation: hits.Pending,
		})
	}
	if len(stored) > 0 {
		err := s.disclose.Disclose(ctx, audit.Entry{
			Actor: audit.ActorOf(p), Action: string(access.CheckRun), Purpose: string(stored[0].Purpose),
			Outcome: audit.OutcomeSuccess, Details: map[string]string{"offline": "true", "hits": strconv.Itoa(len(stored))},
		}, stored)
		if err != nil {
			return EdgeUpload{}, fmt.Errorf("store edge hits: %w", err)
		}
	}
	return out, nil
}

// validEdgeHits checks an upload before anything of it is used: the first
// hit that fails is the error, naming its field (hits[3].time).
func validEdgeHits(in []edge.Hit, now time.Time) error {
	switch {
	case len(in) == 0:
		return fault.Field(fault.MissingField, "hits", "give at least one hit")
	case len(in) > maxEdgeHits:
		return fault.Field(fault.InvalidField, "hits", "at most %d hits an upload", maxEdgeHits)
	}
	kinds := make([]string, len(edgeKinds))
	for i, k := range edgeKinds {
		kinds[i] = string(k)
	}
	known := func(k string) bool { return slices.Contains(kinds, k) }
	byID := make(map[string]int, len(in))
	for i, h := range in {
		f := func(name string) string { return fmt.Sprintf("hits[%d].%s", i, name) }
		// The copy a hit was made from was made at its sequence (edgeExport).
		made := time.UnixMilli(int64(min(h.CopySeq, math.MaxInt64)))
		switch {
		case !id.Valid(h.ID):
			return fault.Field(fault.InvalidField, f("id"), "a hit ID is 26 characters (internal/id)")
		case byID[h.ID] > 0:
			return fault.Field(fault.InvalidField, f("id"), "the same hit as hits[%d]", byID[h.ID]-1)
		case !id.Valid(h.RecordID):
			return fault.Field(fault.InvalidField, f("record_id"), "not a record ID")
		case !slices.Contains(edgeDBs, h.Database):
			return fault.Field(fault.InvalidField, f("database"), "not a database an edge copy holds (%s)", strings.Join(edgeDBs, ", "))
		case !audit.IsCountryCode(h.Owner):
			return fault.Field(fault.InvalidField, f("owner"), "the owner is its bureau's ISO 3166-1 alpha-3 code")
		case !known(h.Kind):
			return fault.Field(fault.InvalidField, f("kind"), "not a kind an edge copy holds (%s)", strings.Join(kinds, ", "))
		case len(h.Matched) > len(kinds):
			return fault.Field(fault.InvalidField, f("matched"), "at most %d kinds", len(kinds))
		case slices.ContainsFunc(h.Matched, func(k string) bool { return !known(k) }):
			return fault.Field(fault.InvalidField, f("matched"), "not a kind an edge copy holds (%s)", strings.Join(kinds, ", "))
		case h.Purpose != string(access.PurposeBorderControl) && h.Purpose != string(access.PurposeSecurityCheck):
			return fault.Field(fault.InvalidField, f("purpose"), "an edge node checks for border-control or security-check")
		case h.CopySeq == 0:
			return fault.Field(fault.MissingField, f("copy_seq"), "the sequence of the copy the check was answered from")
		case made.After(now.Add(edgeClockSkew)):
			return fault.Field(fault.InvalidField, f("copy_seq"), "no copy with this sequence was made yet")
		case h.Time.IsZero():
			return fault.Field(fault.MissingField, f("time"), "the time of the check")
		case h.Time.After(now.Add(edgeClockSkew)):
			return fault.Field(fault.InvalidField, f("time"), "the time of the check is in the future (is the edge node's clock right?)")
		case h.Time.Before(made.Add(-edgeClockSkew)):
			return fault.Field(fault.InvalidField, f("time"), "the check is older than the copy it was answered from (is the edge node's clock right?)")
		case h.Time.After(made.Add(EdgeCopyValidity)):
			return fault.Field(fault.InvalidField, f("time"), "the check was answered from a copy past its validity (%d days)", EdgeCopyValidity/(24*time.Hour))
		}
		byID[h.ID] = i + 1
	}
	return nil
}
