// Package bus carries events between the nodes that share one store: a node
// publishes an event after the change it announces has committed, and every
// node, the publisher included, receives it. Two implementations keep the
// same contract (Bus): Local, in this process, for the embedded default
// (one node); and NATS, over a NATS JetStream stream, when several nodes
// share a PostgreSQL database.
//
// Events are notices, not data: the domain packages put record and hit IDs
// in them and every receiver loads the current state from the store, so an
// event delivered twice, late or after a newer one changes nothing, and the
// bus never holds police data.
//
// # Lifecycle
//
// The node opens one bus (NewLocal or OpenNATS) and closes it last, after
// the subscriptions. Subscribe starts one goroutine for the subscription;
// the stop function it returns ends that goroutine (waiting for a handler
// call in progress) and Close stops any subscription still open, so no
// goroutine outlives the bus.
//
// # Delivery
//
// Each subscription receives the events of its subject one at a time, in
// one order that every subscription of every node shares (Local: the order
// of Publish calls; NATS: the stream's order). Delivery is at most once per
// subscription: an event is never handed to a handler twice. When events
// may have been lost for a subscription its handler's Missed is called
// before the next event, and the subscriber must bring its state back from
// the store. Events are lost when a subscription's queue stays full for
// Limits.Wait (a handler slower than the publishers for that long), and, on
// NATS, when a node was away from the server longer than the stream keeps
// events (NATSConfig.MaxAge) or when a publisher could not store an event
// (see NATS).
//
// What this package must never do: decide anything about access, or carry
// a record's content.
package bus
