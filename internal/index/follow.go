package index

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/ncbnet/ncbnet/internal/bus"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/store"
)

// How the index stays current on every node:
//
//   - The node that makes a change applies it directly, after its commit
//     (RecordChanged, RecordDeleted: the records service's observer), so a
//     record is findable as soon as its write returns.
//   - Every node, that one included, receives the change's event from the
//     bus and loads the records it names from the store (Apply). Applying
//     the store's current state twice, late or out of order leaves the
//     same index, and a direct change that applied an older version than
//     the store now holds (two writers of one record) is put right. Only
//     new records the node already knows are not loaded again: nothing
//     about them can be newer than what it holds.
//   - The index keeps each record's version in its slot and ignores a
//     change older than the one it applied, whichever path brings it
//     late, and any change to a record after its deletion (changeLocked).
//   - Both take x.sync: a load from the store and its application happen
//     together, so a version loaded before a commit cannot overwrite the
//     version that commit applied.
//   - When the bus says events were missed, the index is rebuilt from the
//     store (Rebuild), which also drops records deleted meanwhile.

// Subscriber is the event bus as the index uses it (internal/bus).
type Subscriber interface {
	Subscribe(subject string, h bus.Handler) (stop func(), err error)
}

// Follow keeps the index current with the record events of every node
// until stop is called. Call it before Rebuild at start, so that no change
// falls between the scan and the first event.
func (x *Index) Follow(events Subscriber, db store.Conn, logger *slog.Logger) (stop func(), err error) {
	stop, err = events.Subscribe(records.EventSubject, &follower{x: x, db: db, logger: logger})
	if err != nil {
		return nil, fmt.Errorf("follow record events: %w", err)
	}
	return stop, nil
}

type follower struct {
	x      *Index
	db     store.Conn
	logger *slog.Logger
}

func (f *follower) Event(ctx context.Context, data []byte) {
	var e records.Event
	if err := json.Unmarshal(data, &e); err != nil {
		f.logger.Error("a record event that is not one: ignored", "err", err)
		return
	}
	f.retry(ctx, "apply record changes to the search index", func() error { return f.x.Apply(ctx, f.db, e) })
}

func (f *follower) Missed(ctx context.Context) {
	f.logger.Warn("record events were missed: rebuilding the search index from the store")
	f.retry(ctx, "rebuild the search index", func() error { return f.x.Rebuild(ctx, f.db, f.logger) })
}

// retry runs fn until it succeeds or the subscription stops: a store that
// cannot be read for a while (a restart, a failover) must not leave the
// index without a change it was told of. Events queue meanwhile; if the
// queue overflows, the bus calls Missed and the index is rebuilt.
func (f *follower) retry(ctx context.Context, what string, fn func() error) {
	for wait := 100 * time.Millisecond; ; wait = min(2*wait, 5*time.Second) {
		err := fn()
		if err == nil || ctx.Err() != nil {
			return
		}
		f.logger.Warn(what+": trying again", "err", err, "in", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// Apply brings the records an event names to their current state in the
// store: indexed if they exist, forgotten if not. Records an event says
// were created are loaded only if the index does not know them yet: the
// node that made them applied them before announcing them, so an import
// costs its own node no second reading.
func (x *Index) Apply(ctx context.Context, db store.Conn, e records.Event) error {
	x.sync.Lock()
	defer x.sync.Unlock()
	ids := e.IDs
	if e.Change == records.ChangeCreated {
		ids = x.unknown(ids)
	}
	if len(ids) == 0 {
		return nil
	}
	var recs []records.Record
	if e.Change != records.ChangeDeleted {
		var err error
		if recs, err = records.GetMany(ctx, db, ids); err != nil {
			return err
		}
	}
	for _, id := range ids {
		x.noteDirty(id)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.loadedLocked(ids, recs)
	return nil
}

// unknown returns the IDs of records the index has no slot for.
func (x *Index) unknown(ids []string) []string {
	var out []string
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, s := range ids {
		if bid, ok := id.Parse(s); ok {
			if _, found := x.slotOf(bid); !found {
				out = append(out, s)
			}
		}
	}
	return out
}

// loadedLocked applies records loaded for ids: those not found are gone.
// Callers hold mu.
func (x *Index) loadedLocked(ids []string, recs []records.Record) {
	found := make(map[string]bool, len(recs))
	for _, r := range recs {
		found[r.ID] = true
		x.changeLocked(r)
	}
	for _, id := range ids {
		if !found[id] {
			x.forgetLocked(id)
		}
	}
}

// noteDirty remembers a changed record while Rebuild runs. Callers hold sync.
func (x *Index) noteDirty(recordID string) {
	if x.dirty != nil {
		x.dirty[recordID] = struct{}{}
	}
}

// dirtyRound is how many changed records Rebuild loads without holding
// back writers; the last, smaller round holds them.
const dirtyRound = 1000

// Rebuild replaces the index's content with the store's. It scans the
// store into a new index while this one keeps answering (memory for both
// meanwhile), loads again the records changed during the scan (each
// change applied here is noted), and swaps the new content in.
func (x *Index) Rebuild(ctx context.Context, db store.Conn, logger *slog.Logger) error {
	x.rebuildMu.Lock()
	defer x.rebuildMu.Unlock()
	x.sync.Lock()
	x.dirty = map[string]struct{}{}
	x.sync.Unlock()
	swapped := false
	defer func() {
		if !swapped {
			x.sync.Lock()
			x.dirty = nil
			x.sync.Unlock()
		}
	}()
	start := time.Now()
	x.mu.RLock()
	fresh := newIndex(int(float64(len(x.idents.buckets))*maxLoad), x.seed) // at least as large
	fresh.fields, fresh.fieldMakers, fresh.fieldOrder = x.freshFields()
	x.mu.RUnlock()
	n, last := 0, time.Now()
	err := records.Scan(ctx, db, func(r records.Record) error {
		fresh.changeLocked(r) // fresh is not shared yet
		n++
		if time.Since(last) > 5*time.Second {
			logger.Info("rebuilding the search index", "records", n, "elapsed", time.Since(start).Round(time.Second))
			last = time.Now()
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	for {
		x.sync.Lock()
		if len(x.dirty) <= dirtyRound {
			break // keep sync: the last round and the swap hold writers back
		}
		ids := slices.Collect(maps.Keys(x.dirty))
		x.dirty = map[string]struct{}{}
		x.sync.Unlock()
		recs, err := records.GetMany(ctx, db, ids)
		if err != nil {
			return fmt.Errorf("rebuild search index: %w", err)
		}
		fresh.loadedLocked(ids, recs)
	}
	defer x.sync.Unlock()
	ids := slices.Collect(maps.Keys(x.dirty))
	recs, err := records.GetMany(ctx, db, ids)
	if err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	fresh.loadedLocked(ids, recs)
	x.mu.Lock()
	x.slots, x.sorted, x.extra, x.idents, x.people = fresh.slots, fresh.sorted, fresh.extra, fresh.idents, fresh.people
	x.owners, x.ownerNames, x.restricted = fresh.owners, fresh.ownerNames, fresh.restricted
	x.fields = fresh.fields
	x.mu.Unlock()
	x.dirty, swapped = nil, true
	logger.Info("search index ready", "records", n, "elapsed", time.Since(start).Round(time.Millisecond), "identifier_bytes", fresh.idents.bytes())
	return nil
}
