package audit

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ncbnet/ncbnet/internal/store"
)

// An attachment is what a module stores because of an audited act, kept
// with the act's entry: durable in the journal with the entry (one sync for
// both), written to the store by the integrator in the transaction that
// puts the entry in the tree, so that the store never holds one without the
// other. The hits of a check are its first use: a check that hits costs no
// more syncs than one that does not, and a hit is never stored unaudited
// nor audited unstored.
//
// In the journal an attachment follows its entry's canonical JSON after a
// zero byte (JSON never holds one): kind, a zero byte, the data. The
// record's HMAC covers it. A journal written before attachments existed
// reads as entries without one.

// Attachment is a module's data stored with an audit entry.
type Attachment struct {
	// Kind names the Attacher that stores it (Log.Attach).
	Kind string
	// Data is what the journal keeps.
	Data []byte
	// Value is Data decoded, if the caller has it: handed to the Attacher
	// in the process that recorded it, which then need not decode Data
	// (nil for an attachment read back from the journal after a restart).
	Value any
}

// Attacher stores one kind of attachment.
type Attacher interface {
	// Store writes the attachments of a batch in the transaction that puts
	// their entries in the tree. It must accept an attachment it has
	// stored before (a batch retried after a commit whose outcome could
	// not be told): an error fails the batch, which is tried again.
	Store(ctx context.Context, tx *store.Tx, batch []Attachment) error
	// Stored is told of them once that transaction has committed, in the
	// order of the batches, from a goroutine of the log's own (Run); it
	// should not wait long.
	Stored(ctx context.Context, batch []Attachment)
}

// Attach registers the Attacher of a kind of attachment. Register it before
// Run, so that attachments left in the journal by a crash find it; a batch
// holding a kind no one registered fails, and is tried again.
func (l *Log) Attach(kind string, a Attacher) {
	if kind == "" || strings.IndexByte(kind, 0) >= 0 {
		panic("audit: an attachment kind must be a non-empty name")
	}
	l.attachMu.Lock()
	defer l.attachMu.Unlock()
	if l.attachers == nil {
		l.attachers = map[string]Attacher{}
	}
	l.attachers[kind] = a
}

func (l *Log) attacher(kind string) Attacher {
	l.attachMu.RLock()
	defer l.attachMu.RUnlock()
	return l.attachers[kind]
}

// RecordAttached writes e with its attachment: durable, as Record does, once
// it returns, and stored by the attachment's Attacher when the entry enters
// the tree. Settle waits for that.
func (l *Log) RecordAttached(ctx context.Context, e Entry, a Attachment) error {
	if a.Kind == "" || strings.IndexByte(a.Kind, 0) >= 0 {
		return fmt.Errorf("BUG: audit attachment without a kind")
	}
	if l.attacher(a.Kind) == nil {
		return fmt.Errorf("BUG: audit attachment of kind %q, which no one stores", a.Kind)
	}
	enc := make([]byte, 0, len(a.Kind)+1+len(a.Data))
	enc = append(append(append(enc, a.Kind...), 0), a.Data...)
	return l.record(ctx, []Entry{e}, []attached{{enc: enc, value: a.Value}})
}

// attached is an attachment on its way: encoded (kind, zero byte, data),
// and its value when the caller gave it.
type attached struct {
	enc   []byte
	value any
}

// splitRecordBody separates a journal record's body into the entry's
// canonical JSON and its encoded attachment (nil without one).
func splitRecordBody(body []byte) (leaf, attach []byte) {
	if i := bytes.IndexByte(body, 0); i >= 0 {
		return body[:i], body[i+1:]
	}
	return body, nil
}

// decodeAttachment splits an encoded attachment into its kind and data.
func decodeAttachment(enc []byte) (kind string, data []byte, ok bool) {
	i := bytes.IndexByte(enc, 0)
	if i <= 0 {
		return "", nil, false
	}
	return string(enc[:i]), enc[i+1:], true
}

// attachedBatch holds the attachments of one kind in a batch, in order.
type attachedBatch struct {
	kind string
	data []Attachment
}

func groupAttachments(items []item) ([]attachedBatch, error) {
	var out []attachedBatch
	for _, it := range items {
		if it.attach == nil {
			continue
		}
		kind, data, ok := decodeAttachment(it.attach)
		if !ok {
			return nil, fmt.Errorf("audit entry %s: an attachment without a kind", it.entry.ID)
		}
		i := slices.IndexFunc(out, func(b attachedBatch) bool { return b.kind == kind })
		if i < 0 {
			out = append(out, attachedBatch{kind: kind})
			i = len(out) - 1
		}
		out[i].data = append(out[i].data, Attachment{Kind: kind, Data: data, Value: it.value})
	}
	return out, nil
}

