package identifiers

import (
	"errors"
	"testing"
	"time"
)

func TestParsePartialDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want PartialDate
	}{
		{"1980", PartialDate{1980, 0, 0}},
		{"1980-07", PartialDate{1980, 7, 0}},
		{"1980-07-14", PartialDate{1980, 7, 14}},
		{"1800", PartialDate{1800, 0, 0}},
		{"9999-12-31", PartialDate{9999, 12, 31}},
		{"2000-02-29", PartialDate{2000, 2, 29}}, // divisible by 400: leap
		{"2024-02-29", PartialDate{2024, 2, 29}}, // divisible by 4: leap
		{"1980-01-31", PartialDate{1980, 1, 31}},
		{"1980-04-30", PartialDate{1980, 4, 30}},
	} {
		got, err := ParsePartialDate(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParsePartialDate(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if s := got.String(); s != tc.in {
			t.Errorf("ParsePartialDate(%q).String() = %q", tc.in, s)
		}
	}
}

func TestParsePartialDateRefuses(t *testing.T) {
	const form = "a date is written YYYY, YYYY-MM or YYYY-MM-DD"
	for _, tc := range []struct {
		in      string
		kind    error
		message string
	}{
		{"80", ErrFormat, form},
		{"1980-7", ErrFormat, form},
		{"1980-7-14", ErrFormat, form},
		{"1980-07-4", ErrFormat, form},
		{" 1980", ErrFormat, form},
		{"1980 ", ErrFormat, form},
		{"", ErrFormat, form},
		{"+980", ErrFormat, form},
		{"-980", ErrFormat, form},
		{"1980/07/14", ErrFormat, form},
		{"14-07-1980", ErrFormat, form},
		{"19800714", ErrFormat, form},
		{"1980-07-14T00:00:00Z", ErrFormat, form},
		{"198O", ErrFormat, form},
		{"１９８０", ErrFormat, form},
		{"1980-13", ErrInvalidDate, "month 13 does not exist"},
		{"1980-00", ErrInvalidDate, "month 00 does not exist; when the month is not known, write only the year"},
		{"1980-00-01", ErrInvalidDate, "month 00 does not exist; when the month is not known, write only the year"},
		{"1980-07-00", ErrInvalidDate, "day 00 does not exist; when the day is not known, write only the year and month"},
		{"1980-13-00", ErrInvalidDate, "month 13 does not exist"},
		{"1900-02-29", ErrInvalidDate, "day 29 does not exist: February 1900 has 28 days"}, // divisible by 100: not leap
		{"2023-02-29", ErrInvalidDate, "day 29 does not exist: February 2023 has 28 days"},
		{"2024-02-30", ErrInvalidDate, "day 30 does not exist: February 2024 has 29 days"},
		{"1980-04-31", ErrInvalidDate, "day 31 does not exist: April 1980 has 30 days"},
		{"1980-01-32", ErrInvalidDate, "day 32 does not exist: January 1980 has 31 days"},
		{"1799", ErrInvalidDate, "year 1799 is outside 1800 to 9999"},
		{"0980-07-14", ErrInvalidDate, "year 980 is outside 1800 to 9999"},
		{"0000", ErrInvalidDate, "year 0 is outside 1800 to 9999"},
	} {
		got, err := ParsePartialDate(tc.in)
		if !errors.Is(err, tc.kind) || err.Error() != tc.message || got != (PartialDate{}) {
			t.Errorf("ParsePartialDate(%q) = %+v, %v; want %v %q", tc.in, got, err, tc.kind, tc.message)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		d       PartialDate
		message string
	}{
		{PartialDate{1980, 7, 14}, ""},
		{PartialDate{1980, 7, 0}, ""},
		{PartialDate{}, "year 0 is outside 1800 to 9999"},
		{PartialDate{10000, 0, 0}, "year 10000 is outside 1800 to 9999"},
		{PartialDate{1980, -1, 0}, "month -1 does not exist"},
		{PartialDate{1980, 0, 14}, "a date with a day needs its month"},
		{PartialDate{1980, 7, -1}, "day -1 does not exist: July 1980 has 31 days"},
	} {
		err := tc.d.Validate()
		if (tc.message == "") != (err == nil) || (err != nil && (err.Error() != tc.message || !errors.Is(err, ErrInvalidDate))) {
			t.Errorf("%+v.Validate() = %v; want %q", tc.d, err, tc.message)
		}
	}
}

func TestPartialDateString(t *testing.T) {
	for d, want := range map[PartialDate]string{
		{}:            "",
		{1980, 0, 0}:  "1980",
		{1980, 7, 0}:  "1980-07",
		{1980, 7, 4}:  "1980-07-04",
		{1800, 12, 1}: "1800-12-01",
	} {
		if got := d.String(); got != want {
			t.Errorf("%+v.String() = %q; want %q", d, got, want)
		}
	}
}

func TestRange(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		in          string
		first, last time.Time
	}{
		{"1980", day(1980, 1, 1), day(1980, 12, 31)},
		{"1980-07", day(1980, 7, 1), day(1980, 7, 31)},
		{"1980-02", day(1980, 2, 1), day(1980, 2, 29)},
		{"1900-02", day(1900, 2, 1), day(1900, 2, 28)},
		{"2000-02", day(2000, 2, 1), day(2000, 2, 29)},
		{"1980-04", day(1980, 4, 1), day(1980, 4, 30)},
		{"1980-12", day(1980, 12, 1), day(1980, 12, 31)},
		{"1980-07-14", day(1980, 7, 14), day(1980, 7, 14)},
	} {
		d, err := ParsePartialDate(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		first, last := d.Range()
		if !first.Equal(tc.first) || !last.Equal(tc.last) || first.Location() != time.UTC {
			t.Errorf("%s.Range() = %v, %v; want %v, %v", tc.in, first, last, tc.first, tc.last)
		}
	}
}

func TestOverlaps(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"1980", "1980", true},
		{"1980", "1980-07", true},
		{"1980", "1980-07-14", true},
		{"1980", "1980-01-01", true},
		{"1980", "1980-12-31", true},
		{"1980", "1981-01-01", false},
		{"1980", "1979-12-31", false},
		{"1980", "1981", false},
		{"1980-07", "1980-07-01", true},
		{"1980-07", "1980-07-31", true},
		{"1980-07", "1980-08-01", false},
		{"1980-07", "1980-06-30", false},
		{"1980-07", "1980-08", false},
		{"1980-02", "1980-02-29", true},
		{"1980-02", "1980-03-01", false},
		{"1980-07-14", "1980-07-14", true},
		{"1980-07-14", "1980-07-15", false},
		{"1980-07-14", "1981-07-14", false},
	} {
		a, errA := ParsePartialDate(tc.a)
		b, errB := ParsePartialDate(tc.b)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if got := a.Overlaps(b); got != tc.want {
			t.Errorf("%s.Overlaps(%s) = %v; want %v", tc.a, tc.b, got, tc.want)
		}
		if got := b.Overlaps(a); got != tc.want {
			t.Errorf("%s.Overlaps(%s) = %v; want %v (symmetry)", tc.b, tc.a, got, tc.want)
		}
	}
}

