package names

import (
	"strings"
	"testing"
)

func person(names ...string) Person { return Person{Names: names} }

func born(date string, names ...string) Person {
	return Person{Names: names, BirthDates: []string{date}}
}

// The person-search cases of issue 3, each on its side of MatchThreshold.
func TestIssueCases(t *testing.T) {
	cases := []struct {
		why   string
		a, b  Person
		match bool
	}{
		{"patronymic missing", person("Сергей Викторович Лавров"), person("Sergei Lavrov"), true},
		{"article, q/g, dh/dd, vowels", person("Muammar Gaddafi"), person("Moammar al-Qadhafi"), true},
		{"Latin and Arabic script", person("Muammar Gaddafi"), person("معمر القذافي"), true},
		{"Latin with article and Arabic script", person("Moammar al-Qadhafi"), person("معمر القذافي"), true},
		{"very common name alone is not enough", person("Wang Wei"), person("王伟"), false},
		{"very common name with birth date agreeing", born("1975-03-02", "Wang Wei"), born("1975-03-02", "王伟"), true},
		{"Mohammed/Muhammad with family name", person("Mohammed Morsi"), person("Muhammad Mursi"), true},
		{"Mohamed/Muhammad with family name", person("Mohamed Morsy"), person("Muhammad Mursi"), true},
		{"Mohammed/Mohamed with family name", person("Mohammed Morsi"), person("Mohamed Morsy"), true},
		{"Mohammed/Muhammad alone with birth date", born("1951-08-08", "Mohammed"), born("1951-08-08", "Muhammad"), true},
		{"concatenated tokens", person("Ramimakhlouf"), person("Rami Makhlouf"), true},
		{"swapped order", person("Lavrov Sergei"), person("Sergei Lavrov"), true},
		{"typo", person("Sergie Lavrov"), person("Sergei Lavrov"), true},
		{"different family name", person("John Doe"), person("John Down"), false},
		{"shared first name, even with date and nationality", Person{Names: []string{"John Doe"}, BirthDates: []string{"1980-01-01"}, Nationalities: []string{"USA"}},
			Person{Names: []string{"John Down"}, BirthDates: []string{"1980-01-01"}, Nationalities: []string{"USA"}}, false},
		{"first name alone", person("John"), person("John Smith"), false},
		{"common first name, other family name", person("Mohammed Ali"), person("Mohammed Hassan"), false},
		{"same first name, other family name", person("Sergei Lavrov"), person("Sergei Ivanov"), false},
	}
	for _, c := range cases {
		for _, pair := range [][2]Person{{c.a, c.b}, {c.b, c.a}} {
			s, why := Score(pair[0], pair[1])
			if got := s >= MatchThreshold; got != c.match {
				t.Errorf("%s: Score(%v, %v) = %.3f, match %v, want %v\n%s", c.why, pair[0].Names, pair[1].Names, s, got, c.match, strings.Join(why, "\n"))
			}
		}
	}
}

// The bare spellings of Muhammad are one name to Similarity; only Score,
// which knows the name is very common, asks for more.
func TestMuhammadSpellings(t *testing.T) {
	spellings := []string{"Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed", "محمد"}
	for _, a := range spellings {
		for _, b := range spellings {
			if s, why := Similarity(a, b); s < MatchThreshold {
				t.Errorf("Similarity(%s, %s) = %.3f %q, want ≥ %.2f", a, b, s, why, MatchThreshold)
			}
		}
	}
	if s, _ := Score(person("Mohammed"), person("Muhammad")); s >= MatchThreshold {
		t.Errorf("Score of a bare very common name = %.3f, want below the threshold", s)
	}
}

func TestIssueExplanations(t *testing.T) {
	cases := []struct {
		a, b string
		want []string
	}{
		{"Sergei Lavrov", "Сергей Викторович Лавров", []string{"sergei ~ сергей (transliteration)", "lavrov ~ лавров (transliteration)", "middle name викторович (viktorovich) missing"}},
		{"Lavrov Sergei", "Sergei Lavrov", []string{"lavrov = lavrov", "sergei = sergei", "name order differs"}},
		{"Ramimakhlouf", "Rami Makhlouf", []string{"ramimakhlouf ~ rami makhlouf (written as one word)"}},
		{"Sergie Lavrov", "Sergei Lavrov", []string{"sergie ~ sergei (sounds alike)", "lavrov = lavrov"}},
		{"Wang Wei", "王伟", []string{"wang ~ 王 (transliteration)", "wei ~ 伟 (transliteration)"}},
		{"John Doe", "John Down", []string{"john = john", "doe unmatched", "down unmatched"}},
	}
	for _, c := range cases {
		_, got := Similarity(c.a, c.b)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Similarity(%s, %s) explanation\n got %q\nwant %q", c.a, c.b, got, c.want)
		}
	}
}
