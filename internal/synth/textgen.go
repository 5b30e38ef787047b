package synth

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Free text for the kinds that carry it (works of art, incidents): words of
// five languages drawn from lexicons whose concepts are listed most
// frequent first and picked with Zipf-like frequencies, so that a few words
// are in a large share of the records ("huile", "toile", "oil", "canvas")
// and most in few, as in a real register. The text is put together from
// noun phrases and set phrases; it reads like a catalogue's or a report's
// notes rather than prose, which is what a word index sees of either.

// language is one of the languages the text is written in.
type language int

const (
	inFrench language = iota
	inItalian
	inEnglish
	inGerman
	inSpanish
	languageCount
)

// grammar holds the small words of a language and how its noun phrases
// are ordered.
type grammar struct {
	// articles before a singular and a plural noun ("" in a list: none).
	singular, plural []string
	// adjectiveFirst: the adjective comes before the noun (English, German).
	adjectiveFirst bool
	// of, with, and, on, in (a material: "en bronze", "aus Bronze") and
	// at (a place: "à Paris", "in Paris").
	of, with, and, on, in, at string
	// prepositions link two noun phrases of a description.
	prepositions []string
}

var grammars = [languageCount]grammar{
	inFrench: {
		singular: []string{"", "", "un", "une", "le", "la"}, plural: []string{"", "les", "des"},
		of: "de", with: "avec", and: "et", on: "sur", in: "en", at: "à",
		prepositions: []string{"avec", "sur", "dans", "devant", "sous", "près de", "derrière", "entre", "vers", "contre", "au-dessus de", "parmi"},
	},
	inItalian: {
		singular: []string{"", "", "un", "una", "il", "la", "lo"}, plural: []string{"", "i", "le", "gli"},
		of: "di", with: "con", and: "e", on: "su", in: "in", at: "a",
		prepositions: []string{"con", "su", "in", "davanti a", "sotto", "presso", "dietro", "tra", "verso", "contro", "sopra", "fra"},
	},
	inEnglish: {
		singular: []string{"", "a", "the", "the"}, plural: []string{"", "", "the"}, adjectiveFirst: true,
		of: "of", with: "with", and: "and", on: "on", in: "in", at: "in",
		prepositions: []string{"with", "on", "in", "before", "under", "near", "behind", "between", "towards", "against", "above", "among"},
	},
	inGerman: {
		singular: []string{"", "ein", "eine", "der", "die", "das"}, plural: []string{"", "die", "zwei", "drei"}, adjectiveFirst: true,
		of: "von", with: "mit", and: "und", on: "auf", in: "aus", at: "in",
		prepositions: []string{"mit", "auf", "in", "vor", "unter", "bei", "hinter", "zwischen", "nach", "gegen", "über", "neben"},
	},
	inSpanish: {
		singular: []string{"", "", "un", "una", "el", "la"}, plural: []string{"", "los", "las", "unos"},
		of: "de", with: "con", and: "y", on: "sobre", in: "de", at: "en",
		prepositions: []string{"con", "sobre", "en", "ante", "bajo", "cerca de", "detrás de", "entre", "hacia", "contra", "encima de", "junto a"},
	},
}

// FunctionWords lists the articles, prepositions and conjunctions the
// text of works of art and incidents is made with, in all its languages: a
// benchmark leaves them out of the words it searches for, as a person
// searching would.
func FunctionWords() []string {
	var out []string
	add := func(ws ...string) {
		for _, w := range ws {
			out = append(out, strings.Fields(w)...)
		}
	}
	for _, g := range grammars {
		add(g.singular...)
		add(g.plural...)
		add(g.prepositions...)
		add(g.of, g.with, g.and, g.on, g.in, g.at)
	}
	for _, ps := range targetPrepositions {
		add(ps...)
	}
	add(functionExtra...)
	slices.Sort(out)
	return slices.Compact(out)
}

