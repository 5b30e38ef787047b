package bus

import (
	"context"
	"slices"
	"sync"
)

// Local is the bus of one node alone: events go from Publish to the
// subscriptions of this process. Every subscription sees the events in the
// order of the Publish calls.
type Local struct {
	hub *hub
	// order serialises publishers, so that all subscriptions share one
	// order, as they do on NATS.
	order sync.Mutex
}

var _ Bus = (*Local)(nil)

// NewLocal returns an in-process bus.
func NewLocal(l Limits) *Local { return &Local{hub: newHub(l)} }

// Publish queues the event for every subscription of subject. It waits for
// room in a full queue at most Limits.Wait (the subscription then misses
// the event) or until ctx ends (the subscriptions it could not reach miss
// the event, and the error says so).
func (b *Local) Publish(ctx context.Context, subject string, data []byte) error {
	if err := checkSubject(subject); err != nil {
		return err
	}
	data = slices.Clone(data)
	b.order.Lock()
	defer b.order.Unlock()
	return b.hub.dispatch(ctx, subject, data)
}

// Subscribe delivers the events of subject to h; see Bus.
func (b *Local) Subscribe(subject string, h Handler) (func(), error) {
	return b.hub.subscribe(subject, h)
}

// Close stops every subscription.
func (b *Local) Close() error {
	b.hub.close()
	return nil
}
