package mrz

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/identifiers"
)

// The ICAO specimens the tests below start from.
const (
	specimenTD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n" +
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10"
	specimenTD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n" +
		"7408122F1204159UTO<<<<<<<<<<<6\n" +
		"ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
	specimenTD1Long = "I<UTOD23145890<7349<<<<<<<<<<<\n" +
		"3407127M9507122UTO<<<<<<<<<<<2\n" +
		"STEVENSON<<PETER<JOHN<<<<<<<<<"
	specimenTD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n" +
		"D231458907UTO7408122F1204159<<<<<<<6"
	specimenTD2Long = "I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<\n" +
		"D23145890<UTO3407127M95071227349<<<8"
	specimenMRVA = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n" +
		"L8988901C4XXX4009078F96121096ZE184226B<<<<<<"
	specimenMRVB = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n" +
		"L8988901C4XXX4009078F9612109<<<<<<<<"
)

var validSpecimens = []string{specimenTD3, specimenTD1, specimenTD1Long, specimenTD2, specimenTD2Long, specimenMRVA, specimenMRVB}

func mustParse(t testing.TB, text string, now time.Time) *Result {
	t.Helper()
	r, err := Parse(text, now)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return r
}

// mustJSON is r as the API answers it.
func mustJSON(t testing.TB, r *Result) string {
	t.Helper()
	b, err := json.Marshal(r.Wire())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// withChar returns text with the character at line and position (1-based)
// replaced by c.
func withChar(text string, line, position int, c byte) string {
	lines := strings.Split(text, "\n")
	b := []byte(lines[line-1])
	b[position-1] = c
	lines[line-1] = string(b)
	return strings.Join(lines, "\n")
}

// passport builds a TD3 MRZ with correct check digits, each field padded
// with fillers to its width.
func passport(t testing.TB, name, number, birth, expiry, personal string) string {
	t.Helper()
	pad := func(s string, n int) string {
		if len(s) > n {
			t.Fatalf("%q is longer than %d", s, n)
		}
		return s + strings.Repeat("<", n-len(s))
	}
	digit := func(s string) string {
		d, err := identifiers.ICAOCheckDigit(s)
		if err != nil {
			t.Fatal(err)
		}
		return string(d)
	}
	number, personal = pad(number, 9), pad(personal, 14)
	upper := "P<UTO" + pad(name, 39)
	composite := number + digit(number) + birth + digit(birth) + expiry + digit(expiry) + personal + digit(personal)
	lower := number + digit(number) + "UTO" + birth + digit(birth) + "F" + expiry + digit(expiry) +
		personal + digit(personal) + digit(composite)
	return upper + "\n" + lower
}

// Each check digit of each specimen, corrupted in turn: the MRZ still reads,
// is not valid, and exactly that check fails (with the composite, which
// covers every other check digit), saying which digit it expected.
func TestEachCheckDigitCorrupted(t *testing.T) {
	for _, text := range validSpecimens {
		base := mustParse(t, text, specimenNow)
		hasComposite := slices.ContainsFunc(base.Checks, func(c Check) bool { return c.Field == FieldComposite })
		for _, c := range base.Checks {
			wrong := '0' + (c.Found-'0'+1)%10
			r, err := Parse(withChar(text, c.Line, c.Position, wrong), specimenNow)
			if err != nil {
				t.Fatalf("%s %s corrupted: %v", base.Format, c.Field, err)
			}
			want := []string{c.Field}
			if hasComposite && c.Field != FieldComposite {
				want = append(want, FieldComposite)
			}
			if r.Valid || !slices.Equal(failedChecks(r), want) {
				t.Errorf("%s %s corrupted: valid %v, failed %v; want invalid, failed %v",
					base.Format, c.Field, r.Valid, failedChecks(r), want)
			}
			for _, got := range r.Checks {
				if got.Field == c.Field && (got.Expected != c.Found || got.Found != wrong ||
					got.Line != c.Line || got.Position != c.Position) {
					t.Errorf("%s %s corrupted: check %+v, want expected %c found %c at %d:%d",
						base.Format, c.Field, got, c.Found, wrong, c.Line, c.Position)
				}
			}
			// The fields are still there for a caller who screens what was read.
			if r.DocumentNumber != base.DocumentNumber || r.Surname != base.Surname {
				t.Errorf("%s %s corrupted: fields changed: %+v", base.Format, c.Field, r)
			}
		}
	}
}

// A character of a field changed, where the check digit stays: the field's
// check and the composite fail. The names and the nationality are covered by
// no check digit (Doc 9303 protects neither), so a change there still reads
// as valid.
func TestFieldCorrupted(t *testing.T) {
	for _, tc := range []struct {
		what           string
		line, position int
		c              byte
		failed         []string
	}{
		{"document number", 2, 1, 'M', []string{FieldDocumentNumber, FieldComposite}},
		{"birth date", 2, 16, '1', []string{FieldBirthDate, FieldComposite}},
		{"expiry date", 2, 23, '3', []string{FieldExpiryDate, FieldComposite}},
		{"personal number", 2, 30, 'F', []string{FieldPersonalNumber, FieldComposite}},
		{"name", 1, 8, 'X', nil},
		{"nationality", 2, 12, 'A', nil},
		{"sex", 2, 21, 'M', nil},
	} {
		r := mustParse(t, withChar(specimenTD3, tc.line, tc.position, tc.c), specimenNow)
		if got := failedChecks(r); !slices.Equal(got, tc.failed) || r.Valid != (len(tc.failed) == 0) {
			t.Errorf("%s changed: valid %v, failed %v; want failed %v", tc.what, r.Valid, got, tc.failed)
		}
	}
}

// Doc 9303's weights are 7, 3 and 1 and its sum is taken modulo 10, so a
// character swapped for one whose value differs by a multiple of 10 (a '<'
// for a '0', an 'A' for a '0', a 'K' for an 'A') keeps every check digit.
// The checks catch a reading error, not every one.
func TestCheckDigitBlindSpot(t *testing.T) {
	r := mustParse(t, withChar(specimenTD3, 2, 1, 'V'), specimenNow) // 'L' (21) → 'V' (31)
	if !r.Valid || r.DocumentNumber != "V898902C3" {
		t.Errorf("valid %v, number %q", r.Valid, r.DocumentNumber)
	}
}

func TestParseErrors(t *testing.T) {
	td3Upper, td3Lower, _ := strings.Cut(specimenTD3, "\n")
	td1 := strings.Split(specimenTD1, "\n")
	for _, tc := range []struct {
		what           string
		text           string
		line, position int
	}{
		{"empty", "", 1, 1},
		{"only spaces and newlines", "  \r\n \n\t", 1, 1},
		{"one line", td3Upper, 2, 1},
		{"one line the length of a lower line", td3Lower, 2, 1},
		{"four lines", specimenTD1 + "\n" + td1[2], 4, 1},
		{"TD1 without its name line", td1[0] + "\n" + td1[1], 3, 1},
		{"passport with a third line", specimenTD3 + "\n" + td3Lower, 3, 1},
		{"lower line one short", td3Upper + "\n" + td3Lower[:43], 2, 44},
		{"lower line one long", td3Upper + "\n" + td3Lower + "<", 2, 45},
		{"upper line short", td3Upper[:40] + "\n" + td3Lower, 1, 41},
		{"both lines of no layout's length", td3Upper[:41] + "\n" + td3Lower[:41], 1, 42},
		{"TD1 name line short", td1[0] + "\n" + td1[1] + "\n" + td1[2][:29], 3, 30},
		{"TD1 middle line long", td1[0] + "\n" + td1[1] + "<<\n" + td1[2], 2, 31},
		{"blank line inside", td3Upper + "\n\n" + td3Lower, 2, 1},
		{"blank line inside a TD1", td1[0] + "\n \n" + td1[1], 2, 1},
		{"bad character", withChar(specimenTD3, 2, 5, '*'), 2, 5},
		{"space inside a line", withChar(specimenTD3, 1, 6, ' '), 1, 6},
		{"letter outside ASCII", strings.Replace(specimenTD3, "ERIKSSON", "ÉRIKSSON", 1), 1, 6},
		{"position counts characters", strings.Replace(specimenTD3, "ANNA", "ÄNNÄ", 1), 1, 16},
		{"byte that is not UTF-8", strings.Replace(specimenTD3, "ANNA", "A\xffNA", 1), 1, 17},
		{"bad character in a run-together MRZ", strings.ReplaceAll(withChar(specimenTD3, 2, 3, '#'), "\n", ""), 1, 47},
		{"unknown format: document code X", withChar(specimenTD3, 1, 1, 'X'), 1, 1},
		{"unknown format: a passport code on 36 characters", withChar(specimenTD2, 1, 1, 'P'), 1, 1},
		{"unknown format: an identity card code on 44 characters", withChar(specimenTD3, 1, 1, 'I'), 1, 1},
		{"unknown format: a visa code on 30 characters", withChar(specimenTD1, 1, 1, 'V'), 1, 1},
		{"unknown format: a filler for a code", withChar(specimenTD3, 1, 1, '<'), 1, 1},
	} {
		t.Run(tc.what, func(t *testing.T) {
			r, err := Parse(tc.text, specimenNow)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, %v; want a ParseError", r, err)
			}
			if r != nil {
				t.Errorf("a Result with an error: %+v", r)
			}
			if pe.Line != tc.line || pe.Position != tc.position {
				t.Errorf("%v: want line %d, position %d", err, tc.line, tc.position)
			}
			// The error names a place, never the MRZ or one of its fields.
			for _, secret := range []string{"ERIKSSON", "L898902C3", "740812", "D23145890"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("%v repeats %s", err, secret)
				}
			}
		})
	}
}

