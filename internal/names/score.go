package names

import (
	"strconv"
	"strings"
)

// MatchThreshold is the score from which two persons are called a match
// (the search API's "match": score ≥ MatchThreshold). It sits between the
// margins the test tables hold the names to: two spellings of one person's
// name (transliteration, typo, missing middle name, swapped order, one word
// or two) have a Similarity of 0.8 or more; different persons below 0.6,
// and a shared first name alone below 0.45. A name made only of very common
// tokens (Wang Wei) scores 0.65 and needs agreeing evidence, such as a full
// birth date, to pass.
const MatchThreshold = 0.7

// Evidence weights. Agreement closes a share of the gap to 1; disagreement
// multiplies the score down. See Score.
const (
	commonNameFactor   = 0.65 // name evidence when every matched token is very common
	dayAgreement       = 0.4
	monthAgreement     = 0.25
	yearAgreement      = 0.1
	nationalityAgrees  = 0.1
	dateConflict       = 0.5
	nationalityDiffers = 0.95
	genderConflict     = 0.8
)

// Person is what Score compares: the identifiers of a person record or of a
// search.
type Person struct {
	Names         []string
	BirthDates    []string // YYYY, YYYY-MM or YYYY-MM-DD
	Nationalities []string // ISO 3166-1 alpha-3
	Gender        string   // male, female, other or ""
}

// Score compares a query with a candidate person and returns a score in
// [0,1] and the explanation of what it rests on. It is monotonic in each
// piece of evidence and built in three steps:
//
//  1. Name: the best Similarity over all pairs of their names. When one or
//     two tokens matched and each is a very common name (Wang, Wei,
//     Mohammed, John…) the name evidence is multiplied by 0.65: a common
//     name alone identifies nobody.
//  2. Agreement closes part of the remaining gap, s ← s + g·(1 − s): birth
//     dates agreeing to the day g = 0.4, to the month 0.25, to the year 0.1
//     (a partial date agrees with every date in its range: "1980" with
//     "1980-07-14", at year level); a shared nationality g = 0.1.
//  3. Conflict multiplies: birth dates that contradict ×0.5 (day and month
//     swapped is read as an entry error and neither helps nor hurts);
//     nationalities that share nothing ×0.95 (people hold several, and
//     records list some); genders that contradict ×0.8.
//
// Absent or unparsable evidence changes nothing. A record that is the same
// person as the query gets ≥ MatchThreshold in the test tables; see there.
func Score(query, candidate Person) (float64, []string) {
	return PreparePerson(query).Score(PreparePerson(candidate))
}

// PreparedPerson is a Person with its names parsed and dates read, for
// scoring it against many others.
type PreparedPerson struct {
	names         []Name
	dates         []date
	nationalities []string
	gender        string
}

// DatesContradict reports whether q and c both have birth dates and every
// pair of them contradicts. Such a candidate scores at most half its name
// score, and a shared nationality lifts that by a tenth of the gap: it
// stays below MatchThreshold, so a search for matches alone may leave it
// unscored.
func (q *PreparedPerson) DatesContradict(c *PreparedPerson) bool {
	if len(q.dates) == 0 || len(c.dates) == 0 {
		return false
	}
	rel, _, _ := compareDates(q.dates, c.dates)
	return rel == dateConflicts
}

// PackedBirthDate packs p's one birth date into an int32 (year, month and
// day, 0 for an unknown part) for ContradictsPacked; 0 when p has no birth
// date, -1 when it has several.
func (p *PreparedPerson) PackedBirthDate() int32 {
	switch len(p.dates) {
	case 0:
		return 0
	case 1:
		d := p.dates[0]
		return int32(d.y)<<9 | int32(d.m)<<5 | int32(d.d)
	}
	return -1
}

// ContradictsPacked is DatesContradict against a candidate known by its
// PackedBirthDate alone (one date, not 0 or -1), without its other data.
func (q *PreparedPerson) ContradictsPacked(c int32) bool {
	if len(q.dates) == 0 || c <= 0 {
		return false
	}
	cd := date{y: int(c >> 9), m: int(c >> 5 & 0xF), d: int(c & 0x1F)}
	for _, qd := range q.dates {
		if relate(qd, cd) != dateConflicts {
			return false
		}
	}
	return true
}

// PackedBirthDates returns each of p's birth dates packed as
// PackedBirthDate packs a single one.
func (p *PreparedPerson) PackedBirthDates() []int32 {
	out := make([]int32, len(p.dates))
	for i, d := range p.dates {
		out[i] = int32(d.y)<<9 | int32(d.m)<<5 | int32(d.d)
	}
	return out
}

// PreparePerson parses p's names and dates once.
func PreparePerson(p Person) PreparedPerson {
	pp := PreparedPerson{gender: strings.ToLower(strings.TrimSpace(p.Gender))}
	for _, n := range p.Names {
		if nm := Parse(n); len(nm.terms) > 0 {
			pp.names = append(pp.names, nm)
		}
	}
	for _, d := range p.BirthDates {
		if dt, ok := parseDate(d); ok {
			pp.dates = append(pp.dates, dt)
		}
	}
	for _, c := range p.Nationalities {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
			pp.nationalities = append(pp.nationalities, c)
		}
	}
	return pp
}