// functionExtra are the other small words the set phrases use.
var functionExtra = []string{"au", "aux", "du", "des", "à", "la", "le", "les", "en", "par", "pour", "dans", "qui", "ont", "a", "son", "sa", "ses",
	"del", "dello", "della", "dei", "degli", "delle", "al", "allo", "alla", "ai", "agli", "alle", "dal", "dallo", "dalla", "dai", "dagli", "dalle",
	"nel", "nello", "nella", "nei", "negli", "nelle", "sul", "sullo", "sulla", "sui", "sugli", "sulle", "dell", "all", "dall", "nell", "sull",
	"da", "è", "ha", "per", "il", "lo", "suo", "sua",
	"the", "an", "by", "from", "at", "to", "was", "were", "has", "had", "his", "its", "their", "into",
	"der", "die", "das", "den", "dem", "des", "im", "am", "zum", "zur", "vom", "beim", "ins", "ist", "wurde", "wurden", "hat", "sein", "seine",
	"el", "lo", "por", "para", "fue", "ha", "su", "sus", "un", "una"}

// lexicon is a list of concepts, the most frequent first, each written in
// every language, each with its forms (a noun: singular and plural; an
// adjective: its endings).
type lexicon struct {
	forms [languageCount][][]string
	rank  weighted[int]
}

// A lexicon is written as text: one concept a line, its five languages in
// the order of the language constants (French, Italian, English, German,
// Spanish) separated by "|", a word's forms separated by "/" (a noun's
// plural when no rule makes it; an adjective's forms when irregular).

// parseLexicon reads a lexicon and weighs its concepts by rank; derive
// makes the forms a cell does not list.
func parseLexicon(text string, offset float64, derive func(l language, forms []string) []string) *lexicon {
	x := &lexicon{}
	var ranks []int
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) != int(languageCount) {
			panic(fmt.Sprintf("BUG: synth: lexicon line %q has %d languages, not %d", line, len(cells), languageCount))
		}
		for l, cell := range cells {
			forms := strings.Split(cell, "/")
			for i := range forms {
				forms[i] = strings.TrimSpace(forms[i])
				if forms[i] == "" || strings.ContainsAny(forms[i], ";\"") {
					panic(fmt.Sprintf("BUG: synth: lexicon line %q has an empty or unsafe form", line))
				}
			}
			if derive != nil {
				forms = derive(language(l), forms)
			}
			x.forms[l] = append(x.forms[l], forms)
		}
		ranks = append(ranks, len(ranks))
	}
	x.rank = zipf(ranks, offset)
	return x
}

// nounForms adds a noun's plural when the cell gives none: the regular
// rule of each language for a single word, the same words for a phrase.
func nounForms(l language, forms []string) []string {
	if len(forms) > 1 {
		return forms
	}
	s := forms[0]
	if strings.Contains(s, " ") {
		return []string{s, s}
	}
	has := func(suffixes ...string) bool {
		for _, x := range suffixes {
			if strings.HasSuffix(s, x) {
				return true
			}
		}
		return false
	}
	var p string
	switch l {
	case inFrench:
		switch {
		case has("s", "x", "z"):
			p = s
		case has("eau", "eu"):
			p = s + "x"
		case has("al"):
			p = strings.TrimSuffix(s, "al") + "aux"
		default:
			p = s + "s"
		}
	case inItalian:
		switch {
		case has("co"):
			p = strings.TrimSuffix(s, "co") + "chi"
		case has("o", "e"):
			p = s[:len(s)-1] + "i"
		case has("a"):
			p = s[:len(s)-1] + "e"
		default:
			p = s
		}
	case inEnglish:
		switch {
		case has("s", "x", "ch", "sh"):
			p = s + "es"
		case has("y") && !has("ay", "ey", "oy"):
			p = strings.TrimSuffix(s, "y") + "ies"
		default:
			p = s + "s"
		}
	case inGerman:
		switch {
		case has("e"):
			p = s + "n"
		case has("el", "er", "en", "chen", "lein"):
			p = s
		default:
			p = s + "e"
		}
	case inSpanish:
		switch {
		case has("z"):
			p = strings.TrimSuffix(s, "z") + "ces"
		case has("a", "e", "i", "o", "u", "á", "é", "ó"):
			p = s + "s"
		default:
			p = spanishPlural(s)
		}
	}
	return []string{s, p}
}

// spanishPlural adds -es to a word ending in a consonant, dropping the
// accent the longer word no longer needs (jardín → jardines).
func spanishPlural(s string) string {
	for accented, plain := range map[string]string{"án": "an", "én": "en", "ín": "in", "ón": "on", "ún": "un", "ás": "as", "és": "es", "ís": "is", "ós": "os", "ús": "us"} {
		if strings.HasSuffix(s, accented) {
			return strings.TrimSuffix(s, accented) + plain + "es"
		}
	}
	return s + "es"
}