// The API answers 422 for an MRZ that cannot be read: its one error writer
// finds the code in the chain.
func TestParseErrorIsAnInvalidField(t *testing.T) {
	_, err := Parse("P<UTO", specimenNow)
	fe, ok := fault.As(err)
	if !ok || fe.Code != fault.InvalidField || fe.Field != "mrz" || fe.Code.Status() != http.StatusUnprocessableEntity {
		t.Fatalf("fault.As(%v) = %+v, %v", err, fe, ok)
	}
	if !strings.Contains(fe.Message, "line 2, position 1") {
		t.Errorf("message %q does not name the place", fe.Message)
	}
}

// However a reader or a person passes the MRZ on, it reads the same.
func TestInputTolerance(t *testing.T) {
	for _, text := range validSpecimens {
		want := mustJSON(t, mustParse(t, text, specimenNow))
		for _, variant := range []struct{ what, text string }{
			{"CRLF", strings.ReplaceAll(text, "\n", "\r\n")},
			{"lower case", strings.ToLower(text)},
			{"spaces around", "  \n\t" + strings.ReplaceAll(text, "\n", "  \n   ") + " \r\n\n"},
			{"run together", strings.ReplaceAll(text, "\n", "")},
		} {
			r, err := Parse(variant.text, specimenNow)
			if err != nil {
				t.Errorf("%s, %s: %v", strings.SplitN(text, "\n", 2)[0][:5], variant.what, err)
				continue
			}
			if got := mustJSON(t, r); got != want {
				t.Errorf("%s: %s\nwant %s", variant.what, got, want)
			}
		}
	}
}

