package bus_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/bus"
	"github.com/ncbnet/ncbnet/internal/bus/bustest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// network opens the buses of the nodes of one test: on NATS they share a
// stream (and reach each other); Local has one node only.
type network struct {
	open func(t *testing.T, l bus.Limits) bus.Bus
}

// each runs fn against every implementation: Local always, NATS when
// NCBNET_TEST_NATS names a server.
func each(t *testing.T, fn func(t *testing.T, n network)) {
	t.Run("local", func(t *testing.T) {
		fn(t, network{open: func(t *testing.T, l bus.Limits) bus.Bus {
			b := bus.NewLocal(l)
			t.Cleanup(func() { b.Close() })
			return b
		}})
	})
	t.Run("nats", func(t *testing.T) {
		url, stream := bustest.NATS(t)
		fn(t, network{open: func(t *testing.T, l bus.Limits) bus.Bus { return openNATS(t, url, stream, l) }})
	})
}

func openNATS(t *testing.T, url, stream string, l bus.Limits) *bus.NATS {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := bus.OpenNATS(ctx, bus.NATSConfig{URL: url, Stream: stream, Logger: quiet, Limits: l})
	if err != nil {
		t.Fatalf("open NATS bus: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// recorder is a Handler that keeps what it was given. Events wait while
// hold is set.
type recorder struct {
	mu     sync.Mutex
	events []string
	missed int
	// log interleaves events and "missed" in the order the handler saw them.
	log  []string
	hold chan struct{}
}

func (r *recorder) Event(ctx context.Context, data []byte) {
	if r.hold != nil {
		select {
		case <-r.hold:
		case <-ctx.Done():
			return
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, string(data))
	r.log = append(r.log, string(data))
}

func (r *recorder) Missed(context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.missed++
	r.log = append(r.log, "missed")
}

func (r *recorder) snapshot() (events []string, missed int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events), r.missed
}

// checkFor calls fn until it succeeds or total has passed.
func checkFor(t *testing.T, total time.Duration, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(total)
	for {
		err := fn()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func subscribe(t *testing.T, b bus.Bus, subject string, h bus.Handler) func() {
	t.Helper()
	stop, err := b.Subscribe(subject, h)
	if err != nil {
		t.Fatalf("subscribe %s: %v", subject, err)
	}
	t.Cleanup(stop)
	return stop
}

func publish(t *testing.T, b bus.Bus, subject, data string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.Publish(ctx, subject, []byte(data)); err != nil {
		t.Fatalf("publish %s %s: %v", subject, data, err)
	}
}

func waitEvents(t *testing.T, r *recorder, n int) []string {
	t.Helper()
	var got []string
	checkFor(t, 20*time.Second, func() error {
		got, _ = r.snapshot()
		if len(got) < n {
			return fmt.Errorf("%d events of %d arrived", len(got), n)
		}
		return nil
	})
	return got
}

func TestEverySubscriptionSeesOneOrder(t *testing.T) {
	each(t, func(t *testing.T, n network) {
		b := n.open(t, bus.Limits{})
		first, second, other := &recorder{}, &recorder{}, &recorder{}
		subscribe(t, b, "records", first)
		subscribe(t, b, "records", second)
		subscribe(t, b, "hits.live", other)
		const publishers, each = 4, 50
		var wg sync.WaitGroup
		for p := range publishers {
			wg.Go(func() {
				for i := range each {
					publish(t, b, "records", strconv.Itoa(p)+"/"+strconv.Itoa(i))
				}
			})
		}
		publish(t, b, "hits.live", "h")
		wg.Wait()
		got := waitEvents(t, first, publishers*each)
		if again := waitEvents(t, second, publishers*each); !slices.Equal(got, again) {
			t.Fatalf("two subscriptions saw two orders:\n%v\n%v", got, again)
		}
		next := make([]int, publishers)
		for _, e := range got {
			var p, i int
			if _, err := fmt.Sscanf(e, "%d/%d", &p, &i); err != nil {
				t.Fatalf("event %q is not one of the records events", e)
			}
			if i != next[p] {
				t.Fatalf("publisher %d's event %d arrived when %d was due: %v", p, i, next[p], got)
			}
			next[p]++
		}
		if o := waitEvents(t, other, 1); !slices.Equal(o, []string{"h"}) {
			t.Fatalf("the hits.live subscription got %v", o)
		}
		time.Sleep(50 * time.Millisecond) // a stray event would arrive by now
		if got, missed := first.snapshot(); len(got) != publishers*each || missed != 0 {
			t.Fatalf("%d events (want %d), %d missed signals", len(got), publishers*each, missed)
		}
	})
}

func TestSlowSubscriberMissesEventsWithoutHoldingPublishers(t *testing.T) {
	each(t, func(t *testing.T, n network) {
		b := n.open(t, bus.Limits{Queue: 2, Wait: 50 * time.Millisecond})
		slow, fast := &recorder{hold: make(chan struct{})}, &recorder{}
		subscribe(t, b, "records", slow)
		subscribe(t, b, "records", fast)
		start := time.Now()
		for i := range 10 {
			publish(t, b, "records", strconv.Itoa(i))
		}
		// The slow queue fills at once; then each event waits Wait once
		// at most, and none once the subscription is behind.
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("ten publishes took %v with a stuck subscriber", d)
		}
		if got := waitEvents(t, fast, 10); len(got) != 10 {
			t.Fatalf("the fast subscription got %v", got)
		}
		close(slow.hold)
		checkFor(t, 10*time.Second, func() error {
			if _, missed := slow.snapshot(); missed == 0 {
				return errors.New("the slow subscription was not told it missed events")
			}
			return nil
		})
		publish(t, b, "records", "after")
		checkFor(t, 10*time.Second, func() error {
			if got, _ := slow.snapshot(); len(got) == 0 || got[len(got)-1] != "after" {
				return fmt.Errorf("after catching up the slow subscription has %v", got)
			}
			return nil
		})
		slow.mu.Lock()
		defer slow.mu.Unlock()
		if i := slices.Index(slow.log, "missed"); i < 0 || i > 3 {
			// At most the queue (2) and the event in hand come before the signal.
			t.Fatalf("missed signalled late: %v", slow.log)
		}
		if len(slow.events) > 4 {
			t.Fatalf("a queue of 2 delivered %v", slow.events)
		}
	})
}

func TestStopAndClose(t *testing.T) {
	each(t, func(t *testing.T, n network) {
		b := n.open(t, bus.Limits{})
		inHandler, release := make(chan struct{}), make(chan struct{})
		var finished bool
		h := &funcHandler{event: func(ctx context.Context, data []byte) {
			if string(data) == "slow" {
				close(inHandler)
				<-release
				finished = true
			}
		}}
		stop := subscribe(t, b, "records", h)
		publish(t, b, "records", "slow")
		select {
		case <-inHandler:
		case <-time.After(20 * time.Second):
			t.Fatal("the event did not reach the handler")
		}
		stopped := make(chan struct{})
		go func() { stop(); close(stopped) }()
		select {
		case <-stopped:
			t.Fatal("stop returned while the handler was running")
		case <-time.After(50 * time.Millisecond):
		}
		close(release)
		select {
		case <-stopped:
		case <-time.After(20 * time.Second):
			t.Fatal("stop did not return after the handler")
		}
		if !finished {
			t.Fatal("stop returned before the handler")
		}
		stop() // twice is fine

		late := &recorder{}
		subscribe(t, b, "records", late)
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		if err := b.Publish(context.Background(), "records", []byte("x")); !errors.Is(err, bus.ErrClosed) {
			t.Fatalf("publish after close: %v", err)
		}
		if _, err := b.Subscribe("records", late); !errors.Is(err, bus.ErrClosed) {
			t.Fatalf("subscribe after close: %v", err)
		}
	})
}

type funcHandler struct {
	event func(ctx context.Context, data []byte)
}

func (f *funcHandler) Event(ctx context.Context, data []byte) { f.event(ctx, data) }
func (f *funcHandler) Missed(context.Context)                 {}

func TestSubjects(t *testing.T) {
	each(t, func(t *testing.T, n network) {
		b := n.open(t, bus.Limits{})
		for _, s := range []string{"", "Records", "a..b", ".a", "a.", "_missed", "a._x", "a.*", "a.>", "a b", "ré"} {
			if _, err := b.Subscribe(s, &recorder{}); err == nil {
				t.Errorf("subscribe %q accepted", s)
			}
			if err := b.Publish(context.Background(), s, nil); err == nil {
				t.Errorf("publish %q accepted", s)
			}
		}
		for _, s := range []string{"records", "hits.live", "a_b-1.c2"} {
			r := &recorder{}
			subscribe(t, b, s, r)
			publish(t, b, s, "ok")
			waitEvents(t, r, 1)
		}
	})
}
