package hits

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/ncbnet/ncbnet/internal/bus"
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
// announces the hits this node stored, and every node's broker (Start)
// loads them and hands each to the streams open on that node, once per
// stream. A slow stream that cannot keep up misses hits rather than slowing
// searches down; the stored list is complete.
type Broker struct {
	events Bus
	db     store.Conn
	logger *slog.Logger

	mu   sync.Mutex
	subs map[string]map[chan Hit]struct{} // by topic: ownerTopic, checkerTopic, unitTopic
}

// A stream follows one topic: the hits on a bureau's records (the owner's
// view), or the hits found by a bureau's checks, or by one unit's.
func ownerTopic(country string) string   { return "owner/" + country }
func checkerTopic(country string) string { return "checker/" + country }
func unitTopic(unit string) string       { return "unit/" + unit }

// NewBroker returns a broker with no streams.
func NewBroker(events Bus, db store.Conn, logger *slog.Logger) *Broker {
	if logger == nil {
		logger = slog.Default()
	}
	return &Broker{events: events, db: db, logger: logger, subs: map[string]map[chan Hit]struct{}{}}
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

// Subscribe opens a stream of an owner's hits on this node; cancel closes it.
func (b *Broker) Subscribe(owner string) (hits <-chan Hit, cancel func()) {
	return b.subscribe(ownerTopic(owner))
}

// SubscribeChecks opens a stream of the hits found by a bureau's checks
// (unit "") or by one of its units', with each change of their
// confirmation; cancel closes it.
func (b *Broker) SubscribeChecks(country, unit string) (hits <-chan Hit, cancel func()) {
	if unit != "" {
		return b.subscribe(unitTopic(unit))
	}
	return b.subscribe(checkerTopic(country))
}

func (b *Broker) subscribe(topic string) (<-chan Hit, func()) {
	ch := make(chan Hit, 256)
	b.mu.Lock()
	if b.subs[topic] == nil {
		b.subs[topic] = map[chan Hit]struct{}{}
	}
	b.subs[topic][ch] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs[topic], ch)
			if len(b.subs[topic]) == 0 {
				delete(b.subs, topic)
			}
			b.mu.Unlock()
			close(ch)
		})
	}
}

// push hands hits to the streams on this node that follow them: the
// owner's, and for a check's hit the checking bureau's and unit's.
func (b *Broker) push(hs []Hit) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, h := range hs {
		topics := []string{ownerTopic(h.Owner)}
		if h.Source == SourceCheck && h.Searcher.Country != "" {
			topics = append(topics, checkerTopic(h.Searcher.Country), unitTopic(h.Searcher.UnitID))
		}
		for _, t := range topics {
			for ch := range b.subs[t] {
				select {
				case ch <- h:
				default:
				}
			}
		}
	}
}

// receiver takes the hit events of every node from the bus.
type receiver struct{ b *Broker }

func (r receiver) Event(ctx context.Context, data []byte) {
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
