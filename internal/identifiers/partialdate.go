package identifiers

import (
	"time"
)

// PartialDate is a date known to the year, the month or the day, as birth
// dates in police records often are ("born 1980", "born July 1980"). Month
// and Day are 0 when unknown; a known day needs a known month. The zero
// PartialDate means no date at all.
type PartialDate struct {
	Year, Month, Day int
}

// The years a PartialDate may name. Nobody alive or holding a document was
// born before 1800, so an earlier year is a typing error ("0980" for
// "1980"); 9999 is the most four digits can write. A historical date (when
// a work of art was made) may name any year from 1 on.
const (
	minYear           = 1800
	minHistoricalYear = 1
	maxYear           = 9999
)

// ParsePartialDate reads a date written "YYYY", "YYYY-MM" or "YYYY-MM-DD"
// (ISO 8601 calendar dates, at reduced precision), with exactly that many
// digits and no spaces, signs or other forms: a year 1800 to 9999, a month
// that exists and a day that exists in that month (leap years included).
func ParsePartialDate(s string) (PartialDate, error) { return parsePartialDate(s, minYear) }

// ParseHistoricalDate is ParsePartialDate for a date of history, such as
// when a work of art was made: any year from 0001 on.
func ParseHistoricalDate(s string) (PartialDate, error) {
	return parsePartialDate(s, minHistoricalYear)
}

func parsePartialDate(s string, min int) (PartialDate, error) {
	var d PartialDate
	ok := len(s) == 4 || len(s) == 7 || len(s) == 10
	if ok {
		d.Year, ok = parseDigits(s[0:4])
	}
	if ok && len(s) >= 7 {
		d.Month, ok = parseDigits(s[5:7])
		ok = ok && s[4] == '-'
	}
	if ok && len(s) == 10 {
		d.Day, ok = parseDigits(s[8:10])
		ok = ok && s[7] == '-'
	}
	if !ok {
		return PartialDate{}, newError(ErrFormat, "a date is written YYYY, YYYY-MM or YYYY-MM-DD")
	}
	// "1980-00" and "1980-07-00" are refused, not read as "month unknown":
	// an unknown part is left out, never written as zero.
	if len(s) >= 7 && d.Month == 0 {
		return PartialDate{}, newError(ErrInvalidDate,
			"month 00 does not exist; when the month is not known, write only the year")
	}
	if d.Year < min {
		return PartialDate{}, newError(ErrInvalidDate, "year %d is outside %d to %d", d.Year, min, maxYear)
	}
	if err := d.validate(min); err != nil {
		return PartialDate{}, err
	}
	if len(s) == 10 && d.Day == 0 {
		return PartialDate{}, newError(ErrInvalidDate,
			"day 00 does not exist; when the day is not known, write only the year and month")
	}
	return d, nil
}

// parseDigits reads a run of ASCII digits, and nothing else, as a number.
func parseDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Validate checks that d names a real year, month or day in the range
// ParsePartialDate accepts. Use it on a PartialDate built field by field.
func (d PartialDate) Validate() error { return d.validate(minYear) }

func (d PartialDate) validate(min int) error {
	switch {
	case d.Year < min || d.Year > maxYear:
		return newError(ErrInvalidDate, "year %d is outside %d to %d", d.Year, min, maxYear)
	case d.Month < 0 || d.Month > 12:
		return newError(ErrInvalidDate, "month %d does not exist", d.Month)
	case d.Day != 0 && d.Month == 0:
		return newError(ErrInvalidDate, "a date with a day needs its month")
	case d.Day < 0 || (d.Month != 0 && d.Day > daysIn(d.Year, d.Month)):
		return newError(ErrInvalidDate, "day %d does not exist: %s %d has %d days",
			d.Day, time.Month(d.Month), d.Year, daysIn(d.Year, d.Month))
	}
	return nil
}

// daysIn is the number of days in month (1-12) of year, leap years included.
func daysIn(year, month int) int {
	// Day 0 of the next month is the last day of this one.
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether d is the zero PartialDate, no date at all.
func (d PartialDate) IsZero() bool {
	return d == PartialDate{}
}

// String writes d the way ParsePartialDate reads it: "1980", "1980-07" or
// "1980-07-14"; "" for the zero PartialDate.
func (d PartialDate) String() string {
	if d.IsZero() {
		return ""
	}
	var buf [10]byte
	b := appendPadded(buf[:0], d.Year, 4)
	if d.Month != 0 {
		b = append(b, '-')
		b = appendPadded(b, d.Month, 2)
		if d.Day != 0 {
			b = append(b, '-')
			b = appendPadded(b, d.Day, 2)
		}
	}
	return string(b)
}

// appendPadded appends n in decimal with at least width digits.
func appendPadded(b []byte, n, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	var digits [20]byte
	i := len(digits)
	for n > 0 || len(digits)-i < width {
		i--
		digits[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, digits[i:]...)
}

// Range returns the first and the last day d covers, as midnight UTC: one day
// for a full date, the whole month or the whole year otherwise. Both ends are
// included. d must be valid.
func (d PartialDate) Range() (first, last time.Time) {
	first = time.Date(d.Year, time.January, 1, 0, 0, 0, 0, time.UTC)
	last = time.Date(d.Year, time.December, 31, 0, 0, 0, 0, time.UTC)
	if d.Month != 0 {
		first = time.Date(d.Year, time.Month(d.Month), 1, 0, 0, 0, 0, time.UTC)
		last = time.Date(d.Year, time.Month(d.Month), daysIn(d.Year, d.Month), 0, 0, 0, 0, time.UTC)
	}
	if d.Day != 0 {
		first = time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		last = first
	}
	return first, last
}

// Overlaps reports whether d and o can be the same day, that is whether their
// ranges share a day: "1980" overlaps "1980-07-14", "1980-07" does not overlap
// "1980-08-01". It is how a birth date known only in part matches a full one.
// It does not allocate; person search calls it for every candidate.
func (d PartialDate) Overlaps(o PartialDate) bool {
	dFirst, dLast := d.dayKeys()
	oFirst, oLast := o.dayKeys()
	return dFirst <= oLast && oFirst <= dLast
}

// dayKeys returns the first and last day of d as YYYYMMDD numbers. The last
// key of a month may name a day that does not exist ("February 31st"): no
// real first day falls between it and the month's true last day, so the
// comparisons in Overlaps come out the same.
func (d PartialDate) dayKeys() (first, last int) {
	base := d.Year * 10000
	switch {
	case d.Month == 0:
		return base + 101, base + 1231
	case d.Day == 0:
		return base + d.Month*100 + 1, base + d.Month*100 + 31
	}
	key := base + d.Month*100 + d.Day
	return key, key
}