func TestNames(t *testing.T) {
	for _, tc := range []struct {
		field          string
		surname, given string
		truncated      bool
	}{
		{"ERIKSSON<<ANNA<MARIA", "ERIKSSON", "ANNA MARIA", false},
		{"DE<LA<CRUZ<<MARIA<JOSE", "DE LA CRUZ", "MARIA JOSE", false},
		{"ERIKSSON", "ERIKSSON", "", false},
		{"<<ANNA", "", "ANNA", false},
		{"ERIKSSON<<ANNA<<MARIA", "ERIKSSON", "ANNA MARIA", false},
		// Doc 9303's own truncation example, filling the 39 places.
		{"POLLY<DE<LA<SANTISSIMA<TRINIDAD<<MARIA<", "POLLY DE LA SANTISSIMA TRINIDAD", "MARIA", false},
		{"VANDENBERGHE<DE<LA<SANTISSIMA<<MARIA<JO", "VANDENBERGHE DE LA SANTISSIMA", "MARIA JO", true},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM", "", true},
		{"", "", "", false},
	} {
		r := mustParse(t, passport(t, tc.field, "L898902C3", "740812", "300415", ""), specimenNow)
		if r.Surname != tc.surname || r.GivenNames != tc.given || r.NameTruncated != tc.truncated {
			t.Errorf("%q: surname %q, given %q, truncated %v; want %q, %q, %v",
				tc.field, r.Surname, r.GivenNames, r.NameTruncated, tc.surname, tc.given, tc.truncated)
		}
		if !r.Valid {
			t.Errorf("%q: not valid: %v", tc.field, failedChecks(r))
		}
	}
}

