package names

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// corpus is every name of the test tables plus awkward inputs.
func corpus() []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, c := range culturePairs {
		add(c.a)
		add(c.b)
	}
	for _, s := range []string{
		"Сергей Викторович Лавров", "Sergei Lavrov", "Muammar Gaddafi", "Moammar al-Qadhafi",
		"معمر القذافي", "Wang Wei", "王伟", "Mohammed", "Muhammad", "Mohamed", "Ramimakhlouf",
		"Rami Makhlouf", "Lavrov Sergei", "Sergie Lavrov", "John Doe", "John Down", "Al", "al-",
		"van der", "O", "Ⅻ", "", "  ", "-", "Åsa Ørsted", "ǅemal", "Abdullah", "عبدالله",
		"Zine el-Abidine Ben Ali", "A B C D E F G H I J K L M N O P Q", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	} {
		add(s)
	}
	return out
}

func TestSimilarityProperties(t *testing.T) {
	names := corpus()
	for _, a := range names {
		self, _ := Similarity(a, a)
		if len(Tokens(a)) > 0 && self != 1 {
			t.Errorf("Similarity(%q, itself) = %v, want 1", a, self)
		}
		for _, b := range names {
			ab, _ := Similarity(a, b)
			ba, _ := Similarity(b, a)
			if ab != ba {
				t.Errorf("Similarity(%q, %q) = %v but reversed %v", a, b, ab, ba)
			}
			if !(ab >= 0 && ab <= 1) {
				t.Errorf("Similarity(%q, %q) = %v, out of [0,1]", a, b, ab)
			}
		}
	}
}

// Every pair that the tables call a match shares a blocking key, so an index
// built on Keys finds it.
func TestMatchingPairsShareAKey(t *testing.T) {
	pairs := [][2]string{
		{"Сергей Викторович Лавров", "Sergei Lavrov"}, {"Muammar Gaddafi", "Moammar al-Qadhafi"},
		{"Muammar Gaddafi", "معمر القذافي"}, {"Moammar al-Qadhafi", "معمر القذافي"}, {"Wang Wei", "王伟"},
		{"Mohammed", "Muhammad"}, {"Mohamed", "Muhammad"}, {"Mohammed", "Mohamed"}, {"محمد", "Mohammed"},
		{"Ramimakhlouf", "Rami Makhlouf"}, {"Lavrov Sergei", "Sergei Lavrov"}, {"Sergie Lavrov", "Sergei Lavrov"},
		{"Alqadhafi", "al-Qadhafi"}, {"Vangogh", "van Gogh"},
	}
	for _, c := range culturePairs {
		if c.match {
			pairs = append(pairs, [2]string{c.a, c.b})
		}
	}
	for _, p := range pairs {
		ka, kb := Keys(p[0]), Keys(p[1])
		if !shareKey(ka, kb) {
			t.Errorf("Keys(%s) = %q and Keys(%s) = %q share nothing", p[0], ka, p[1], kb)
		}
	}
}

func shareKey(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func TestKeysAreFewAndDistinct(t *testing.T) {
	for _, n := range corpus() {
		keys := Keys(n)
		strong := Parse(n).strongCount()
		if len(keys) > 2*strong+1 {
			t.Errorf("Keys(%q) = %d keys for %d strong tokens: %q", n, len(keys), strong, keys)
		}
		if strong <= 4 && len(keys) > 8 {
			t.Errorf("Keys(%q) = %d keys, want ≤ 8 for a typical name", n, len(keys))
		}
		checkKeys(t, n, keys)
	}
	if shareKey(Keys("John Doe"), Keys("Maria Rossi")) {
		t.Errorf("unrelated names share a key: %q %q", Keys("John Doe"), Keys("Maria Rossi"))
	}
}

func checkKeys(t testing.TB, name string, keys []string) {
	seen := map[string]bool{}
	for _, k := range keys {
		if k == "" || seen[k] {
			t.Fatalf("Keys(%q) = %q: empty or repeated key", name, keys)
		}
		seen[k] = true
		for i := 0; i < len(k); i++ {
			if !(k[i] >= 'a' && k[i] <= 'z' || k[i] >= 'A' && k[i] <= 'Z') {
				t.Fatalf("Keys(%q) = %q: key with a non-letter", name, keys)
			}
		}
	}
}

// Score is monotonic in each piece of evidence: agreement never lowers it,
// conflict never raises it, and it stays in [0,1].
func TestScoreMonotonic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	names := corpus()
	dates := []string{"", "1980", "1980-07", "1980-07-14", "1981-02-03", "1980-14-07"}
	nats := [][]string{nil, {"RUS"}, {"FRA", "RUS"}, {"CHN"}}
	genders := []string{"", "male", "female", "other"}
	for range 400 {
		q := Person{Names: []string{names[rng.IntN(len(names))]}}
		c := Person{Names: []string{names[rng.IntN(len(names))]}}
		base, _ := Score(q, c)
		if !(base >= 0 && base <= 1) {
			t.Fatalf("Score out of [0,1]: %v", base)
		}
		q2, c2 := q, c
		d := dates[rng.IntN(len(dates))]
		if d != "" {
			q2.BirthDates, c2.BirthDates = []string{d}, []string{dates[rng.IntN(len(dates))]}
		}
		q2.Nationalities, c2.Nationalities = nats[rng.IntN(len(nats))], nats[rng.IntN(len(nats))]
		q2.Gender, c2.Gender = genders[rng.IntN(4)], genders[rng.IntN(4)]
		s, why := Score(q2, c2)
		if !(s >= 0 && s <= 1) || math.IsNaN(s) {
			t.Fatalf("Score out of [0,1]: %v", s)
		}
		text := strings.Join(why, "\n")
		agrees := strings.Contains(text, "of the gap")
		conflicts := strings.Contains(text, "(×0.5") || strings.Contains(text, "(×0.8") || strings.Contains(text, "(×0.95")
		switch {
		case agrees && !conflicts && s < base:
			t.Errorf("agreeing evidence lowered %v to %v\n%s", base, s, text)
		case conflicts && !agrees && s > base:
			t.Errorf("conflicting evidence raised %v to %v\n%s", base, s, text)
		case !agrees && !conflicts && s != base:
			t.Errorf("no evidence changed %v to %v\n%s", base, s, text)
		}
	}
}

func TestScoreOnlyEqualsScore(t *testing.T) {
	names := corpus()
	for i, a := range names {
		b := names[(i*7+3)%len(names)]
		q := PreparePerson(Person{Names: []string{a, b}, BirthDates: []string{"1980-07"}, Nationalities: []string{"RUS"}})
		c := PreparePerson(Person{Names: []string{b}, BirthDates: []string{"1980-07-14"}, Nationalities: []string{"FRA"}, Gender: "male"})
		s, _ := q.Score(c)
		if only := q.ScoreOnly(c); only != s {
			t.Errorf("ScoreOnly(%q, %q) = %v, Score %v", a, b, only, s)
		}
	}
}
