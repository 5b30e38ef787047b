// Package live is the one broker of the server-sent event streams open on
// a node (the hits on a bureau's records, the hits of its checks, its
// inbox, and whatever later modules stream): streams follow topics, events
// are pushed to the streams of their topic, and a stream that reconnects
// with the ID of the last event it received (Last-Event-ID) first gets what
// it missed, then the live events, each once (Follow).
//
// A stream too slow to keep up is ended rather than holding anyone up: its
// client reconnects and resumes from its last event. The broker never
// loads nor decides what a stream may see: its callers do, before they
// push and in the keep function of a stream.
package live

import (
	"context"
	"sync"
)

// Broker pushes events of type E to the streams open on this node.
type Broker[E any] struct {
	size int

	mu   sync.Mutex
	subs map[string]map[*subscription[E]]struct{} // by topic
}

type subscription[E any] struct {
	ch     chan E
	keep   func(E) bool
	topics []string
	closed bool // under Broker.mu
}

// New returns a broker whose streams hold up to size events each.
func New[E any](size int) *Broker[E] {
	return &Broker[E]{size: size, subs: map[string]map[*subscription[E]]struct{}{}}
}

// Subscribe opens a stream of the events pushed to any of topics that keep
// accepts (nil: all); cancel closes it. The channel closes when the stream
// is cancelled or falls behind.
func (b *Broker[E]) Subscribe(topics []string, keep func(E) bool) (events <-chan E, cancel func()) {
	sub := &subscription[E]{ch: make(chan E, b.size), keep: keep, topics: topics}
	b.mu.Lock()
	for _, t := range topics {
		if b.subs[t] == nil {
			b.subs[t] = map[*subscription[E]]struct{}{}
		}
		b.subs[t][sub] = struct{}{}
	}
	b.mu.Unlock()
	return sub.ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.dropLocked(sub)
	}
}

// Idle reports whether no stream is open: a caller may skip loading what
// it would push.
func (b *Broker[E]) Idle() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs) == 0
}

// Push hands e to the streams of topic. A stream whose buffer is full is
// ended: its client resumes from its last event.
func (b *Broker[E]) Push(topic string, e E) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for sub := range b.subs[topic] {
		if sub.keep != nil && !sub.keep(e) {
			continue
		}
		select {
		case sub.ch <- e:
		default:
			b.dropLocked(sub)
		}
	}
}

// dropLocked ends a subscription (once): its channel closes.
func (b *Broker[E]) dropLocked(sub *subscription[E]) {
	if sub.closed {
		return
	}
	sub.closed = true
	for _, t := range sub.topics {
		delete(b.subs[t], sub)
		if len(b.subs[t]) == 0 {
			delete(b.subs, t)
		}
	}
	close(sub.ch)
}

// Missed loads what a stream missed after the event lastID named, in
// order, at most what one connection sends; more reports that there are
// others after them.
type Missed[E any] func(ctx context.Context, lastID string) (events []E, more bool, err error)

// Follow opens a stream of topics (as Subscribe) for a client that last
// received lastID ("" for a new stream): it subscribes first, then loads
// what was missed, so that nothing falls between, and its channel gives
// the missed events first, then the live ones that key does not name
// among those already given. When more were missed than one connection
// sends, the channel closes after them: the client reconnects from the
// last. The channel closes too when ctx is done, the stream falls behind,
// or cancel is called; cancel must be called once the caller is done.
func Follow[E any](ctx context.Context, b *Broker[E], topics []string, keep func(E) bool, lastID string, missed Missed[E], key func(E) string) (<-chan E, func(), error) {
	live, cancel := b.Subscribe(topics, keep)
	var (
		back []E
		more bool
	)
	if lastID != "" && missed != nil {
		var err error
		if back, more, err = missed(ctx, lastID); err != nil {
			cancel()
			return nil, nil, err
		}
	}
	out := make(chan E)
	done := make(chan struct{})
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			close(done)
		})
	}
	go func() {
		defer close(out)
		defer stop()
		send := func(e E) bool {
			select {
			case out <- e:
				return true
			case <-done:
				return false
			case <-ctx.Done():
				return false
			}
		}
		sent := make(map[string]bool, len(back))
		for _, e := range back {
			sent[key(e)] = true
			if !send(e) {
				return
			}
		}
		if more {
			return
		}
		for {
			select {
			case e, ok := <-live:
				if !ok {
					return
				}
				if k := key(e); k != "" && sent[k] {
					continue
				}
				if !send(e) {
					return
				}
			case <-done:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, stop, nil
}
