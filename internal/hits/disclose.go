package hits

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Journal is the audit log as disclosure uses it (*audit.Log): hits travel
// with the audit entry of what disclosed them, as its attachment.
type Journal interface {
	Record(ctx context.Context, entries ...audit.Entry) error
	RecordAttached(ctx context.Context, e audit.Entry, a audit.Attachment) error
	Attach(kind string, a audit.Attacher)
	Settle(ctx context.Context) error
}

// attachmentKind names hits among the audit log's attachments.
const attachmentKind = "hits"

// Discloser is the one way a record is disclosed outside its owner's
// bureau: search, checks, manifests, edge uploads, listings and reads by
// ID all call Disclose, so that every disclosure is stored, audited and
// announced alike.
//
// The hits of a disclosure are an attachment of its audit entry: durable
// with the entry in the audit journal (one sync for both, shared with the
// other requests of the moment), and stored in the hits table by the audit
// log's integrator, in the transaction that puts the entry in the tree,
// milliseconds later. So a hit is never stored without its entry nor its
// entry without it, and a check that hits waits for no more writes than one
// that does not. Readers of the hits table call Settle first, to see the
// hits disclosed before; the broker announces hits once they are stored.
type Discloser struct {
	log    Journal
	broker atomic.Pointer[Broker]
	logger *slog.Logger

	// waiting holds the hits of checks disclosed and not yet stored, by
	// the checking unit, record and subject (Waiting).
	mu      sync.Mutex
	waiting map[waitKey]Hit
}

type waitKey struct{ unit, record, subject string }

// NewDiscloser returns a Discloser that records hits with log and
// announces them on broker (nil: to no live stream). It registers itself
// with log as the store of hits: make it before log runs, so that hits a
// crash left in the journal are stored.
func NewDiscloser(log Journal, broker *Broker, logger *slog.Logger) *Discloser {
	if logger == nil {
		logger = slog.Default()
	}
	d := &Discloser{log: log, logger: logger, waiting: map[waitKey]Hit{}}
	d.broker.Store(broker)
	log.Attach(attachmentKind, attacher{d})
	return d
}

// AnnounceOn has the hits stored from now on announced on broker: a node
// registers its Discloser before its event bus is open.
func (d *Discloser) AnnounceOn(broker *Broker) { d.broker.Store(broker) }

// Broker is where disclosed hits are announced, and streams opened.
func (d *Discloser) Broker() *Broker { return d.broker.Load() }

// Disclose records entry, the audit entry of what disclosed hs (the search,
// the check), with hs, and returns once both are durable. The hits are
// stored and announced to the live streams of every node moments later.
// The caller answers only once Disclose has returned, so that what it
// shows is always audited and its hits kept.
//
// Every hit's record is made one of the entry's resources and every hit's
// owner one of its subjects, whatever the caller put there: a bureau's
// data protection officer finds each disclosure of its data in the log.
func (d *Discloser) Disclose(ctx context.Context, entry audit.Entry, hs []Hit) error {
	for _, h := range hs {
		if h.ID == "" || h.RecordID == "" || h.Owner == "" {
			return fmt.Errorf("BUG: disclose a hit without its ID, record or owner: %+v", h)
		}
		if !slices.Contains(entry.Resources, h.RecordID) {
			entry.Resources = append(entry.Resources, h.RecordID)
		}
		if !slices.Contains(entry.Subjects, h.Owner) {
			entry.Subjects = append(entry.Subjects, h.Owner)
		}
	}
	slices.Sort(entry.Subjects)
	if len(hs) == 0 {
		if err := d.log.Record(ctx, entry); err != nil {
			return fmt.Errorf("record disclosure: %w", err)
		}
		return nil
	}
	data, err := encodeHits(hs)
	if err != nil {
		return err
	}
	// Known as waiting before they can be stored, so that Stored, which
	// forgets them, always comes after.
	d.hold(hs)
	if err := d.log.RecordAttached(ctx, entry, audit.Attachment{Kind: attachmentKind, Data: data, Value: slices.Clone(hs)}); err != nil {
		d.release(hs)
		return fmt.Errorf("record disclosure: %w", err)
	}
	return nil
}

// Settle returns once every hit disclosed before the call is stored: a
// reader of the hits table calls it first.
func (d *Discloser) Settle(ctx context.Context) error {
	if err := d.log.Settle(ctx); err != nil {
		return fmt.Errorf("wait for disclosed hits: %w", err)
	}
	return nil
}

