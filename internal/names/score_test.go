package names

import (
	"strings"
	"testing"
)

func TestScoreEvidence(t *testing.T) {
	lavrov := func(dates []string, nats []string, gender string) Person {
		return Person{Names: []string{"Sergei Lavrov"}, BirthDates: dates, Nationalities: nats, Gender: gender}
	}
	query := lavrov([]string{"1950-03-21"}, []string{"RUS"}, "male")
	score := func(c Person) (float64, string) {
		s, why := Score(Person{Names: []string{"Sergie Lavrov"}, BirthDates: query.BirthDates, Nationalities: query.Nationalities, Gender: query.Gender}, c)
		return s, strings.Join(why, "\n")
	}
	none, _ := score(lavrov(nil, nil, ""))
	year, yearWhy := score(lavrov([]string{"1950"}, nil, ""))
	month, monthWhy := score(lavrov([]string{"1950-03"}, nil, ""))
	day, dayWhy := score(lavrov([]string{"1950-03-21"}, nil, ""))
	other, otherWhy := score(lavrov([]string{"1970-01-01"}, nil, ""))
	otherYear, _ := score(lavrov([]string{"1951"}, nil, ""))
	bad, _ := score(lavrov([]string{"21.03.1950", "1950-13"}, nil, ""))
	natSame, natWhy := score(lavrov(nil, []string{"UKR", "rus"}, ""))
	natOther, natOtherWhy := score(lavrov(nil, []string{"FRA"}, ""))
	female, femaleWhy := score(lavrov(nil, nil, "female"))
	otherGender, _ := score(lavrov(nil, nil, "other"))

	if !(none < year && year < month && month < day) {
		t.Errorf("date agreement not ordered: none %.3f year %.3f month %.3f day %.3f", none, year, month, day)
	}
	for _, c := range []struct{ why, want string }{
		{yearWhy, "birth date 1950-03-21 agrees with 1950 to the year"},
		{monthWhy, "birth date 1950-03-21 agrees with 1950-03 to the month"},
		{dayWhy, "birth date 1950-03-21 = 1950-03-21"},
		{otherWhy, "birth dates contradict: 1950-03-21 vs 1970-01-01"},
		{natWhy, "nationality RUS shared"},
		{natOtherWhy, "nationalities differ: RUS vs FRA"},
		{femaleWhy, "gender contradicts: male vs female"},
	} {
		if !strings.Contains(c.why, c.want) {
			t.Errorf("explanation lacks %q:\n%s", c.want, c.why)
		}
	}
	plain, _ := Score(person("Sergie Lavrov"), person("Sergei Lavrov"))
	swapped, swappedWhy := Score(born("1950-03-05", "Sergie Lavrov"), Person{Names: []string{"Sergei Lavrov"}, BirthDates: []string{"1950-05-03", "1950-03-12"}})
	if swapped != plain || !strings.Contains(strings.Join(swappedWhy, "\n"), "day/month order") {
		t.Errorf("day/month swap: %.3f, want neutral %.3f\n%s", swapped, plain, swappedWhy)
	}
	if other >= MatchThreshold || otherYear >= MatchThreshold {
		t.Errorf("contradicting birth dates still match: %.3f, %.3f", other, otherYear)
	}
	if bad != none {
		t.Errorf("unreadable dates changed the score: %.3f, want %.3f", bad, none)
	}
	if !(natSame > none && natOther < none && natOther > none*0.9) {
		t.Errorf("nationality: shared %.3f, none %.3f, other %.3f; want up, then slightly down", natSame, none, natOther)
	}
	if !(female < none) || otherGender != none {
		t.Errorf("gender: female %.3f other %.3f none %.3f", female, otherGender, none)
	}
}