// storeAttachments has each kind's Attacher store the attachments of items
// in tx.
func (l *Log) storeAttachments(ctx context.Context, tx *store.Tx, items []item) ([]attachedBatch, error) {
	batches, err := groupAttachments(items)
	if err != nil {
		return nil, err
	}
	for _, b := range batches {
		a := l.attacher(b.kind)
		if a == nil {
			return nil, fmt.Errorf("no one stores audit attachments of kind %q", b.kind)
		}
		if err := a.Store(ctx, tx, b.data); err != nil {
			return nil, fmt.Errorf("store %s attached to audit entries: %w", b.kind, err)
		}
	}
	return batches, nil
}

// announce queues stored attachments for their Attachers' Stored, run in
// order by the announcer goroutine (runAnnouncer).
func (l *Log) announce(batches []attachedBatch) {
	if len(batches) == 0 {
		return
	}
	l.announceMu.Lock()
	l.announceQueue = append(l.announceQueue, batches...)
	l.announceMu.Unlock()
	select {
	case l.announceWake <- struct{}{}:
	default:
	}
}

// announceWritten announces the attachments of the items of all that are
// not in left: a batch whose commit failed in a way that left unknown
// whether it took effect, found in the tree after all.
func (l *Log) announceWritten(all, left []item) {
	var written []item
	for _, it := range all {
		if it.attach != nil && !slices.ContainsFunc(left, func(o item) bool { return o.entry.ID == it.entry.ID }) {
			written = append(written, it)
		}
	}
	if batches, err := groupAttachments(written); err == nil {
		l.announce(batches)
	}
}

// runAnnouncer tells the Attachers of what was stored until ctx ends, then
// tells them what is left.
func (l *Log) runAnnouncer(ctx context.Context) {
	for {
		l.announceMu.Lock()
		q := l.announceQueue
		l.announceQueue = nil
		l.announceMu.Unlock()
		for _, b := range q {
			if a := l.attacher(b.kind); a != nil {
				a.Stored(context.WithoutCancel(ctx), b.data)
			}
		}
		if len(q) > 0 {
			continue
		}
		select {
		case <-l.announceWake:
		case <-ctx.Done():
			l.announceMu.Lock()
			q = l.announceQueue
			l.announceQueue = nil
			l.announceMu.Unlock()
			for _, b := range q {
				if a := l.attacher(b.kind); a != nil {
					a.Stored(context.WithoutCancel(ctx), b.data)
				}
			}
			return
		}
	}
}

// Settle returns once every entry recorded (Record, RecordAttached) before
// the call is in the tree, with its attachment stored: a reader of what
// attachments store (a bureau's hits) calls it first, to see what it was
// just told of. It returns at once when nothing waits for the integrator,
// or when the log has no journal (Record then waits for the tree itself) or
// its integrator is not running.
func (l *Log) Settle(ctx context.Context) error {
	j := l.journal
	if j == nil || !l.running.Load() {
		return nil
	}
	j.mu.Lock()
	target := j.seq
	j.mu.Unlock()
	var (
		last  uint64
		pause time.Duration // grows while rounds make no progress
	)
	for round := 0; ; round++ {
		j.mu.Lock()
		through := j.settledThrough()
		progress := j.progress
		j.mu.Unlock()
		if through >= target {
			return nil
		}
		// A round that integrated nothing (the store down, say) is not
		// followed at once by another: the integrator would retry without
		// pause for as long as readers wait.
		switch {
		case round == 0 || through > last:
			last, pause = through, 0
		case pause == 0:
			pause = 10 * time.Millisecond
		default:
			pause = min(2*pause, time.Second)
		}
		if pause > 0 {
			select {
			case <-time.After(pause):
			case <-l.stopped:
				return errStopped
			case <-ctx.Done():
				return fmt.Errorf("wait for the audit log: %w", ctx.Err())
			}
		}
		j.wake()
		select {
		case <-progress:
		case <-l.stopped:
			return errStopped
		case <-ctx.Done():
			return fmt.Errorf("wait for the audit log: %w", ctx.Err())
		}
	}
}
