package bus

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// hub holds a node's subscriptions and hands each its events. Both
// implementations deliver through it, so queueing, ordering and the
// missed-events signal behave the same on both.
type hub struct {
	limits Limits
	mu     sync.Mutex
	subs   map[string][]*subscription // by subject
	closed bool
}

func newHub(l Limits) *hub {
	return &hub{limits: l.withDefaults(), subs: map[string][]*subscription{}}
}

// subscription is one handler with its queue and goroutine.
type subscription struct {
	handler Handler
	queue   chan []byte
	wait    time.Duration
	// missed is set when an event was dropped; the goroutine then calls
	// Missed before the next event. wake gets it going when the queue is
	// empty.
	missed atomic.Bool
	wake   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
}

func (h *hub) subscribe(subject string, handler Handler) (func(), error) {
	if err := checkSubject(subject); err != nil {
		return nil, err
	}
	if handler == nil {
		return nil, errors.New("subscribe: no handler")
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &subscription{
		handler: handler, queue: make(chan []byte, h.limits.Queue), wait: h.limits.Wait,
		wake: make(chan struct{}, 1), ctx: ctx, cancel: cancel, done: make(chan struct{}),
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		cancel()
		return nil, ErrClosed
	}
	h.subs[subject] = append(h.subs[subject], s)
	h.mu.Unlock()
	go s.run()
	var once sync.Once
	return func() {
		once.Do(func() {
			h.mu.Lock()
			h.subs[subject] = slices.DeleteFunc(h.subs[subject], func(o *subscription) bool { return o == s })
			h.mu.Unlock()
			s.stop()
		})
	}, nil
}

// dispatch hands data to every subscription of subject, in the caller's
// order. It fails only when ctx ends while a full queue holds it, or when
// the hub is closed.
func (h *hub) dispatch(ctx context.Context, subject string, data []byte) error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return ErrClosed
	}
	subs := slices.Clone(h.subs[subject])
	h.mu.Unlock()
	var err error
	for _, s := range subs {
		if e := s.deliver(ctx, data); e != nil {
			err = e
		}
	}
	return err
}

// missAll tells every subscription that events may have been lost.
func (h *hub) missAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, subs := range h.subs {
		for _, s := range subs {
			s.miss()
		}
	}
}

// close stops every subscription and refuses new ones.
func (h *hub) close() {
	h.mu.Lock()
	h.closed = true
	var all []*subscription
	for _, subs := range h.subs {
		all = append(all, subs...)
	}
	h.subs = map[string][]*subscription{}
	h.mu.Unlock()
	for _, s := range all {
		s.stop()
	}
}

func (s *subscription) run() {
	defer close(s.done)
	for {
		if s.missed.Swap(false) {
			s.handler.Missed(s.ctx)
		}
		select {
		case <-s.ctx.Done():
			return
		case <-s.wake:
		case data := <-s.queue:
			s.handler.Event(s.ctx, data)
		}
	}
}

func (s *subscription) stop() {
	s.cancel()
	<-s.done
}

func (s *subscription) miss() {
	s.missed.Store(true)
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// deliver queues data, waiting at most s.wait for room. A subscription
// already behind (it missed events and has not been told yet) holds no
// one: the event is dropped at once, since the subscriber reloads anyway.
func (s *subscription) deliver(ctx context.Context, data []byte) error {
	select {
	case s.queue <- data:
		return nil
	default:
	}
	if s.missed.Load() {
		s.miss()
		return nil
	}
	t := time.NewTimer(s.wait)
	defer t.Stop()
	select {
	case s.queue <- data:
		return nil
	case <-t.C:
		s.miss()
		return nil
	case <-s.ctx.Done():
		return nil
	case <-ctx.Done():
		s.miss()
		return ctx.Err()
	}
}
