// Package deadline is the node's one watcher of deadlines: hits that their
// owner has not answered in time, messages not acknowledged in time, and
// whatever later modules must act on when a clock runs out (stop-payment
// requests, notice reviews). Each registers a function that acts on what is
// due, in batches, and the watcher calls them all at every tick.
//
// It never decides what is due nor what acting means: each module does,
// conditionally in its store, so that several nodes may watch at once and
// each deadline is acted on once.
package deadline

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// Due acts on everything of one kind whose deadline has passed and returns
// how many it acted on.
type Due func(ctx context.Context) (int, error)

// Watcher calls every registered Due at each tick until it is stopped.
type Watcher struct {
	every  time.Duration
	logger *slog.Logger

	mu    sync.Mutex
	kinds []kind
}

type kind struct {
	name string
	due  Due
}

// DefaultEvery is how often a watcher looks when not told.
const DefaultEvery = 15 * time.Second

// New returns a watcher that looks every interval (DefaultEvery when 0).
func New(every time.Duration, logger *slog.Logger) *Watcher {
	if every <= 0 {
		every = DefaultEvery
	}
	if logger == nil {
		logger = slog.Default()
	}
	return &Watcher{every: every, logger: logger}
}

// Register adds a kind of deadline, named for the logs.
func (w *Watcher) Register(name string, due Due) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.kinds = append(w.kinds, kind{name: name, due: due})
}

// Check calls every registered Due once, in the order registered, and
// returns how many each acted on, by name. A kind that fails does not keep
// the others from acting; the errors are joined.
func (w *Watcher) Check(ctx context.Context) (map[string]int, error) {
	w.mu.Lock()
	kinds := append([]kind(nil), w.kinds...)
	w.mu.Unlock()
	out := make(map[string]int, len(kinds))
	var errs []error
	for _, k := range kinds {
		n, err := k.due(ctx)
		out[k.name] += n
		if err != nil {
			errs = append(errs, err)
			if ctx.Err() == nil {
				w.logger.Error("act on passed deadlines", "kind", k.name, "done", n, "err", err)
			}
		} else if n > 0 {
			w.logger.Info("passed deadlines acted on", "kind", k.name, "count", n)
		}
	}
	return out, errors.Join(errs...)
}

// Start runs the watcher in its own goroutine until stop is called; stop
// returns once the goroutine has ended.
func (w *Watcher) Start() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(w.every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				_, _ = w.Check(ctx) // logged
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { cancel(); <-done }) }
}