// adjectiveForms adds an adjective's endings when the cell gives only its
// base form: gender and number in French, Italian and Spanish, the strong
// and weak endings in German; English has one form.
func adjectiveForms(l language, forms []string) []string {
	if len(forms) > 1 || strings.Contains(forms[0], " ") {
		return forms
	}
	s := forms[0]
	switch l {
	case inFrench:
		if strings.HasSuffix(s, "e") {
			return []string{s, s + "s"}
		}
		if strings.HasSuffix(s, "s") || strings.HasSuffix(s, "x") {
			return []string{s, s + "e", s + "es"}
		}
		return []string{s, s + "e", s + "s", s + "es"}
	case inItalian:
		switch {
		case strings.HasSuffix(s, "co"):
			b := strings.TrimSuffix(s, "co")
			return []string{s, b + "ca", b + "ci", b + "che"}
		case strings.HasSuffix(s, "o"):
			b := s[:len(s)-1]
			return []string{s, b + "a", b + "i", b + "e"}
		case strings.HasSuffix(s, "e"):
			return []string{s, s[:len(s)-1] + "i"}
		}
	case inGerman:
		if strings.HasSuffix(s, "e") {
			return []string{s, s + "n", s + "r", s + "s"}
		}
		return []string{s, s + "e", s + "en", s + "er", s + "es"}
	case inSpanish:
		switch {
		case strings.HasSuffix(s, "o"):
			b := s[:len(s)-1]
			return []string{s, b + "a", b + "os", b + "as"}
		case strings.HasSuffix(s, "e"):
			return []string{s, s + "s"}
		case strings.HasSuffix(s, "z"):
			return []string{s, strings.TrimSuffix(s, "z") + "ces"}
		default:
			return []string{s, spanishPlural(s)}
		}
	}
	return forms
}

func nounLexicon(offset float64, text string) *lexicon {
	return parseLexicon(text, offset, nounForms)
}

func adjectiveLexicon(offset float64, text string) *lexicon {
	return parseLexicon(text, offset, adjectiveForms)
}

// phraseLexicon holds set phrases, each of one form.
func phraseLexicon(offset float64, text string) *lexicon {
	return parseLexicon(text, offset, nil)
}

// concept returns the number of the concept whose French is fr.
func (x *lexicon) concept(fr string) int {
	for i, forms := range x.forms[inFrench] {
		if forms[0] == fr {
			return i
		}
	}
	panic("BUG: synth: no concept " + fr)
}

// pick returns the forms of a concept drawn by frequency.
func (x *lexicon) pick(r *rng, l language) []string { return x.forms[l][x.rank.pick(r)] }

// one returns one form of a concept drawn by frequency: a noun is
// singular three times in four.
func (x *lexicon) one(r *rng, l language) string {
	forms := x.pick(r, l)
	if len(forms) > 1 && r.chance(0.25) {
		return forms[1+r.intn(len(forms)-1)]
	}
	return forms[0]
}

// plural reports whether a noun form is its concept's plural.
func plural(forms []string, form string) bool {
	return len(forms) > 1 && form == forms[1] && forms[0] != forms[1]
}

// nounPhrase writes a noun of nouns with perhaps an article and an
// adjective of adjs (nil: none), in the language's order.
func nounPhrase(r *rng, l language, nouns, adjs *lexicon, article, adjective float64) string {
	g := &grammars[l]
	forms := nouns.pick(r, l)
	noun := forms[0]
	if len(forms) > 1 && r.chance(0.25) {
		noun = forms[1]
	}
	words := make([]string, 0, 3)
	if r.chance(article) {
		arts := g.singular
		if plural(forms, noun) {
			arts = g.plural
		}
		if a := pick(r, arts); a != "" {
			words = append(words, a)
		}
	}
	adj := ""
	if adjs != nil && r.chance(adjective) {
		adj = adjs.one(r, l)
	}
	if adj != "" && g.adjectiveFirst {
		words = append(words, adj)
	}
	words = append(words, noun)
	if adj != "" && !g.adjectiveFirst {
		words = append(words, adj)
	}
	return joinWords(l, words...)
}