// Overlaps compares day numbers instead of times; it must agree with Range on
// every pair of dates around two year ends, a leap February included.
func TestOverlapsAgreesWithRange(t *testing.T) {
	var dates []PartialDate
	for year := 1999; year <= 2001; year++ {
		dates = append(dates, PartialDate{Year: year})
		for month := 1; month <= 12; month++ {
			dates = append(dates, PartialDate{Year: year, Month: month})
			for _, day := range []int{1, 15, 28, 29, 30, 31} {
				d := PartialDate{year, month, day}
				if d.Validate() == nil {
					dates = append(dates, d)
				}
			}
		}
	}
	for _, a := range dates {
		aFirst, aLast := a.Range()
		for _, b := range dates {
			bFirst, bLast := b.Range()
			want := !aFirst.After(bLast) && !bFirst.After(aLast)
			if got := a.Overlaps(b); got != want {
				t.Fatalf("%s.Overlaps(%s) = %v; the ranges say %v", a, b, got, want)
			}
		}
	}
}

func TestParseHistoricalDate(t *testing.T) {
	for _, s := range []string{"1503", "0800", "0001-12-31", "1799-02"} {
		if _, err := ParseHistoricalDate(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
		if _, err := ParsePartialDate(s); err == nil {
			t.Errorf("%s taken as a birth or document date", s)
		}
	}
	for _, s := range []string{"0000", "800", "1503-13", "0100-02-30"} {
		if _, err := ParseHistoricalDate(s); err == nil {
			t.Errorf("%s taken", s)
		}
	}
}
