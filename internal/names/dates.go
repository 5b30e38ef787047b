package names

// Birth dates may be partial: "1980", "1980-07" or "1980-07-14". A partial
// date stands for every day in its range, so two dates agree at the finest
// precision both have.

type date struct {
	y, m, d int // m and d are 0 when unknown
	text    string
}

func (d date) precision() dateRel {
	switch {
	case d.d > 0:
		return dateDay
	case d.m > 0:
		return dateMonth
	}
	return dateYear
}

// dateRel is how two sets of birth dates relate, from best to worst.
type dateRel uint8

const (
	dateUnknown   dateRel = iota // one side has no date
	dateConflicts                // every pair contradicts
	dateSwapped                  // same year, day and month transposed
	dateYear                     // agree, but one knows only the year
	dateMonth                    // agree to the month
	dateDay                      // the same day
)

// parseDate reads YYYY, YYYY-MM or YYYY-MM-DD; anything else is ignored.
func parseDate(s string) (date, bool) {
	num := func(p string) (int, bool) {
		n := 0
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return 0, false
			}
			n = n*10 + int(p[i]-'0')
		}
		return n, len(p) > 0
	}
	dt := date{text: s}
	var ok bool
	switch len(s) {
	case 4, 7, 10:
	default:
		return date{}, false
	}
	if dt.y, ok = num(s[:4]); !ok || dt.y == 0 {
		return date{}, false
	}
	if len(s) >= 7 {
		if s[4] != '-' {
			return date{}, false
		}
		if dt.m, ok = num(s[5:7]); !ok || dt.m < 1 || dt.m > 12 {
			return date{}, false
		}
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return date{}, false
		}
		if dt.d, ok = num(s[8:10]); !ok || dt.d < 1 || dt.d > 31 {
			return date{}, false
		}
	}
	return dt, true
}

// relate compares two dates at the precision both have.
func relate(a, b date) dateRel {
	p := min(a.precision(), b.precision())
	if a.y != b.y {
		return dateConflicts
	}
	if p == dateYear {
		return dateYear
	}
	if a.m == b.m && (p == dateMonth || a.d == b.d) {
		return p
	}
	if p == dateDay && a.m == b.d && a.d == b.m {
		return dateSwapped
	}
	return dateConflicts
}

// compareDates returns the best relation between any date of a and any of
// b, with the two dates that show it.
func compareDates(a, b []date) (dateRel, string, string) {
	best, x, y := dateUnknown, "", ""
	for _, da := range a {
		for _, db := range b {
			if r := relate(da, db); r > best {
				best, x, y = r, da.text, db.text
			}
		}
	}
	return best, x, y
}