// joinWords writes words with spaces, contracting and eliding as French,
// Italian and Spanish do (de le → du, de homme → d'homme, di il → del,
// la arte → l'arte, de el → del).
func joinWords(l language, words ...string) string {
	var toks []string
	for _, w := range words {
		toks = append(toks, strings.Fields(w)...)
	}
	out := make([]string, 0, len(toks))
	for i, t := range toks {
		if n := len(out); n > 0 {
			prev, next := out[n-1], ""
			if i+1 < len(toks) {
				next = toks[i+1]
			}
			// French contracts only where the article would not elide (de le
			// arbre → de l'arbre); Italian contracts, then elides (dell'arte).
			if c, ok := contractions[l][prev+" "+t]; ok && (elided[l][c] || !elided[l][t] || !startsWithVowel(next)) {
				out[n-1] = c
				continue
			}
			if c, ok := contractions[l][prev+" la"]; ok && l == inItalian && strings.HasPrefix(t, "l'") {
				out[n-1] = strings.TrimSuffix(c, "a") + t[1:] // di l'arte → dell'arte
				continue
			}
			if elided[l][prev] && startsWithVowel(t) {
				out[n-1] = strings.TrimRight(prev, "aeo") + "'" + t
				continue
			}
		}
		out = append(out, t)
	}
	return strings.Join(out, " ")
}

// contractions and elided words, by language.
var contractions, elided = func() ([languageCount]map[string]string, [languageCount]map[string]bool) {
	var c [languageCount]map[string]string
	var e [languageCount]map[string]bool
	c[inFrench] = map[string]string{"de le": "du", "de les": "des", "à le": "au", "à les": "aux"}
	e[inFrench] = map[string]bool{"de": true, "le": true, "la": true, "que": true}
	c[inSpanish] = map[string]string{"de el": "del", "a el": "al"}
	c[inItalian] = map[string]string{}
	e[inItalian] = map[string]bool{"la": true, "lo": true}
	for prep, stem := range map[string]string{"di": "de", "a": "a", "da": "da", "in": "ne", "su": "su"} {
		for article, ending := range map[string]string{"il": "l", "lo": "llo", "la": "lla", "i": "i", "gli": "gli", "le": "lle"} {
			c[inItalian][prep+" "+article] = stem + ending
			if ending == "llo" || ending == "lla" {
				e[inItalian][stem+ending] = true
			}
		}
	}
	return c, e
}()

func startsWithVowel(w string) bool {
	r, _ := utf8.DecodeRuneInString(strings.ToLower(w))
	return strings.ContainsRune("aeiouhéèêâîôûœ", r)
}

// prose builds a text of sentences of clauses and counts its words.
type prose struct {
	b     strings.Builder
	words int
	open  bool // a sentence is open
}

// clause adds a clause to the open sentence, or starts one.
func (p *prose) clause(s string) {
	if s == "" {
		return
	}
	if p.open {
		p.b.WriteString(", ")
	} else {
		if p.b.Len() > 0 {
			p.b.WriteByte(' ')
		}
		s = capitalize(s)
		p.open = true
	}
	p.b.WriteString(s)
	p.words += len(strings.Fields(s))
}

// stop ends the open sentence.
func (p *prose) stop() {
	if p.open {
		p.b.WriteByte('.')
		p.open = false
	}
}

// text returns the text, cut to at most max words.
func (p *prose) text(max int) string {
	p.stop()
	s := p.b.String()
	if p.words <= max {
		return s
	}
	words := strings.Fields(s)[:max]
	return strings.TrimRight(strings.Join(words, " "), ",.") + "."
}

// wordCount is how many words a run of sentences is to have: between lo
// and hi, most near the middle.
func wordCount(r *rng, lo, hi int) int {
	span := hi - lo
	return lo + r.intn(span/2+1) + r.intn(span-span/2+1)
}

// titleOf writes a title of lo to hi words (filler adds words to one too
// short), with a capital first letter.
func titleOf(words []string, lo, hi int, filler func() string) string {
	for len(words) < lo {
		words = append(words, strings.Fields(filler())...)
	}
	if len(words) > hi {
		words = words[:hi]
	}
	// A title does not end on a small word ("Portrait de").
	for len(words) > lo && isSmallWord(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	return capitalize(strings.Join(words, " "))
}

var smallWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range FunctionWords() {
		m[w] = true
	}
	return m
}()

func isSmallWord(w string) bool { return smallWords[strings.ToLower(w)] }
