package mrz

import (
	"fmt"
	"time"

	"github.com/ncbnet/ncbnet/internal/identifiers"
)

// A parse runs for every traveller at a desk and for every row of a
// manifest, so it writes the MRZ (capitalised) and every field derived from
// it (names with spaces, dates, a long document number, the text the
// composite check covers) into one buffer on the stack and makes a single
// string of it at the end: every string in the Result, and every field a
// check digit is computed over, is a slice of that one string.

// bufferSize bounds what one parse writes. A TD1 writes the most: its lines
// (90 characters), the fields its composite check covers (50), a long
// document number (at most 23), the names with spaces (at most 30), the
// optional data (at most 15 + 11) and two dates (20): 239 characters.
const bufferSize = 256

// span is a run [from, to) of the buffer.
type span struct{ from, to int }

type buffer struct {
	b [bufferSize]byte
	n int
}

// appendUpper appends s, capitalised.
func (b *buffer) appendUpper(s string) span {
	from := b.n
	for i := 0; i < len(s); i++ {
		b.b[b.n] = upper(s[i])
		b.n++
	}
	return span{from, b.n}
}

// appendSpans appends copies of spans, one after the other.
func (b *buffer) appendSpans(spans ...span) span {
	from := b.n
	for _, s := range spans {
		b.n += copy(b.b[b.n:], b.b[s.from:s.to])
	}
	return span{from, b.n}
}

// trim removes the fillers at both ends of s.
func (b *buffer) trim(s span) span {
	for s.from < s.to && b.b[s.from] == '<' {
		s.from++
	}
	for s.from < s.to && b.b[s.to-1] == '<' {
		s.to--
	}
	return s
}

// words reads s as words separated by fillers: the fillers at either end
// go, each run inside becomes one space. Without fillers inside, s is
// returned as it is, not copied.
func (b *buffer) words(s span) span {
	s = b.trim(s)
	inside := false
	for i := s.from; i < s.to; i++ {
		if b.b[i] == '<' {
			inside = true
			break
		}
	}
	if !inside {
		return s
	}
	from := b.n
	for i := s.from; i < s.to; i++ {
		switch {
		case b.b[i] != '<':
			b.b[b.n] = b.b[i]
		case b.b[i-1] == '<':
			continue
		default:
			b.b[b.n] = ' '
		}
		b.n++
	}
	return span{from, b.n}
}

// indexFillers returns the index of the first "<<" in s, or -1.
func (b *buffer) indexFillers(s span) int {
	for i := s.from; i+1 < s.to; i++ {
		if b.b[i] == '<' && b.b[i+1] == '<' {
			return i
		}
	}
	return -1
}

// pendingCheck is a check digit to verify once the buffer is a string.
type pendingCheck struct {
	name  string
	field span
	digit place
}

// reader holds one parse: the buffer, where each line sits in it and the
// checks to run.
type reader struct {
	buffer
	layout  *layout
	line    [maxLines]span
	checks  [len(Result{}.checks)]pendingCheck
	nChecks int
}

// at is where f sits in the buffer.
func (rd *reader) at(f field) span {
	start := rd.line[f.line].from
	return span{start + f.from, start + f.to}
}

// char is the character printed at p.
func (rd *reader) char(p place) byte { return rd.b[rd.line[p.line].from+p.at] }

func (rd *reader) addCheck(name string, f span, digit place) {
	rd.checks[rd.nChecks] = pendingCheck{name, f, digit}
	rd.nChecks++
}

// read fills r from lines, which layoutOf has found to be in layout l.
func read(r *Result, l *layout, lines []string, now time.Time) error {
	rd := reader{layout: l}
	for i, text := range lines {
		rd.line[i] = rd.appendUpper(text)
	}

	documentType := rd.trim(rd.at(l.documentCode))
	issuer := rd.trim(rd.at(l.issuer))
	nationality := rd.trim(rd.at(l.nationality))

	number, optional := rd.documentNumber()

	birth, expiry := rd.at(l.birth), rd.at(l.expiry)
	rd.addCheck(FieldBirthDate, birth, l.birthCheck)
	rd.addCheck(FieldExpiryDate, expiry, l.expiryCheck)
	if l.optionalChecked {
		rd.addCheck(FieldPersonalNumber, rd.at(l.optional), l.optionalCheck)
	}
	if len(l.composite) > 0 {
		from := rd.n
		for _, f := range l.composite {
			rd.appendSpans(rd.at(f))
		}
		rd.addCheck(FieldComposite, span{from, rd.n}, l.compositeCheck)
	}

	name := rd.at(l.name)
	r.NameTruncated = rd.b[name.to-1] != '<'
	surname, givenNames := name, span{}
	if i := rd.indexFillers(name); i >= 0 {
		surname, givenNames = span{name.from, i}, span{i + 2, name.to}
	}
	surname, givenNames = rd.words(surname), rd.words(givenNames)

	personal := rd.words(optional)
	var optional2 span
	if l.optional2.to > 0 {
		optional2 = rd.words(rd.at(l.optional2))
	}
	today := dateKey(now)
	birthDate := rd.appendDate(birth, birthYear, today)
	expiryDate := rd.appendDate(expiry, expiryYear, today)

	s := string(rd.b[:rd.n])
	str := func(sp span) string { return s[sp.from:sp.to] }
	r.DocumentType = str(documentType)
	r.Issuer = str(issuer)
	r.DocumentNumber = str(number)
	r.Surname, r.GivenNames = str(surname), str(givenNames)
	r.Nationality = str(nationality)
	r.PrintedBirthDate, r.BirthDate = str(birth), str(birthDate)
	r.PrintedExpiryDate, r.ExpiryDate = str(expiry), str(expiryDate)
	r.Sex = sexOf(rd.char(l.sex))
	r.PersonalNumber = str(personal)
	r.OptionalData2 = str(optional2)

	r.Valid = true
	for i, c := range rd.checks[:rd.nChecks] {
		f, found := str(c.field), rd.char(c.digit)
		expected, err := identifiers.ICAOCheckDigit(f)
		if err != nil {
			// layoutOf lets only the MRZ alphabet through.
			return fmt.Errorf("BUG: mrz: the %s field holds a character layoutOf refuses: %w", c.name, err)
		}
		// Only a '<' can stand for a digit it is not (for a field of
		// fillers); ValidICAOCheck knows when.
		ok := found == expected || found == '<' && identifiers.ValidICAOCheck(f, found)
		r.checks[i] = Check{Field: c.name, OK: ok, Expected: expected, Found: found,
			Line: c.digit.line + 1, Position: c.digit.at + 1}
		r.Valid = r.Valid && ok
	}
	r.Checks = r.checks[:rd.nChecks]
	return nil
}

