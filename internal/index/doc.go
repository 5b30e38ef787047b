// Package index holds the in-memory search structures over the records of
// every database: an exact table of identifiers (document numbers, VINs,
// plates, IMO numbers, serials, hashes, …) and an inverted index of names.
// It is rebuilt from the store at start and kept current by the records
// service's observer hook, so a record is findable as soon as its write
// returns on the node that wrote it, and by the record events of every node
// from the event bus (follow.go); when events were missed it rebuilds
// itself from the store. Each record's version is kept: a change older than
// the one applied (a late call, from either path) is ignored, and so is any
// change after a record's deletion.
//
// The index answers "which records might match", by slot, and never returns
// personal data: the search service loads the candidates from the store,
// applies the full access decision to each, and scores them. It does apply
// the owner's restrictions itself (access.Sees) before it ranks and cuts
// the candidates (LookupIdentifier, SearchPeople take the principal), so
// that records hidden from the searcher neither push visible ones out of
// the answer nor show in its count. It keeps for that the owner country of
// every record and, for the few records that have restrictions, the
// restrictions and the unit that entered them; records without
// restrictions are seen by everyone and cost nothing more.
//
// Identifiers are keyed per kind, the same way when indexed and when looked
// up (LookalikeKey): an IMO number with or without "IMO", other kinds
// through their look-alike key, hashes exactly. Limits, so that no record
// and no query can make a search costly:
//
//   - one identifier's records are a posting list behind a single bucket,
//     appended to in O(1), and a lookup returns at most MaxCandidates;
//   - name search indexes and scores the first MaxNames names (and birth
//     dates, nationalities) of a record, scores at most 2,000 candidates,
//     does so without holding the index's lock, and stops when its context
//     is done.
//
// Memory: the identifier table keeps 8 bytes a bucket (a 32-bit fingerprint
// and a 32-bit slot), and each record 24 bytes (binary ID, database, owner,
// flags, version), so a travel document costs about 38 bytes at the table's
// usual load (37.5 measured at 10 million: ncbnet bench lookup).
package index