// Score is the package function Score on prepared persons.
func (q PreparedPerson) Score(c PreparedPerson) (float64, []string) {
	return q.score(c, true)
}

// ScoreOnly is Score without the explanation, for ranking many candidates
// cheaply; explain the ones shown with Score. Both give the same number.
func (q PreparedPerson) ScoreOnly(c PreparedPerson) float64 {
	s, _ := q.score(c, false)
	return s
}

// ledger keeps the running score and, when asked to, the lines that
// explain it.
type ledger struct {
	s       float64
	explain bool
	lines   []string
}

func (l *ledger) note(parts ...string) {
	if l.explain {
		l.lines = append(l.lines, strings.Join(parts, ""))
	}
}

func (l *ledger) agree(g float64, parts ...string) {
	l.s += g * (1 - l.s)
	if l.explain {
		l.note(strings.Join(parts, ""), " (+", fmtScore(g), " of the gap)")
	}
}

func (l *ledger) conflict(f float64, parts ...string) {
	l.s *= f
	if l.explain {
		l.note(strings.Join(parts, ""), " (×", fmtScore(f), ")")
	}
}

func (q PreparedPerson) score(c PreparedPerson, explained bool) (float64, []string) {
	best, bi, bj := -1.0, -1, -1
	var bestAl alignment
	var bestFlipped, bestCommon bool
	for i := range q.names {
		for j := range c.names {
			al, flipped := alignCanonical(&q.names[i], &c.names[j])
			s, common := al.score, allCommon(&q.names[i], &c.names[j], &al, flipped)
			if common {
				s *= commonNameFactor
			}
			if s > best {
				best, bi, bj, bestAl, bestFlipped, bestCommon = s, i, j, al, flipped, common
			}
		}
	}
	if bi < 0 {
		return 0, []string{"no name to compare"}
	}
	l := ledger{s: best, explain: explained}
	if explained {
		qn, cn := &q.names[bi], &c.names[bj]
		var lines []string
		if bestFlipped {
			lines = explain(cn, qn, &bestAl, true)
		} else {
			lines = explain(qn, cn, &bestAl, false)
		}
		l.lines = make([]string, 0, len(lines)+5)
		l.note("name ", qn.raw, " ~ ", cn.raw, ": ", fmtScore(bestAl.score))
		for _, line := range lines {
			l.note("  ", line)
		}
		if bestCommon {
			l.note("very common name: name evidence ×", fmtScore(commonNameFactor))
		}
	}
	switch rel, a, b := compareDates(q.dates, c.dates); rel {
	case dateDay:
		l.agree(dayAgreement, "birth date ", a, " = ", b)
	case dateMonth:
		l.agree(monthAgreement, "birth date ", a, " agrees with ", b, " to the month")
	case dateYear:
		l.agree(yearAgreement, "birth date ", a, " agrees with ", b, " to the year")
	case dateSwapped:
		l.note("birth dates ", a, " and ", b, " differ by day/month order")
	case dateConflicts:
		l.conflict(dateConflict, "birth dates contradict: ", a, " vs ", b)
	}
	if len(q.nationalities) > 0 && len(c.nationalities) > 0 {
		if n, ok := shared(q.nationalities, c.nationalities); ok {
			l.agree(nationalityAgrees, "nationality ", n, " shared")
		} else if explained {
			l.conflict(nationalityDiffers, "nationalities differ: ", strings.Join(q.nationalities, ","), " vs ", strings.Join(c.nationalities, ","))
		} else {
			l.conflict(nationalityDiffers)
		}
	}
	if g1, g2 := q.gender, c.gender; (g1 == "male" || g1 == "female") && (g2 == "male" || g2 == "female") && g1 != g2 {
		l.conflict(genderConflict, "gender contradicts: ", g1, " vs ", g2)
	}
	return min(1, max(0, l.s)), l.lines
}

// allCommon reports whether every matched pair of the best name pair is a
// very common name on at least one side. Three or more matched tokens
// (José Luis Rodríguez) are specific enough together.
func allCommon(q, c *Name, al *alignment, flipped bool) bool {
	if al.n == 0 || al.n > 2 {
		return false
	}
	a, b := q, c
	if flipped {
		a, b = c, q
	}
	for _, m := range al.m[:al.n] {
		if !rangeCommon(a, m.a0, m.a1) && !rangeCommon(b, m.b0, m.b1) {
			return false
		}
	}
	return true
}

func rangeCommon(n *Name, from, to int8) bool {
	for i := from; i < to; i++ {
		if !n.terms[i].weak && !n.terms[i].common {
			return false
		}
	}
	return true
}

func shared(a, b []string) (string, bool) {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return x, true
			}
		}
	}
	return "", false
}

func fmtScore(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
