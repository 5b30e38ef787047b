package hits

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/ncbnet/ncbnet/internal/bus"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/live"
	"github.com/ncbnet/ncbnet/internal/store"
)

// EventSubject is the subject of hit events on the event bus.
const EventSubject = "hits"

// event tells every node of hits stored. It names them only: each node
// loads them from the store, so the bus carries no one's searches, and an
// event that names no stored hit pushes nothing.
type event struct {
	IDs []string `json:"ids"`
}

// Bus is the event bus as the broker uses it (internal/bus).
type Bus interface {
	Publish(ctx context.Context, subject string, data []byte) error
	Subscribe(subject string, h bus.Handler) (stop func(), err error)
}

// Broker pushes hits to the owners' open streams, on every node: Publish
// announces the hits this node stored (or changed), and every node's
// broker (Start) loads them and hands each to the streams open on that
// node (internal/live). A stream too slow to keep up is ended, and its
// client resumes from its last hit (Last-Event-ID); the stored list is
// complete.
type Broker struct {
	events Bus
	db     store.Conn
	logger *slog.Logger
	live   *live.Broker[Hit] // by topic: ownerTopic, checkerTopic, unitTopic
}

// A stream follows one topic: the hits on a bureau's records (the owner's
// view), or the hits found by a bureau's checks, or by one unit's.
func ownerTopic(country string) string   { return "owner/" + country }
func checkerTopic(country string) string { return "checker/" + country }
func unitTopic(unit string) string       { return "unit/" + unit }

// streamBuffer is how many hits a stream holds before it is ended.
const streamBuffer = 256

// NewBroker returns a broker with no streams.
func NewBroker(events Bus, db store.Conn, logger *slog.Logger) *Broker {
	if logger == nil {
		logger = slog.Default()
	}
	return &Broker{events: events, db: db, logger: logger, live: live.New[Hit](streamBuffer)}
}

// Start has the broker push the hits of every node to this node's streams
// until stop is called.
func (b *Broker) Start() (stop func(), err error) {
	return b.events.Subscribe(EventSubject, receiver{b})
}

// announceTimeout bounds how long a search that has committed its hits
// waits to announce them.
const announceTimeout = 5 * time.Second

// Publish announces hits stored or changed (answered, escalated), after
// their commit (a nil broker announces nothing). The search stands
// whatever happens here: a failure is logged (the hits are in the stored
// list), and the announcement is made even if the searcher has gone.
func (b *Broker) Publish(ctx context.Context, hs []Hit) {
	if b == nil || len(hs) == 0 {
		return
	}
	e := event{IDs: make([]string, len(hs))}
	for i, h := range hs {
		e.IDs[i] = h.ID
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), announceTimeout)
	defer cancel()
	data, err := json.Marshal(e)
	if err == nil {
		err = b.events.Publish(ctx, EventSubject, data)
	}
	if err != nil {
		b.logger.Error("announce hits to the live streams", "hits", len(hs), "err", err)
	}
}

// maxMissed bounds the hits a reconnecting stream is sent before the live
// ones; beyond that the listing has them.
const maxMissed = 500

// follow opens a stream of topic for a client whose last hit was lastID
// ("": a new stream), resuming with the hits meeting where (a constant
// condition with placeholders for args) after it.
func (b *Broker) follow(ctx context.Context, topic, lastID, where string, args ...any) (<-chan Hit, func(), error) {
	if lastID != "" && !id.Valid(lastID) {
		return nil, nil, fault.Field(fault.BadParameter, "Last-Event-ID", "Last-Event-ID is the ID of the last hit the stream sent")
	}
	missed := func(ctx context.Context, last string) ([]Hit, bool, error) {
		hs, err := query(ctx, b.db, `SELECT `+hitColumns+` FROM hits WHERE `+where+` AND id > ? ORDER BY id LIMIT ?`, append(args, last, maxMissed+1)...)
		if err != nil {
			return nil, false, fmt.Errorf("load the hits a stream missed: %w", err)
		}
		if len(hs) > maxMissed {
			return hs[:maxMissed], true, nil
		}
		return hs, false, nil
	}
	// A new hit the client had (its ID at or before lastID) may still be
	// announced after the stream resumed: it is not sent again.
	var keep func(Hit) bool
	if lastID != "" {
		keep = func(h Hit) bool { return newHitKey(h) == "" || h.ID > lastID }
	}
	return live.Follow(ctx, b.live, []string{topic}, keep, lastID, missed, newHitKey)
}

// newHitKey names a new hit, which a resumed stream sends once; an answer
// or an escalation of a hit is a change of it, always sent.
func newHitKey(h Hit) string {
	if h.AnsweredAt == nil && h.EscalatedAt == nil {
		return h.ID
	}
	return ""
}

// Follow opens a stream of an owner's hits on this node, resumed after
// lastID; cancel closes it.
func (b *Broker) Follow(ctx context.Context, owner, lastID string) (hits <-chan Hit, cancel func(), err error) {
	return b.follow(ctx, ownerTopic(owner), lastID, `owner = ?`, owner)
}

// FollowChecks opens a stream of the hits found by a bureau's checks (unit
// "") or by one of its units', with each change of their confirmation,
// resumed after lastID; cancel closes it.
func (b *Broker) FollowChecks(ctx context.Context, country, unit, lastID string) (hits <-chan Hit, cancel func(), err error) {
	if unit != "" {
		return b.follow(ctx, unitTopic(unit), lastID, `searcher_country = ? AND searcher_unit = ? AND source = ?`, country, unit, SourceCheck)
	}
	return b.follow(ctx, checkerTopic(country), lastID, `searcher_country = ? AND source = ?`, country, SourceCheck)
}

// push hands hits to the streams on this node that follow them: the
// owner's, and for a check's hit the checking bureau's and unit's.
func (b *Broker) push(hs []Hit) {
	for _, h := range hs {
		b.live.Push(ownerTopic(h.Owner), h)
		if h.Source == SourceCheck && h.Searcher.Country != "" {
			b.live.Push(checkerTopic(h.Searcher.Country), h)
			b.live.Push(unitTopic(h.Searcher.UnitID), h)
		}
	}
}

// receiver takes the hit events of every node from the bus.
type receiver struct{ b *Broker }

func (r receiver) Event(ctx context.Context, data []byte) {
	// With no stream open on this node there is no one to load them for.
	if r.b.live.Idle() {
		return
	}
	var e event
	if err := json.Unmarshal(data, &e); err != nil {
		r.b.logger.Error("a hit event that is not one: ignored", "err", err)
		return
	}
	// A store that fails for a moment gets a few tries; after that the
	// streams miss these hits, which stay in the stored list.
	for try := 1; ; try++ {
		hs, err := GetMany(ctx, r.b.db, e.IDs)
		if err == nil {
			r.b.push(hs)
			return
		}
		if try == 3 || ctx.Err() != nil {
			r.b.logger.Error("load hits for the live streams: they miss them", "hits", len(e.IDs), "err", err)
			return
		}
		t := time.NewTimer(time.Duration(try) * 200 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
	}
}

func (r receiver) Missed(context.Context) {
	r.b.logger.Warn("hit events were missed: live streams on this node may lack hits (the stored list is complete)")
}
