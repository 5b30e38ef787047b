// Package app builds a node from its configuration: it opens and migrates the
// store, loads the audit signing key, starts the audit log, wires the member,
// auth and API services together, seeds the reference data, and serves HTTP
// until told to stop.
//
// Lifecycle: Open (store, key, services, background work started) → Serve
// (HTTP, until its context ends) → Close (background work stopped, store
// closed). Nothing else in the node starts goroutines that outlive a request.
package app