// Germany prints "D<<" as issuer and nationality; the British classes of
// nationality have codes of their own. The Result keeps what was printed,
// and says which country it is.
func TestCountryCodes(t *testing.T) {
	text := strings.Replace(strings.Replace(specimenTD3, "P<UTO", "P<D<<", 1), "C36UTO", "C36GBD", 1)
	r := mustParse(t, text, specimenNow)
	if r.Issuer != "D" || r.IssuerCountry() != "DEU" || r.Nationality != "GBD" || r.NationalityCountry() != "GBR" || !r.Valid {
		t.Errorf("issuer %q (%s), nationality %q (%s), valid %v",
			r.Issuer, r.IssuerCountry(), r.Nationality, r.NationalityCountry(), r.Valid)
	}
}

func TestDocumentTypeAndSex(t *testing.T) {
	for _, tc := range []struct {
		code     string
		sex      byte
		wantType string
		wantSex  string
	}{
		{"P<", 'F', "P", "F"},
		{"PO", 'M', "PO", "M"},
		{"PD", '<', "PD", "X"},
		{"P<", 'X', "P", "X"},
		{"P<", 'Q', "P", ""}, // read, but not a sex Doc 9303 knows
	} {
		text := withChar(withChar(withChar(specimenTD3, 1, 1, tc.code[0]), 1, 2, tc.code[1]), 2, 21, tc.sex)
		r := mustParse(t, text, specimenNow)
		if r.DocumentType != tc.wantType || r.Sex != tc.wantSex || !r.Valid {
			t.Errorf("%s %c: type %q, sex %q, valid %v", tc.code, tc.sex, r.DocumentType, r.Sex, r.Valid)
		}
	}
}

func TestDates(t *testing.T) {
	now := time.Date(2026, time.November, 27, 23, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		printed       string
		birth, expiry string
	}{
		{"740812", "1974-08-12", "2074-08-12"},
		{"120415", "2012-04-15", "2012-04-15"},
		{"261127", "2026-11-27", "2026-11-27"}, // born today
		{"261128", "1926-11-28", "2026-11-28"}, // tomorrow: born a century ago
		{"761126", "1976-11-26", "2076-11-26"},
		{"761127", "1976-11-27", "1976-11-27"}, // expiry window [1976-11-27, 2076-11-27)
		{"000229", "2000-02-29", "2000-02-29"}, // leap year
		{"970229", "", ""},                     // no such day
		{"741312", "", ""},                     // no such month
		{"740800", "1974-08", "2074-08"},       // day unknown, printed as zeros
		{"7408<<", "1974-08", "2074-08"},       // day unknown, printed as fillers
		{"74<<<<", "1974", "2074"},             // month and day unknown
		{"740000", "1974", "2074"},
		{"74<<12", "", ""}, // a day without its month
		{"7O0812", "", ""}, // a letter O read for a zero: not corrected
		{"<<<<<<", "", ""},
	} {
		var b buffer
		raw := b.appendUpper(tc.printed)
		birth := b.appendDate(raw, birthYear, dateKey(now))
		expiry := b.appendDate(raw, expiryYear, dateKey(now))
		got := func(s span) string { return string(b.b[s.from:s.to]) }
		if got(birth) != tc.birth || got(expiry) != tc.expiry {
			t.Errorf("%s: birth %q, expiry %q; want %q, %q", tc.printed, got(birth), got(expiry), tc.birth, tc.expiry)
		}
	}

	// Late in a century, an expiry date can belong to the next one.
	if got := expiryYear(20, 101, 20800601); got != 2120 {
		t.Errorf("expiry 200101 in 2080: year %d, want 2120", got)
	}

	// Through Parse: the printed date is kept whether or not it resolves.
	r := mustParse(t, passport(t, "ERIKSSON<<ANNA", "L898902C3", "5808<<", "300415", ""), now)
	if r.BirthDate != "1958-08" || r.PrintedBirthDate != "5808<<" || r.ExpiryDate != "2030-04-15" || !r.Valid {
		t.Errorf("birth %q (%q), expiry %q, valid %v", r.BirthDate, r.PrintedBirthDate, r.ExpiryDate, r.Valid)
	}
	if _, err := identifiers.ParsePartialDate(r.BirthDate); err != nil {
		t.Errorf("ParsePartialDate(%q): %v", r.BirthDate, err)
	}
}

