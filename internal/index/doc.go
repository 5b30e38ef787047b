// Package index holds the in-memory search structures over the records of
// every database: an exact table of identifiers (document numbers, VINs,
// plates, IMO numbers, serials, hashes, …) and an inverted index of names.
// It is rebuilt from the store at start and kept current by the records
// service's observer hook, so a record is findable as soon as its write
// returns on the node that wrote it, and by the record events of every node
// from the event bus (follow.go); when events were missed it rebuilds
// itself from the store.
//
// The index answers "which records might match", by slot; it never decides
// who may see them and never returns personal data: the search service loads
// the candidates from the store, applies the access decision to each, and
// scores them.
//
// Memory: the identifier table keeps 8 bytes a bucket (a 32-bit fingerprint
// and a 32-bit slot), and each record 20 bytes (binary ID, database, owner,
// flags), so a travel document costs about 34 bytes at the table's usual load.
package index
