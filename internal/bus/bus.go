package bus

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Bus is the contract both implementations keep; the package comment
// describes the lifecycle and the delivery guarantee.
type Bus interface {
	// Publish hands an event to every subscription of subject on every
	// node. It returns once the event is queued for every local
	// subscription (Local) or stored in the stream (NATS), and is called
	// after the change it announces has committed. data is copied or sent
	// before Publish returns; the caller may reuse it.
	Publish(ctx context.Context, subject string, data []byte) error
	// Subscribe delivers the events of subject on this node to h, from a
	// goroutine of its own, until stop is called or the bus closes. stop
	// waits for a call of h in progress to return; it may be called more
	// than once.
	Subscribe(subject string, h Handler) (stop func(), err error)
	// Close stops every subscription still open and releases the bus.
	Close() error
}

// Handler receives the events of one subscription, one call at a time.
// The context ends when the subscription stops; handlers must not keep or
// change data after they return.
type Handler interface {
	// Event is one event, in the order every node sees them.
	Event(ctx context.Context, data []byte)
	// Missed says that events of the subject may have been lost since the
	// last call: what the subscriber derives from them must be brought back
	// from the store.
	Missed(ctx context.Context)
}

// Limits bound what a slow subscriber costs the others.
type Limits struct {
	// Queue is how many events wait for a subscription's handler (default
	// 4096).
	Queue int
	// Wait is how long an event waits for room in a full queue before it
	// is dropped for that subscription, which is then told it missed
	// events (default 5 s). A publisher is never held longer than this, nor
	// at all by a subscription that already missed events and has not
	// caught up.
	Wait time.Duration
}

func (l Limits) withDefaults() Limits {
	if l.Queue <= 0 {
		l.Queue = 4096
	}
	if l.Wait <= 0 {
		l.Wait = 5 * time.Second
	}
	return l
}

// ErrClosed is returned by a bus that was closed.
var ErrClosed = errors.New("event bus closed")

// ErrBehind is returned by Publish while an earlier event could not be
// stored: every node will be told to reload from the store, which covers
// this event too.
var ErrBehind = errors.New("an earlier event is not stored yet; every node will reload")

// checkSubject accepts subjects made of dot-separated tokens of lower-case
// letters, digits, '-' and '_'; a token never starts with '_' (the bus
// keeps those for itself). The same rule on both implementations keeps a
// subject that works in one from failing in the other.
func checkSubject(subject string) error {
	if subject == "" {
		return fmt.Errorf("event subject is empty")
	}
	start := true
	for i := 0; i < len(subject); i++ {
		c := subject[i]
		switch {
		case c == '.':
			if start {
				return fmt.Errorf("event subject %q has an empty token", subject)
			}
			start = true
			continue
		case c == '_' && start:
			return fmt.Errorf("event subject %q: tokens starting with '_' are reserved", subject)
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return fmt.Errorf("event subject %q: only a-z, 0-9, '-', '_' and '.' are allowed", subject)
		}
		start = false
	}
	if start {
		return fmt.Errorf("event subject %q ends with '.'", subject)
	}
	return nil
}
