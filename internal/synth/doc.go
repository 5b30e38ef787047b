// Package synth makes synthetic police data for benchmarks, tests and demos:
// realistic enough to exercise validation, imports and indexes (plausible
// national document-number formats, issuing countries weighted like real
// traffic, holder names and dates that pass the records' checks), and never
// real. Every record is a pure function of a seed and its position, so a
// file can be generated in parts, again, or in parallel, byte for byte the
// same.
//
// Each kind of record lives in a file of its own (documents.go for the
// stolen and lost travel documents of SLTD, persons.go, artworks.go,
// incidents.go; the free text of the last two is made by textgen.go from
// word tables in five languages) and implements Kind; the writers
// (write.go) turn any Kind into NDJSON or CSV in the shape that
// POST /api/v1/databases/{db}/imports takes. Add a kind by adding a file and
// registering it in Kinds.
//
// This package must never read or embed real personal data, and never take
// randomness from anywhere but its seed.
package synth
