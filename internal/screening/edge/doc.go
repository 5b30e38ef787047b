// Package edge is the signed offline copy of the network's first-line
// identifiers (document numbers, VINs, plates, IMO numbers, serials, hull IDs,
// national IDs) that a border point with a poor link checks against: the
// central node builds a snapshot and deltas (Build, Diff), the edge node
// verifies and holds them (Copy), answers checks from them with no connection
// (Lookup), and keeps the hits it makes until the link returns (Queue).
//
// The copy holds no identifier in clear. Each is stored as the first 8 bytes
// of HMAC-SHA256(key, kind 0x00 country 0x00 value), the country counting
// only for document kinds; the key travels apart from the files, so a stolen
// device's files alone reveal neither who nor what is wanted. Rows are sorted
// by (hash, record) in 28-byte slots (8-byte hash, 16-byte record ID, 4-byte
// index into an interned table of database, owner, actions and urgency),
// with a bucket index over the hash's top bits. At 10⁶ entries
// (TestSizePerEntry, BenchmarkLookup, BenchmarkBuild on a 2-core VM): 29.1
// bytes an entry in memory and 28.0 on disk; a lookup over the whole table
// takes about 0.55 µs when nothing matches, allocating nothing, and 0.75 µs
// on a hit (a third of it the HMAC, most of the rest two or three cache
// misses); Build takes 1.1 to 1.6 s, and Replace (verify and adopt) about
// 0.2 s.
//
// A file is a signed note (golang.org/x/mod/sumdb/note), a 0x00 byte, then
// the binary body. The note names the file type, its seqs, the entry count,
// the creation time, the key's fingerprint, the SHA-256 of the body and the
// digest of the state it leads to (a delta also names the state it starts
// from). Each Replace or Apply, and each Open of what the folder holds,
// checks all of it: a changed byte anywhere, another signer, a body that does
// not produce the signed state, a delta for another base (ErrWrongBase) or a
// snapshot older than the one held (ErrStale) is refused and the copy stays
// as it was.
//
// This package must never:
//   - hold or write an identifier in clear (copy, files, hit queue), or put
//     one in an error;
//   - answer from, or save, data it has not verified against the central
//     node's key, the disk included;
//   - panic on a file, however damaged: a bad file is an error;
//   - drop a hit before the server acknowledged it (the server ignores
//     repeats by hit ID, so uploading one twice is harmless).
package edge
