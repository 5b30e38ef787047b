// Package names matches person names across scripts and transliterations,
// for person search over the nominal, notices and terrorism databases.
//
// A name is taken apart into tokens (Tokens, Parse): transliterated to
// lower-case ASCII (hand-written rules for Arabic, Hebrew, Devanagari and
// Korean; the go-unidecode tables for Cyrillic, Greek, Chinese, kana and the
// rest), with particles such as al, bin, van and de kept but marked weak.
// Each token also gets a folded spelling (ph→f, ou→u, y→i, doubled letters
// single, …) and a consonant skeleton with merged classes (lavrov and
// лавров give LPRP; gaddafi, qadhafi and القذافي give KTP).
//
// Keys gives the blocking keys an inverted index stores; Similarity aligns
// two names token by token (tolerating a missing middle name, swapped order,
// a name written as one word or two, typos and transliteration variants) and
// explains the score; Score weighs the best name pair with birth dates,
// nationalities and gender, against MatchThreshold.
//
// The package is pure: no I/O, no global state beyond fixed tables, no
// goroutines, safe for concurrent use. It must never decide on its own that
// a person is someone: a score is evidence for an officer, who confirms a hit
// with the record's owner. It must never guess a name's meaning (ethnicity,
// religion, nationality) from its spelling: tables here serve spelling
// equivalence only.
package names
