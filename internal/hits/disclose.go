package hits

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Recorder writes audit entries durably (audit.Log.Record: in the
// write-ahead journal, integrated into the tree milliseconds later).
type Recorder interface {
	Record(ctx context.Context, entries ...audit.Entry) error
}

// Writer runs a write transaction: a *store.DB, or a *store.Group that
// commits the writes of concurrent requests together.
type Writer interface {
	InTx(ctx context.Context, fn func(tx *store.Tx) error) error
}

// Discloser is the one way a record is disclosed outside its owner's
// bureau: search, checks, manifests, edge uploads, listings and reads by
// ID all disclose through InTx, so that every disclosure is stored,
// audited and announced alike.
type Discloser struct {
	audit  Recorder
	broker *Broker
	writer Writer
}

// NewDiscloser returns a Discloser that audits with log, announces on
// broker (nil: to no live stream) and writes with writer.
func NewDiscloser(log Recorder, broker *Broker, writer Writer) *Discloser {
	return &Discloser{audit: log, broker: broker, writer: writer}
}

// Broker is where disclosed hits are announced, and streams opened.
func (d *Discloser) Broker() *Broker { return d.broker }

// Disclose stores hs and records entry, the audit entry of what disclosed
// them (the search, the check), and returns once both are durable: the
// hits in the store (under load in one commit with the disclosures of
// other requests), the entry in the audit log's journal, written at the
// same time. Then it announces the hits to the live streams of every node.
// The caller answers only once Disclose has returned, so that what it
// shows is always audited and its hits stored; a failure of either leaves
// the other done (an entry of a disclosure that did not happen, or hits no
// answer disclosed), never a disclosure that is not audited.
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
		if err := d.audit.Record(ctx, entry); err != nil {
			return fmt.Errorf("record disclosure: %w", err)
		}
		return nil
	}
	recorded := make(chan error, 1)
	go func() { recorded <- d.audit.Record(ctx, entry) }()
	// The hits share a transaction with other requests' (store.Group): a
	// statement this request's cancellation interrupted would fail it for
	// them all, so the statements run without it.
	write := context.WithoutCancel(ctx)
	stored := d.writer.InTx(ctx, func(tx *store.Tx) error { return Insert(write, tx, hs) })
	if err := <-recorded; err != nil {
		if stored == nil {
			// Stored but not audited: taken back, so that no listing shows
			// what the log does not.
			if derr := d.writer.InTx(write, func(tx *store.Tx) error { return Delete(write, tx, hs) }); derr != nil {
				err = errors.Join(err, fmt.Errorf("take back the hits: %w", derr))
			}
		}
		return fmt.Errorf("record disclosure: %w", err)
	}
	if stored != nil {
		return fmt.Errorf("store disclosed hits: %w", stored)
	}
	d.broker.Publish(ctx, hs)
	return nil
}