// documentNumber finds the document number and the optional data that
// follows it, and adds the document number's check. A TD1 or TD2 number
// longer than 9 characters prints its first 9 in the number field, a filler
// where the check digit goes, and the rest in the optional data, followed
// by the check digit of the whole number and a filler.
func (rd *reader) documentNumber() (number, optional span) {
	l := rd.layout
	number, optional = rd.at(l.documentNumber), rd.at(l.optional)
	long := l.longNumber && rd.char(l.numberCheck) == '<' &&
		rd.b[number.to-1] != '<' && rd.b[optional.from] != '<'
	if !long {
		rd.addCheck(FieldDocumentNumber, number, l.numberCheck)
		return rd.trim(number), optional
	}
	end := optional.from
	for end < optional.to && rd.b[end] != '<' {
		end++
	}
	// The continuation runs to end-1, where the check digit is.
	whole := rd.appendSpans(number, span{optional.from, end - 1})
	check := place{l.optional.line, l.optional.from + (end - 1 - optional.from)}
	rd.addCheck(FieldDocumentNumber, whole, check)
	return whole, span{end, optional.to}
}

func sexOf(c byte) string {
	switch c {
	case 'M':
		return "M"
	case 'F':
		return "F"
	case 'X', '<':
		return "X"
	}
	return ""
}

// birthYear puts a birth date in the latest century that makes it no later
// than today (YYYYMMDD). monthDay is the date's MMDD, an unknown month or day
// read as 01.
func birthYear(yy, monthDay, today int) int {
	year := today/10000 - today/10000%100 + yy
	if year*10000+monthDay > today {
		year -= 100
	}
	return year
}

// expiryYear puts an expiry date in the century that makes it fall in
// [today - 50 years, today + 50 years).
func expiryYear(yy, monthDay, today int) int {
	year := today/10000 - today/10000%100 + yy
	switch k := year*10000 + monthDay; {
	case k >= today+50*10000:
		year -= 100
	case k < today-50*10000:
		year += 100
	}
	return year
}

// dateKey is now's calendar day, in now's location, as the number YYYYMMDD.
func dateKey(now time.Time) int {
	y, m, d := now.Date()
	return y*10000 + int(m)*100 + d
}

// appendDate writes the YYMMDD date printed at s as an ISO 8601 date in the
// century century picks: YYYY-MM-DD, or YYYY-MM or YYYY when the day or the
// month and day are printed as fillers or zeros. It writes nothing for a
// date it cannot read or that names no real day.
func (b *buffer) appendDate(s span, century func(yy, monthDay, today int) int, today int) span {
	yy, okYear := b.twoDigits(s.from, false)
	month, okMonth := b.twoDigits(s.from+2, true)
	day, okDay := b.twoDigits(s.from+4, true)
	if !okYear || !okMonth || !okDay || (month == 0 && day != 0) {
		return span{}
	}
	date := identifiers.PartialDate{Month: month, Day: day}
	date.Year = century(yy, max(month, 1)*100+max(day, 1), today)
	if date.Validate() != nil {
		return span{}
	}
	from := b.n
	b.appendNumber(date.Year, 4)
	if month != 0 {
		b.b[b.n] = '-'
		b.n++
		b.appendNumber(month, 2)
	}
	if day != 0 {
		b.b[b.n] = '-'
		b.n++
		b.appendNumber(day, 2)
	}
	return span{from, b.n}
}

// twoDigits reads the two digits at i; with unknown true, "<<" reads as 0.
func (b *buffer) twoDigits(i int, unknown bool) (int, bool) {
	c, d := b.b[i], b.b[i+1]
	switch {
	case '0' <= c && c <= '9' && '0' <= d && d <= '9':
		return int(c-'0')*10 + int(d-'0'), true
	case unknown && c == '<' && d == '<':
		return 0, true
	}
	return 0, false
}

// appendNumber appends n (0 ≤ n < 10^width) in width digits.
func (b *buffer) appendNumber(n, width int) {
	for i := width - 1; i >= 0; i-- {
		b.b[b.n+i] = byte('0' + n%10)
		n /= 10
	}
	b.n += width
}
