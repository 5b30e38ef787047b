// Package mrz reads the machine readable zone of a travel document, as ICAO
// Doc 9303 lays it out: TD1 identity cards (3 lines of 30 characters), TD2
// documents (2 × 36), TD3 passports (2 × 44) and MRV-A and MRV-B visas (2 × 44
// and 2 × 36). Border desks and national systems send what their readers
// scanned; screening needs the document number, issuer, names, birth date and
// nationality in it, and needs to know whether the check digits hold.
//
// Parse separates two outcomes the API answers differently. Text that is not
// an MRZ at all (the wrong number of lines, a line of the wrong length, a
// character the MRZ alphabet lacks, an unknown layout) is a *ParseError that
// names the line and the position: the API answers 422. An MRZ that reads but
// whose check digits do not all hold is not an error: the Result says
// Valid false and which check failed, with the digit it expected, because at a
// desk that is most often a reading (OCR) error, and whether to screen what
// was read anyway is the caller's decision.
//
// This package must never:
//   - correct what it reads (an 'O' for a '0', a missing filler): a repair
//     that guesses can turn one person's document into another's. It reports
//     where the MRZ is wrong and leaves the fix to the person at the desk;
//   - refuse a readable MRZ because a check digit fails, or call one valid
//     unless every check digit the layout has holds;
//   - look anything up (no store, no network, no member list), read a clock
//     (the current time is an argument) or keep any state between calls;
//   - log or keep what it is given, or repeat an MRZ or one of its fields in
//     an error: an MRZ is personal data. Errors name a line, a position and
//     at most the one character found there.
//
// Check digits, the ICAO country codes and date validity come from
// internal/identifiers: the rules the rest of ncbnet applies to the same
// values.
package mrz
