// Package identifiers checks and normalises the identifiers police records are
// found by: travel-document numbers and their ICAO 9303 check digits, vehicle
// identification numbers (VINs), registration plates, IMO ship numbers,
// partial birth dates and the country codes ICAO adds to ISO 3166.
//
// The normalised forms are index keys. A key computed when a bureau imports a
// stolen passport must equal the key computed years later when a border desk
// types the same number in its own way, on any node. So everything here is a
// pure function of its arguments: no I/O, no clock, no configuration, no state
// that changes. Changing what a normaliser returns changes every stored key:
// it needs the indexes rebuilt and a note in the changelog.
//
// This package must never:
//   - look anything up (no store, no network, no member list): callers decide
//     what a well-formed identifier means for them;
//   - log or keep what it is given: these values are personal data;
//   - guess in the exact keys: NormalizeIdentifier only removes presentation
//     (case, spaces, separators, the '<' filler, diacritics, full-width forms,
//     Cyrillic and Greek letters that plates share with Latin). Anything
//     fuzzier belongs to LookalikeKey, a weaker key whose matches need a person
//     to confirm them;
//   - repeat a whole identifier in an error. Errors say what is wrong and
//     where ("character 4 is '#'", "check digit is 7, the number says 3") so
//     they can be shown to a user and logged as they are.
//
// Every error wraps one of ErrFormat, ErrCheckDigit or ErrInvalidDate, for
// errors.Is; its message alone is what a user should read.
package identifiers

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// The kinds of error this package returns. Test for them with errors.Is.
var (
	// ErrFormat: the value is not in the form its kind of identifier takes
	// (wrong length, a character it never holds).
	ErrFormat = errors.New("identifier is not in the expected form")
	// ErrCheckDigit: the value is well formed but its check digit is wrong,
	// the usual sign of a typing or reading error.
	ErrCheckDigit = errors.New("check digit does not match")
	// ErrInvalidDate: the value is written as a date but names no real day,
	// month or year in the accepted range.
	ErrInvalidDate = errors.New("date is not valid")
)

// identifierError carries a precise, user-safe message and the kind of error
// it is, so callers can both show it and branch on it.
type identifierError struct {
	kind error
	msg  string
}

func (e *identifierError) Error() string { return e.msg }
func (e *identifierError) Unwrap() error { return e.kind }

func newError(kind error, format string, args ...any) error {
	return &identifierError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// quoteChar names one character for an error message. Bytes that are not
// UTF-8 and invisible characters are spelled out rather than printed.
func quoteChar(r rune) string {
	if r == utf8.RuneError {
		return "a byte that is not UTF-8 text"
	}
	return strconv.QuoteRune(r)
}

// charPosition is the 1-based position, in characters, of the byte at index i.
func charPosition(s string, i int) int {
	return utf8.RuneCountInString(s[:i]) + 1
}
