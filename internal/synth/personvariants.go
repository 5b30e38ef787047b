package synth

import (
	"strings"
	"unicode"
)

// Planted variants: for each generated person, the other ways the same
// name reaches a search — from another register, a document, a typist —
// each labelled, so that a benchmark can report the recall of each kind.

// VariantKind labels how a variant differs from the recorded name.
type VariantKind string

// The kinds of variant, in the order they are reported.
const (
	// VariantExact is the name as recorded: the baseline.
	VariantExact VariantKind = "exact"
	// VariantTransliteration is the name in another script or another
	// romanization (Сергей ↔ Sergei ↔ Sergej, محمد ↔ Mohammed ↔ Muhammad,
	// 王小明 ↔ Wang Xiaoming, Müller ↔ MUELLER).
	VariantTransliteration VariantKind = "transliteration"
	// VariantTypo is one edit in one word: a letter replaced by its
	// neighbour on the keyboard, left out, added or swapped with the next.
	VariantTypo VariantKind = "typo"
	// VariantSwapped has the family name on the other side of the given
	// names (Lavrov Sergei Viktorovich, Xiaoming Wang).
	VariantSwapped VariantKind = "swapped order"
	// VariantMissingMiddle leaves out the middle names, patronymic or
	// father's name.
	VariantMissingMiddle VariantKind = "missing middle name"
	// VariantConcatenated writes two neighbouring words as one
	// (Ramimakhlouf).
	VariantConcatenated VariantKind = "concatenated"
)

// VariantKinds lists the kinds in report order.
func VariantKinds() []VariantKind {
	return []VariantKind{VariantExact, VariantTransliteration, VariantTypo, VariantSwapped, VariantMissingMiddle, VariantConcatenated}
}

// Variant is one spelling of a person's name that a search for that person
// must find.
type Variant struct {
	Kind VariantKind
	Name string
}

// kindPersonVariants keeps the variants' stream apart from the records'.
const kindPersonVariants = 0x56415249414e54 // "VARIANT"

// Variants returns the variants of person i of seed's recorded name, one
// of each kind that applies to it, VariantExact first. A kind is left out
// where it cannot apply: no transliteration of an English name, no typo
// in characters or in a script without written vowels, no middle name to
// leave out, nothing to swap or join in a name of one word or one written
// without spaces.
func (g Persons) Variants(seed uint64, i int) []Variant {
	p := g.person(seed, i)
	r := newRNG(seed, kindPersonVariants, i)
	c, sys := p.culture, p.system
	recorded := c.render(p.name, sys, layout{})
	out := []Variant{{VariantExact, recorded}}
	add := func(k VariantKind, name string) {
		if name != "" && name != recorded {
			out = append(out, Variant{k, name})
		}
	}
	add(VariantTransliteration, transliterated(r, c, p.name, sys, recorded))
	script := c.systems[sys].script
	if script.alphabetic() {
		add(VariantTypo, mistyped(r, recorded, script))
	}
	// Without a family name (an Arabic chain of given names) there is
	// nothing to swap, and leaving out the middle would leave one word.
	if !script.unspaced() && len(p.name.family) > 0 {
		add(VariantSwapped, c.render(p.name, sys, layout{swapped: true}))
	}
	if len(p.name.middle) > 0 && len(p.name.family) > 0 {
		add(VariantMissingMiddle, c.render(p.name, sys, layout{dropMiddle: true}))
	}
	if script.alphabetic() {
		add(VariantConcatenated, concatenated(r, recorded))
	}
	return out
}

// transliterated writes the name in another of its culture's systems:
// another script when there is one, half of the time, else another
// romanization.
func transliterated(r *rng, c *culture, n personName, sys int, recorded string) string {
	var sameScript, otherScript []string
	for k, s := range c.systems {
		if k == sys {
			continue
		}
		name := c.render(n, k, layout{})
		if name == recorded {
			continue
		}
		if s.script == c.systems[sys].script {
			sameScript = append(sameScript, name)
		} else {
			otherScript = append(otherScript, name)
		}
	}
	switch {
	case len(otherScript) > 0 && (len(sameScript) == 0 || r.chance(0.5)):
		return pick(r, otherScript)
	case len(sameScript) > 0:
		return pick(r, sameScript)
	}
	return ""
}

// keyboardRows are the letter rows of the QWERTY, ЙЦУКЕН and Greek
// layouts: a mistyped letter is usually a neighbour in its row.
var keyboardRows = [...]string{
	"qwertyuiop", "asdfghjkl", "zxcvbnm",
	"йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю",
	"ςερτυθιοπ", "ασδφγηξκλ", "ζχψωβνμ",
}

