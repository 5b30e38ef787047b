// Package client is the Go SDK of the ncbnet API: typed calls for every route,
// the API's errors as *Error values with their stable codes, paging helpers,
// and the verifier of the audit log's signed checkpoints and Merkle proofs,
// which needs nothing but the node's public key.
//
// National systems integrate through it; the ncbnet command line and the
// end-to-end tests use it too. It must never import the node's internal
// packages but its wire packages (internal/messaging/wire,
// internal/screening/wire: the API's types, without state or node logic):
// it speaks to a node only over HTTP.
package client
