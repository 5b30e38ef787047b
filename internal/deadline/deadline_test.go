package deadline

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// Every kind is called at each check, in the order registered, and one
// that fails keeps no other from acting.
func TestCheckCallsEveryKind(t *testing.T) {
	w := New(time.Hour, quiet)
	var order []string
	boom := errors.New("store down")
	w.Register("hits", func(context.Context) (int, error) { order = append(order, "hits"); return 3, nil })
	w.Register("messages", func(context.Context) (int, error) { order = append(order, "messages"); return 1, boom })
	w.Register("notices", func(context.Context) (int, error) { order = append(order, "notices"); return 0, nil })
	got, err := w.Check(context.Background())
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the failing kind's", err)
	}
	if len(order) != 3 || order[0] != "hits" || order[1] != "messages" || order[2] != "notices" {
		t.Fatalf("called %v", order)
	}
	if got["hits"] != 3 || got["messages"] != 1 || got["notices"] != 0 {
		t.Fatalf("counts %v", got)
	}
}

// The watcher ticks until stopped, and stopping leaves no goroutine behind
// (TestMain checks) and may be called twice.
func TestStartStop(t *testing.T) {
	w := New(5*time.Millisecond, quiet)
	var calls atomic.Int64
	w.Register("hits", func(context.Context) (int, error) { calls.Add(1); return 0, nil })
	stop := w.Start()
	deadline := time.Now().Add(5 * time.Second)
	for calls.Load() < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("%d calls in 5 s at a 5 ms tick", calls.Load())
		}
		time.Sleep(time.Millisecond)
	}
	stop()
	stop()
	after := calls.Load()
	time.Sleep(20 * time.Millisecond)
	if calls.Load() != after {
		t.Fatal("the watcher went on after stop")
	}
}

// A stop while a kind is acting waits for it: the kind sees its context
// cancelled and returns.
func TestStopCancelsTheActingKind(t *testing.T) {
	w := New(time.Millisecond, quiet)
	started := make(chan struct{}, 1)
	w.Register("slow", func(ctx context.Context) (int, error) {
		select {
		case started <- struct{}{}:
		default:
		}
		<-ctx.Done()
		return 0, ctx.Err()
	})
	stop := w.Start()
	<-started
	stop()
}