// neighbours returns the keys beside c, or nothing for a letter not on the
// layouts (an accented one).
func neighbours(c rune) []rune {
	for _, row := range keyboardRows {
		rs := []rune(row)
		for i, x := range rs {
			if x != c {
				continue
			}
			var out []rune
			if i > 0 {
				out = append(out, rs[i-1])
			}
			if i+1 < len(rs) {
				out = append(out, rs[i+1])
			}
			return out
		}
	}
	return nil
}

// mistyped makes one edit in one word of four letters or more, never in
// its first letter (which typists rarely miss), never one that only
// doubles or undoubles a letter, which spelling rules already even out,
// and never on a Cyrillic sign (ь, ъ), which romanizations leave out.
func mistyped(r *rng, name string, sc script) string {
	words := strings.Split(name, " ")
	var long []int
	for k, w := range words {
		if len([]rune(w)) >= 4 && isWord(w) {
			long = append(long, k)
		}
	}
	if len(long) == 0 {
		return ""
	}
	for try := 0; try < 20; try++ {
		k := pick(r, long)
		w := []rune(words[k])
		pos := 1 + r.intn(len(w)-1)
		lower := unicode.ToLower(w[pos])
		if isSign(lower) || pos+1 < len(w) && isSign(unicode.ToLower(w[pos+1])) {
			continue
		}
		c := lower
		if nb := neighbours(lower); len(nb) > 0 {
			c = pick(r, nb)
		}
		if isSign(c) {
			continue
		}
		if unicode.IsUpper(w[pos]) {
			c = unicode.ToUpper(c)
		}
		var edited []rune
		switch op := r.intn(100); {
		case op < 40: // a neighbouring key instead
			if c == w[pos] || unicode.ToLower(c) == unicode.ToLower(w[pos-1]) || pos+1 < len(w) && unicode.ToLower(c) == unicode.ToLower(w[pos+1]) {
				continue
			}
			edited = append(append(append([]rune{}, w[:pos]...), c), w[pos+1:]...)
		case op < 65: // a letter left out
			if unicode.ToLower(w[pos-1]) == lower || pos+1 < len(w) && unicode.ToLower(w[pos+1]) == lower {
				continue
			}
			edited = append(append([]rune{}, w[:pos]...), w[pos+1:]...)
		case op < 85: // two letters swapped
			if pos+1 >= len(w) || unicode.ToLower(w[pos+1]) == lower {
				continue
			}
			edited = append([]rune{}, w...)
			edited[pos], edited[pos+1] = edited[pos+1], edited[pos]
		default: // a neighbouring key pressed as well
			if unicode.ToLower(c) == lower || pos+1 < len(w) && unicode.ToLower(c) == unicode.ToLower(w[pos+1]) {
				continue
			}
			edited = append(append(append([]rune{}, w[:pos+1]...), c), w[pos+1:]...)
		}
		out := append([]string{}, words...)
		out[k] = string(edited)
		return strings.Join(out, " ")
	}
	return ""
}

func isSign(c rune) bool { return c == 'ь' || c == 'ъ' }

// isWord reports whether w is letters only (not al-Qadhafi, O'Brien or a
// Yoruba word with combining tone marks, whose edits would not be one
// typed letter).
func isWord(w string) bool {
	for _, c := range w {
		if !unicode.IsLetter(c) {
			return false
		}
	}
	return true
}

// concatenated writes two neighbouring words of the name as one, the
// second losing its capital (Rami Makhlouf → Ramimakhlouf). Particles (da,
// van, El, Bin…) are left alone.
func concatenated(r *rng, name string) string {
	words := strings.Split(name, " ")
	var pairs []int
	for k := 0; k+1 < len(words); k++ {
		if joinable(words[k]) && joinable(words[k+1]) {
			pairs = append(pairs, k)
		}
	}
	if len(pairs) == 0 {
		return ""
	}
	k := pick(r, pairs)
	second := []rune(words[k+1])
	if !isUpperWord(words[k]) {
		second[0] = unicode.ToLower(second[0])
	}
	out := append(append(append([]string{}, words[:k]...), words[k]+string(second)), words[k+2:]...)
	return strings.Join(out, " ")
}

// particles are the small words of names that are not names themselves.
var particles = map[string]bool{
	"al": true, "el": true, "da": true, "de": true, "di": true, "do": true, "dos": true, "das": true, "del": true,
	"la": true, "le": true, "van": true, "von": true, "der": true, "den": true, "bin": true, "ibn": true, "ben": true,
	"bint": true, "abu": true, "mai": true, "dan": true,
}

func joinable(w string) bool {
	rs := []rune(w)
	return len(rs) >= 2 && unicode.IsUpper(rs[0]) && isWord(w) && !particles[strings.ToLower(w)]
}

// isUpperWord: a name in capitals (MUELLER) stays in capitals when joined.
func isUpperWord(w string) bool { return strings.ToUpper(w) == w }
