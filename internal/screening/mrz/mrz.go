package mrz

import (
	"fmt"
	"time"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/identifiers"
	"github.com/ncbnet/ncbnet/internal/screening/wire"
)

// Format is the layout of a machine readable zone, named as Doc 9303 names it.
type Format string

// The layouts Parse reads.
const (
	TD1  Format = "TD1"   // identity cards and other official documents, 3 × 30 (Part 5)
	TD2  Format = "TD2"   // official travel documents, 2 × 36 (Part 6)
	TD3  Format = "TD3"   // passports, 2 × 44 (Part 4)
	MRVA Format = "MRV-A" // visas, 2 × 44 (Part 7)
	MRVB Format = "MRV-B" // visas, 2 × 36 (Part 7)
)

// The fields a check digit protects, as Check.Field names them: the JSON
// name of the Result field the check is about, or "composite" for the check
// over the whole lower part of the zone.
const (
	FieldDocumentNumber = "document_number"
	FieldBirthDate      = "birth_date"
	FieldExpiryDate     = "expiry_date"
	FieldPersonalNumber = "personal_number"
	FieldComposite      = "composite"
)

// Check is the outcome of one check digit.
type Check struct {
	Field string
	OK    bool
	// Expected is the check digit the field computes to; Found is the
	// character printed in its place. OK means they are equal, or that the
	// field is all fillers and Found is '<', which Doc 9303 allows.
	Expected byte
	Found    byte
	// Line and Position (both 1-based) are where Found is printed, so a desk
	// can point at it.
	Line     int
	Position int
}

// Result is an MRZ as read. Every field is filled in whether or not the
// checks hold, so a caller that decides to screen an MRZ with a failed check
// has what was read. Wire gives the answer of POST /api/v1/mrz/parse, whose
// shape is fixed: the raw dates and check digits stay out of it.
type Result struct {
	// Valid is true exactly when every check in Checks is OK.
	Valid  bool
	Format Format
	// DocumentType is the document code as printed, fillers removed: "P",
	// "PO", "I", "ID", "V"…
	DocumentType string
	// Issuer and Nationality are the codes as printed, fillers removed: "D"
	// for Germany, "UTO" for the specimen state. IssuerCountry and
	// NationalityCountry give the ISO 3166-1 alpha-3 country.
	Issuer string
	// DocumentNumber is the whole number, fillers removed, with a long
	// number's continuation from the optional data appended (TD1 and TD2).
	DocumentNumber string
	// Surname is the primary identifier and GivenNames the secondary one,
	// with the fillers between name parts read as spaces.
	Surname     string
	GivenNames  string
	Nationality string
	// BirthDate and ExpiryDate are written YYYY-MM-DD once the century is
	// resolved against the time given to Parse. A birth date printed with
	// fillers (or zeros) for an unknown day or month is written YYYY-MM or
	// YYYY, as identifiers.ParsePartialDate reads it. A date that names no
	// real day, or holds a character other than a digit, is "".
	BirthDate string
	// Sex is "M", "F" or "X" (unspecified, printed 'X' or '<'), and "" for any
	// other character.
	Sex        string
	ExpiryDate string
	// PersonalNumber is the personal number of a TD3 passport, or the
	// optional data field of the other layouts (the upper line's on a TD1;
	// see OptionalData2), without a long document number's continuation.
	// Fillers at either end are removed; fillers inside read as one space.
	PersonalNumber string
	Checks         []Check

	// PrintedBirthDate and PrintedExpiryDate are the dates as printed,
	// YYMMDD, whether or not they could be resolved.
	PrintedBirthDate  string
	PrintedExpiryDate string
	// OptionalData2 is a TD1's second optional data field (middle line,
	// positions 19 to 29), read as PersonalNumber is; "" on other layouts.
	OptionalData2 string
	// NameTruncated reports that the name fills its whole field: Doc 9303
	// then cuts the names, so they may be longer on the data page.
	NameTruncated bool

	// checks is where Checks points: no layout has more than five.
	checks [5]Check
}

// Wire is r as POST /api/v1/mrz/parse answers it.
func (r *Result) Wire() wire.MRZ {
	out := wire.MRZ{
		Valid: r.Valid, Format: string(r.Format), DocumentType: r.DocumentType, Issuer: r.Issuer,
		DocumentNumber: r.DocumentNumber, Surname: r.Surname, GivenNames: r.GivenNames, Nationality: r.Nationality,
		BirthDate: r.BirthDate, Sex: r.Sex, ExpiryDate: r.ExpiryDate, PersonalNumber: r.PersonalNumber,
	}
	if r.Checks != nil {
		out.Checks = make([]wire.MRZCheck, len(r.Checks))
		for i, c := range r.Checks {
			out.Checks[i] = wire.MRZCheck{Field: c.Field, OK: c.OK}
		}
	}
	return out
}

// IssuerCountry is the ISO 3166-1 alpha-3 code of the issuing state ("DEU"
// for the printed "D"); organisations' codes come back unchanged.
func (r *Result) IssuerCountry() string { return identifiers.ISOCountryForICAO(r.Issuer) }

// NationalityCountry is the ISO 3166-1 alpha-3 code of the holder's
// nationality, as IssuerCountry reads the issuer.
func (r *Result) NationalityCountry() string {
	return identifiers.ISOCountryForICAO(r.Nationality)
}

// ParseError says why text cannot be read as an MRZ, and where: Line and
// Position are 1-based, counted in characters from the first line of the MRZ
// once surrounding spaces are trimmed (in the lines a run-together MRZ is cut
// into, but for a character outside the alphabet, named where it was given).
// A line that is missing or too short is named at the position where its
// first missing character should be.
//
// It unwraps to a fault.InvalidField error on the field "mrz", so the API's
// error writer answers 422 with the same message.
type ParseError struct {
	Line     int
	Position int
	Reason   string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("MRZ line %d, position %d: %s", e.Line, e.Position, e.Reason)
}

func (e *ParseError) Unwrap() error {
	return fault.Field(fault.InvalidField, "mrz", "%s", e.Error())
}

// Parse reads text as a machine readable zone and verifies each of its check
// digits. now resolves the century of the dates: a birth date is put in the
// latest century that makes it no later than now's calendar day, an expiry
// date in the century that puts it within 50 years either side of now.
//
// text is tolerant of how a reader or a person passes it on: lines separated
// by "\n" or "\r\n", spaces around the text and each line, lower-case letters,
// and the lines of a 2- or 3-line MRZ written as one (72, 88 or 90
// characters, as some chip and OCR readers send them). Anything else that is
// not an MRZ is a *ParseError; a readable MRZ is a Result, Valid or not.
func Parse(text string, now time.Time) (*Result, error) {
	lines, n, err := splitLines(text)
	if err != nil {
		return nil, err
	}
	l, err := layoutOf(lines[:n])
	if err != nil {
		return nil, err
	}
	r := &Result{Format: l.format}
	if err := read(r, l, lines[:n], now); err != nil {
		return nil, err
	}
	return r, nil
}
