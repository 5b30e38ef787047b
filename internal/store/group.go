package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Group commits the transactions of concurrent callers together: one
// goroutine takes what callers are waiting with, runs each caller's
// function in one transaction under a savepoint of its own, and commits
// once. A function that fails is rolled back to its savepoint alone; the
// others commit. Under load many writes share one commit (one fsync on
// SQLite, one round of WAL flushing on PostgreSQL) where each would have
// waited for its own.
//
// Functions a caller's function registers with Tx.AfterCommit run in the
// caller's goroutine, with the caller's context, after the shared commit:
// the group's goroutine never waits on them.
type Group struct {
	db   *DB
	max  int
	reqs chan *groupRequest

	mu      sync.Mutex
	running bool
	stop    context.CancelFunc
	done    chan struct{}
}

type groupRequest struct {
	ctx   context.Context
	fn    func(tx *Tx) error
	after []func(context.Context)
	err   chan error
}

// ErrGroupStopped is returned by InTx once the group is stopped.
var ErrGroupStopped = errors.New("store: the group commit is stopped")

// groupCommitTimeout bounds one shared transaction.
const groupCommitTimeout = 30 * time.Second

// NewGroup returns a group that commits at most max callers' functions in
// one transaction. Start it before use.
func NewGroup(db *DB, max int) *Group {
	return &Group{db: db, max: max, reqs: make(chan *groupRequest, max)}
}

// Start runs the group's goroutine until stop is called; stop answers
// ErrGroupStopped to those still waiting and returns once the goroutine has
// ended.
func (g *Group) Start() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	g.mu.Lock()
	g.running, g.stop, g.done = true, cancel, make(chan struct{})
	done := g.done
	g.mu.Unlock()
	go func() {
		defer close(done)
		g.run(ctx)
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			g.running = false
			g.mu.Unlock()
			cancel()
			<-done
		})
	}
}

// InTx runs fn in a transaction shared with the other callers of the
// moment and returns once it committed (fn's error, or the commit's, when
// it did not). It then runs what fn registered with AfterCommit.
//
// fn must run its statements with a context that its caller's
// cancellation does not reach (context.WithoutCancel): a statement
// interrupted inside the shared transaction would fail it for every caller.
// A caller gone before its turn is skipped.
func (g *Group) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	g.mu.Lock()
	running, done := g.running, g.done
	g.mu.Unlock()
	if !running {
		return ErrGroupStopped
	}
	r := &groupRequest{ctx: ctx, fn: fn, err: make(chan error, 1)}
	select {
	case g.reqs <- r:
	case <-done:
		return ErrGroupStopped
	case <-ctx.Done():
		return ctx.Err()
	}
	var err error
	select {
	case err = <-r.err:
	case <-done:
		// Answered before the group ended (the answer is sent first), or
		// taken into the queue after its last drain: never run.
		select {
		case err = <-r.err:
		default:
			err = ErrGroupStopped
		}
	}
	if err != nil {
		return err
	}
	for _, f := range r.after {
		f(ctx)
	}
	return nil
}

func (g *Group) run(ctx context.Context) {
	batch := make([]*groupRequest, 0, g.max)
	for {
		select {
		case <-ctx.Done():
			for {
				select {
				case r := <-g.reqs:
					r.err <- ErrGroupStopped
				default:
					return
				}
			}
		case r := <-g.reqs:
			batch = append(batch[:0], r)
		gather:
			for len(batch) < g.max {
				select {
				case r := <-g.reqs:
					batch = append(batch, r)
				default:
					break gather
				}
			}
			g.commit(batch)
		}
	}
}

// commit runs a batch in one transaction and answers each caller.
func (g *Group) commit(batch []*groupRequest) {
	errs := make([]error, len(batch))
	ctx, cancel := context.WithTimeout(context.Background(), groupCommitTimeout)
	defer cancel()
	err := g.db.inTxNoAfter(ctx, func(tx *Tx) error {
		for i, r := range batch {
			if err := r.ctx.Err(); err != nil {
				errs[i] = err // gone before its turn: nothing written
				continue
			}
			if _, err := tx.Exec(ctx, `SAVEPOINT grp`); err != nil {
				return fmt.Errorf("savepoint: %w", err)
			}
			from := len(tx.after)
			if errs[i] = r.fn(tx); errs[i] != nil {
				tx.after = tx.after[:from]
				if _, err := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT grp`); err != nil {
					return fmt.Errorf("roll back to savepoint: %w", err)
				}
			} else {
				r.after = slices.Clone(tx.after[from:])
			}
			if _, err := tx.Exec(ctx, `RELEASE SAVEPOINT grp`); err != nil {
				return fmt.Errorf("release savepoint: %w", err)
			}
		}
		return nil
	})
	for i, r := range batch {
		switch {
		case errs[i] != nil:
			r.err <- errs[i]
		case err != nil:
			r.after = nil
			r.err <- err
		default:
			r.err <- nil
		}
	}
}