// Waiting returns the hits of checks by unit on these records that still
// wait for the owner's answer, by record ID and subject key (their ID,
// record, owner, subject key, deadline and confirmation alone): those
// disclosed and not yet stored, and those stored (PendingChecked).
func (d *Discloser) Waiting(ctx context.Context, c store.Conn, unit string, recordIDs []string) (map[[2]string]Hit, error) {
	// Those held first: one stored in between is then in the table.
	held := map[[2]string]Hit{}
	d.mu.Lock()
	for k, h := range d.waiting {
		if k.unit == unit && slices.Contains(recordIDs, k.record) {
			held[[2]string{k.record, k.subject}] = h
		}
	}
	d.mu.Unlock()
	out, err := PendingChecked(ctx, c, unit, recordIDs)
	if err != nil {
		return nil, err
	}
	var missing []string
	for k, h := range held {
		if _, ok := out[k]; !ok {
			missing = append(missing, h.ID)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	// A held hit the table has but not as waiting was stored and answered
	// since (its Stored may come later, or not at all after a commit whose
	// outcome could not be told): the table is right, and it is let go.
	stored, err := GetMany(ctx, c, missing)
	if err != nil {
		return nil, err
	}
	var answered []Hit
	for k, h := range held {
		if _, ok := out[k]; ok {
			continue
		}
		i := slices.IndexFunc(stored, func(s Hit) bool { return s.ID == h.ID })
		if i < 0 || stored[i].Confirmation == Pending {
			out[k] = h // not stored yet, or stored since and still waiting
			continue
		}
		answered = append(answered, h)
	}
	d.release(answered)
	return out, nil
}

// hold keeps the check hits of hs as waiting until they are stored.
func (d *Discloser) hold(hs []Hit) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, h := range hs {
		if k, ok := keyOf(h); ok {
			if _, taken := d.waiting[k]; !taken {
				d.waiting[k] = Hit{ID: h.ID, RecordID: h.RecordID, Owner: h.Owner, Searcher: Searcher{UnitID: h.Searcher.UnitID}, SubjectKey: h.SubjectKey,
					Deadline: h.Deadline, Confirmation: Pending, Source: SourceCheck}
			}
		}
	}
}

// release forgets hits held (stored, or never recorded).
func (d *Discloser) release(hs []Hit) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, h := range hs {
		if k, ok := keyOf(h); ok && d.waiting[k].ID == h.ID {
			delete(d.waiting, k)
		}
	}
}

func keyOf(h Hit) (waitKey, bool) {
	if h.Source != SourceCheck || h.SubjectKey == "" || h.Confirmation != Pending {
		return waitKey{}, false
	}
	return waitKey{unit: h.Searcher.UnitID, record: h.RecordID, subject: h.SubjectKey}, true
}

// storedHit is a hit as it travels in the audit journal: with its subject
// key, which the API never shows.
type storedHit struct {
	Hit
	SubjectKey string `json:"subject_key,omitempty"`
}

func encodeHits(hs []Hit) ([]byte, error) {
	out := make([]storedHit, len(hs))
	for i, h := range hs {
		out[i] = storedHit{Hit: h, SubjectKey: h.SubjectKey}
	}
	data, err := json.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("encode disclosed hits: %w", err)
	}
	return data, nil
}

// decodeHits returns the hits of a batch of attachments: as recorded, or
// read back from the journal.
func decodeHits(batch []audit.Attachment) ([]Hit, error) {
	var out []Hit
	for _, a := range batch {
		if hs, ok := a.Value.([]Hit); ok {
			out = append(out, hs...)
			continue
		}
		var in []storedHit
		if err := json.Unmarshal(a.Data, &in); err != nil {
			return nil, fmt.Errorf("decode disclosed hits: %w", err)
		}
		for _, h := range in {
			h.Hit.SubjectKey = h.SubjectKey
			out = append(out, h.Hit)
		}
	}
	return out, nil
}

// attacher stores the hits attached to audit entries, in the integrator's
// transaction, and announces them once committed.
type attacher struct{ d *Discloser }

func (a attacher) Store(ctx context.Context, tx *store.Tx, data []audit.Attachment) error {
	hs, err := decodeHits(data)
	if err != nil {
		return err
	}
	return Insert(ctx, tx, hs)
}

func (a attacher) Stored(ctx context.Context, data []audit.Attachment) {
	hs, err := decodeHits(data)
	if err != nil {
		// Store decoded the same bytes: this cannot happen.
		a.d.logger.Error("stored hits not announced", "err", err)
		return
	}
	a.d.release(hs)
	a.d.Broker().Publish(ctx, hs)
}
