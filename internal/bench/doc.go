// Package bench holds the load generators and harnesses of `ncbnet bench`:
// they load synthetic records (internal/synth) into a whole node on a
// throwaway data folder, or into a bare index, and measure it — imports
// (import.go), document checks, manifests and hits reaching the owner
// (checks.go), person and free-text searches (search.go, text.go),
// messages and diffusions (messages.go), identifier lookups and person
// search in the index alone (lookup.go, people.go), and the PostgreSQL
// baseline of a lookup (pgbaseline.go). The HTTP clients are lean load
// generators of their own (load.go).
//
// It is never imported by the node: only cmd/ncbnet's bench commands use
// it, through the node's and the index's exported API, so that the
// production packages carry neither harness code nor the synthetic-data
// generator (a test in internal/lint keeps internal/synth out of them).
package bench