// A long document number runs from the number field into the optional
// data; its check digit follows the continuation, and the optional data
// after it is the personal number.
func TestLongDocumentNumber(t *testing.T) {
	for _, tc := range []struct {
		what, text, number, personal string
		checkLine, checkPosition     int
	}{
		{"TD1", specimenTD1Long, "D23145890734", "", 1, 19},
		{"TD2", specimenTD2Long, "D23145890734", "", 2, 32},
		{"TD1 with optional data after it", withChar(withChar(specimenTD1Long, 1, 21, 'A'), 1, 22, 'B'), "D23145890734", "AB", 1, 19},
	} {
		r := mustParse(t, tc.text, specimenNow)
		c := r.Checks[0]
		if r.DocumentNumber != tc.number || r.PersonalNumber != tc.personal || c.Field != FieldDocumentNumber ||
			!c.OK || c.Line != tc.checkLine || c.Position != tc.checkPosition {
			t.Errorf("%s: number %q, personal %q, check %+v", tc.what, r.DocumentNumber, r.PersonalNumber, c)
		}
	}
	// A '<' where the check digit goes, with nothing after it, is a check
	// digit missing, not a long number.
	r := mustParse(t, withChar(specimenTD1, 1, 15, '<'), specimenNow)
	if r.Valid || r.DocumentNumber != "D23145890" || r.Checks[0].OK || r.Checks[0].Expected != '7' {
		t.Errorf("number %q, checks %+v", r.DocumentNumber, r.Checks)
	}
	// Passports have no long numbers: the continuation is personal data.
	r = mustParse(t, passport(t, "ERIKSSON<<ANNA", "L898902C3", "740812", "300415", "7349"), specimenNow)
	if r.DocumentNumber != "L898902C3" || r.PersonalNumber != "7349" {
		t.Errorf("number %q, personal %q", r.DocumentNumber, r.PersonalNumber)
	}
}

// A personal number of fillers may carry '<' or '0' as its check digit
// (Doc 9303 Part 4).
func TestEmptyPersonalNumber(t *testing.T) {
	zero := passport(t, "ERIKSSON<<ANNA", "L898902C3", "740812", "300415", "")
	for _, text := range []string{zero, withChar(zero, 2, 43, '<')} {
		r := mustParse(t, text, specimenNow)
		if r.PersonalNumber != "" || !r.Checks[3].OK {
			t.Errorf("personal %q, check %+v", r.PersonalNumber, r.Checks[3])
		}
	}
}

func TestOptionalData(t *testing.T) {
	text := withChar(withChar(withChar(specimenTD1, 2, 19, 'A'), 2, 20, '<'), 2, 21, 'B')
	r := mustParse(t, text, specimenNow)
	if r.OptionalData2 != "A B" || r.PersonalNumber != "" || r.Valid {
		// The composite covers the optional data: it fails.
		t.Errorf("optional data 2 %q, personal %q, valid %v", r.OptionalData2, r.PersonalNumber, r.Valid)
	}
	r = mustParse(t, specimenMRVA, specimenNow)
	if r.PersonalNumber != "6ZE184226B" || len(r.Checks) != 3 {
		t.Errorf("visa optional data %q, %d checks", r.PersonalNumber, len(r.Checks))
	}
}

// The JSON is the API's fixed shape: these keys, in this order, and nothing
// else (the raw dates and check digits stay out).
func TestJSONShape(t *testing.T) {
	got := mustJSON(t, mustParse(t, specimenMRVB, specimenNow))
	want := `{"valid":true,"format":"MRV-B","document_type":"V","issuer":"UTO","document_number":"L8988901C",` +
		`"surname":"ERIKSSON","given_names":"ANNA MARIA","nationality":"XXX","birth_date":"1940-09-07","sex":"F",` +
		`"expiry_date":"1996-12-10","personal_number":"",` +
		`"checks":[{"field":"document_number","ok":true},{"field":"birth_date","ok":true},{"field":"expiry_date","ok":true}]}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
