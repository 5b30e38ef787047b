package synth

import (
	"fmt"
	"math"
	"strings"
	"sync"
)

// A person's name is made by the person's culture: which parts it has
// (given names, a patronymic or a father's name, one or two family names),
// in which order it writes them, and in which writing systems — its own
// script and the romanizations other registers use. The tables live in
// culturenames*.go.

// script is the script a writing system writes in.
type script uint8

const (
	scriptLatin script = iota
	scriptCyrillic
	scriptGreek
	scriptArabic
	scriptDevanagari
	scriptHan
	scriptHangul
)

var scriptNames = [...]string{"Latin", "Cyrillic", "Greek", "Arabic", "Devanagari", "Han", "Hangul"}

func (s script) String() string { return scriptNames[s] }

// unspaced scripts write a whole name without spaces (王小明, 김민준).
func (s script) unspaced() bool { return s == scriptHan || s == scriptHangul }

// alphabetic scripts are the ones a typist mistypes one letter of.
func (s script) alphabetic() bool {
	return s == scriptLatin || s == scriptCyrillic || s == scriptGreek
}

// writingSystem is one way a culture's names are written: the native
// script, or a romanization (ICAO 9303, the press, a German register…).
type writingSystem struct {
	name   string
	script script
	// derive makes this system's spelling from the native one; nil when
	// the tables list the spelling.
	derive func(native string) string
}

// spelling is one name (a given name, a patronymic, a family name) in the
// writing systems of its culture: s[k] is its spelling in system k. Where
// the list stops, a system derives its spelling from s[0], the native one,
// or, having no derivation, repeats the last spelling listed.
type spelling []string

// personName is a name taken apart: middle holds what a register may leave
// out (middle names, a patronymic, a father's and grandfather's name).
type personName struct {
	first  spelling
	middle []spelling
	family []spelling
}

// culture makes the names of one naming tradition.
type culture struct {
	name    string
	weight  float64 // share of the persons, relative to the other cultures
	systems []writingSystem
	// stored weighs the systems a register writes this culture's names in.
	stored        weighted[int]
	nationalities weighted[string]
	// familyFirst cultures write the family name first (Wang Xiaoming,
	// Nguyễn Văn An); the others write it last.
	familyFirst bool
	// patronymic: the middle part is a patronymic or father's name, which
	// the record keeps as fatherName rather than middleName.
	patronymic bool
	make       func(r *rng, female bool) personName
}

// spell returns s in system sys.
func (c *culture) spell(s spelling, sys int) string {
	if sys < len(s) {
		return s[sys]
	}
	if d := c.systems[sys].derive; d != nil {
		return d(s[0])
	}
	return s[len(s)-1]
}

// layout says how a name is written out.
type layout struct {
	swapped    bool // family name on the other side of the given names
	dropMiddle bool
}

// words returns the parts of n in system sys, in the order of l: the
// given names (for family-first cultures, the middle names before the
// first name: Nguyễn Văn An) and the family names, one side or the other.
func (c *culture) words(n personName, sys int, l layout) []string {
	given := make([]string, 0, 1+len(n.middle))
	if !c.familyFirst {
		given = append(given, c.spell(n.first, sys))
	}
	if !l.dropMiddle {
		for _, m := range n.middle {
			given = append(given, c.spell(m, sys))
		}
	}
	if c.familyFirst {
		given = append(given, c.spell(n.first, sys))
	}
	family := make([]string, 0, len(n.family))
	for _, f := range n.family {
		family = append(family, c.spell(f, sys))
	}
	if c.familyFirst != l.swapped {
		return append(family, given...)
	}
	return append(given, family...)
}

// render writes n out in system sys.
func (c *culture) render(n personName, sys int, l layout) string {
	sep := " "
	if c.systems[sys].script.unspaced() {
		sep = ""
	}
	return strings.Join(c.words(n, sys, l), sep)
}

// Table helpers: the tables are written as text, one name per "|", the
// spellings of one name separated by "/", and, where a family name has a
// feminine form, the feminine after "=".

// spellings parses "a/b/c|d/e".
func spellings(text string) []spelling {
	var out []spelling
	for _, item := range strings.Split(text, "|") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		s := spelling(strings.Split(item, "/"))
		for i := range s {
			s[i] = strings.TrimSpace(s[i])
		}
		out = append(out, s)
	}
	return out
}

// gendered parses "masculine=feminine|both" into the masculine and the
// feminine lists, index by index.
func gendered(text string) (male, female []spelling) {
	for _, item := range strings.Split(text, "|") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		m, f, ok := strings.Cut(item, "=")
		male = append(male, spellings(m)[0])
		if ok {
			female = append(female, spellings(f)[0])
		} else {
			female = append(female, spellings(m)[0])
		}
	}
	return male, female
}

// zipf weighs a list by rank like a real population does: the first
// names are borne by many, the last by few. offset flattens the head
// (a larger offset: no name dominates).
func zipf[T any](items []T, offset float64) weighted[T] {
	w := make([]float64, len(items))
	for i := range items {
		w[i] = 1 / math.Pow(float64(i)+offset, 0.9)
	}
	return newWeighted(items, w)
}

// shares weighs "name:share" pairs, e.g. "王/Wang:7.4|李/Li:7.9".
func shares(text string) weighted[spelling] {
	var items []spelling
	var w []float64
	for _, item := range strings.Split(text, "|") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, share, ok := strings.Cut(item, ":")
		var f float64
		if _, err := fmt.Sscan(share, &f); !ok || err != nil || f <= 0 {
			panic(fmt.Sprintf("BUG: synth: bad share in %q", item))
		}
		items = append(items, spellings(name)[0])
		w = append(w, f)
	}
	return newWeighted(items, w)
}

// countryShares weighs "FRA:70|BEL:10".
func countryShares(text string) weighted[string] {
	var items []string
	var w []float64
	for _, item := range strings.Split(text, "|") {
		code, share, _ := strings.Cut(strings.TrimSpace(item), ":")
		var f float64
		if _, err := fmt.Sscan(share, &f); err != nil {
			panic(fmt.Sprintf("BUG: synth: bad share in %q", item))
		}
		items = append(items, code)
		w = append(w, f)
	}
	return newWeighted(items, w)
}

// systemShares weighs the writing systems a register uses, in the order of
// the culture's systems.
func systemShares(w ...float64) weighted[int] {
	items := make([]int, len(w))
	for i := range items {
		items[i] = i
	}
	return newWeighted(items, w)
}

var (
	culturesOnce sync.Once
	allCultures  []*culture
	cultureMix   weighted[*culture]
)

// cultures returns the cultures and their mix, built once.
func cultures() ([]*culture, weighted[*culture]) {
	culturesOnce.Do(func() {
		allCultures = []*culture{
			english(), spanish(), portuguese(), french(), german(), turkish(),
			russian(), ukrainian(), greek(), arabic(), hindi(), chinese(), korean(),
			japanese(), vietnamese(), yoruba(), igbo(), hausa(),
		}
		w := make([]float64, len(allCultures))
		for i, c := range allCultures {
			w[i] = c.weight
		}
		cultureMix = newWeighted(allCultures, w)
	})
	return allCultures, cultureMix
}