func TestScoreUsesBestNamePair(t *testing.T) {
	q := Person{Names: []string{"Abu Muhammad", "Ayman al-Zawahiri"}}
	c := Person{Names: []string{"Dr. Xyz", "أيمن الظواهري"}}
	s, why := Score(q, c)
	if s < MatchThreshold || !strings.HasPrefix(why[0], "name Ayman al-Zawahiri ~ أيمن الظواهري") {
		t.Errorf("Score = %.3f %q, want the alias pair to match", s, why)
	}
	if s, _ := Score(Person{}, c); s != 0 {
		t.Errorf("Score without names = %v, want 0", s)
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in      string
		ok      bool
		y, m, d int
	}{
		{"1980", true, 1980, 0, 0}, {"1980-07", true, 1980, 7, 0}, {"1980-07-14", true, 1980, 7, 14},
		{"0000", false, 0, 0, 0}, {"1980-00", false, 0, 0, 0}, {"1980-13-01", false, 0, 0, 0},
		{"1980-07-32", false, 0, 0, 0}, {"1980/07/14", false, 0, 0, 0}, {"80", false, 0, 0, 0}, {"198a", false, 0, 0, 0},
	} {
		d, ok := parseDate(c.in)
		if ok != c.ok || ok && (d.y != c.y || d.m != c.m || d.d != c.d) {
			t.Errorf("parseDate(%q) = %+v %v", c.in, d, ok)
		}
	}
}

// A candidate whose birth dates all contradict the query's never reaches
// the match threshold, whatever its name and nationality: MatchPeople
// relies on it to leave such candidates unscored.
func TestContradictingDatesNeverMatch(t *testing.T) {
	cases := []struct{ q, c Person }{
		{Person{Names: []string{"Sergei Volkov"}, BirthDates: []string{"1979-02-11"}, Nationalities: []string{"RUS"}, Gender: "male"},
			Person{Names: []string{"Sergei Volkov"}, BirthDates: []string{"1980-02-11"}, Nationalities: []string{"RUS"}, Gender: "male"}},
		{Person{Names: []string{"Wang Wei"}, BirthDates: []string{"1990"}},
			Person{Names: []string{"Wang Wei", "Wei Wang"}, BirthDates: []string{"1991-05-05", "1989"}}},
		{Person{Names: []string{"Maria Garcia"}, BirthDates: []string{"1970-03-04"}, Nationalities: []string{"ESP"}},
			Person{Names: []string{"María García"}, BirthDates: []string{"1970-05-06"}, Nationalities: []string{"ESP"}}},
	}
	for _, c := range cases {
		q, cand := PreparePerson(c.q), PreparePerson(c.c)
		if !q.DatesContradict(&cand) {
			t.Errorf("%v vs %v: dates do not contradict", c.q.BirthDates, c.c.BirthDates)
		}
		if s, why := q.Score(cand); s >= MatchThreshold {
			t.Errorf("%+v vs %+v: score %.3f ≥ %.2f: %v", c.q, c.c, s, MatchThreshold, why)
		}
	}
	q, same := PreparePerson(Person{Names: []string{"A B"}, BirthDates: []string{"1980-07-14"}}), PreparePerson(Person{Names: []string{"A B"}, BirthDates: []string{"1980"}})
	if q.DatesContradict(&same) {
		t.Error("a date known to the year contradicts one of the same year")
	}
	none := PreparePerson(Person{Names: []string{"A B"}})
	if q.DatesContradict(&none) || none.DatesContradict(&q) {
		t.Error("a person without a birth date contradicts one")
	}
}

// ContradictsPacked says what DatesContradict says of a one-date candidate.
func TestContradictsPackedAgrees(t *testing.T) {
	dates := []string{"1980", "1980-07", "1980-07-14", "1980-14-07", "1980-12-07", "1981-07-14", "1979-07", "2001-02-03"}
	for _, qd := range dates {
		for _, cd := range dates {
			q := PreparePerson(Person{Names: []string{"A"}, BirthDates: []string{qd}})
			c := PreparePerson(Person{Names: []string{"A"}, BirthDates: []string{cd}})
			if len(c.dates) == 0 {
				continue // not a date
			}
			if got, want := q.ContradictsPacked(c.PackedBirthDate()), q.DatesContradict(&c); got != want {
				t.Errorf("%s vs %s: packed %v, full %v", qd, cd, got, want)
			}
		}
	}
}
