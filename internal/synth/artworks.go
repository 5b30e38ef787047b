package synth

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Artworks makes stolen works of art for the works-of-art database
// (schema Artwork): paintings most of all, then sculptures, drawings,
// prints, religious objects, antiquities, jewellery, manuscripts and
// textiles, each described in one of five languages (French, Italian,
// English, German, Spanish) with the words of the trade at the
// frequencies a register has them — "huile sur toile", "oil on canvas"
// in a large share of the records, most words in few (artvocabulary.go,
// textgen.go). Titles have 2 to 6 words, descriptions 15 to 60. Creators
// are artists made by the person-name generators, a few of them very
// prolific and most with a handful of works, some anonymous or "workshop
// of", "circle of" an artist.
type Artworks struct {
	// KeyPrefix starts every record's key (default "art-").
	KeyPrefix string
	// Until is the latest date of theft (default 2025-12-31).
	Until time.Time
}

// kindArtworks and kindArtists keep these streams apart from other kinds'.
const (
	kindArtworks = 0x415254574f524b // "ARTWORK"
	kindArtists  = 0x415254495354   // "ARTIST"
)

// Database is the works-of-art database.
func (Artworks) Database() string { return "works-of-art" }

// Columns are the CSV columns of a work of art.
func (Artworks) Columns() []string {
	return []string{"objectId", "title", "creator", "creationDate", "category", "description", "dimensions", "country", "status", "theftDate", "imageHash"}
}

var (
	artLanguages  = newWeighted([]language{inFrench, inItalian, inEnglish, inGerman, inSpanish}, []float64{28, 24, 20, 16, 12})
	artCategories = newWeighted(
		[]string{"painting", "sculpture", "drawing", "print", "religious", "archaeological", "jewellery", "manuscript", "textile", "other"},
		[]float64{52, 12, 8, 6, 6, 5, 4, 2, 2, 3})
	// artCountries are where a work described in each language was stolen.
	artCountries = [languageCount]weighted[string]{
		inFrench:  countryShares("FRA:75|BEL:15|CHE:7|LUX:3"),
		inItalian: countryShares("ITA:95|CHE:3|SMR:1|VAT:1"),
		inEnglish: countryShares("GBR:50|USA:35|IRL:5|CAN:5|AUS:5"),
		inGerman:  countryShares("DEU:70|AUT:20|CHE:10"),
		inSpanish: countryShares("ESP:60|MEX:15|ARG:10|COL:10|PER:5"),
	}
	objectStatuses = newWeighted([]string{"stolen", "missing", "lost", "recovered"}, []float64{85, 7, 5, 3})
	// artistCultures weigh the naming traditions of the artists.
	artistCultures = newWeighted(
		[]string{"Italian", "French", "German", "Spanish", "English", "Russian", "Portuguese", "Japanese", "Chinese", "Greek", "Turkish", "Korean", "Arabic", "Ukrainian", "Hindi", "Yoruba"},
		[]float64{22, 20, 12, 10, 10, 5, 3, 3, 3, 2, 1, 1, 1, 1, 1, 1})
)

// artistCount is how many artists the works are by; the first are the
// most prolific (Zipf: the first has about 1 % of the works).
const artistCount = 60000

var (
	artistOnce  sync.Once
	artistRanks weighted[int]
)

func artists() weighted[int] {
	artistOnce.Do(func() {
		items := make([]int, artistCount)
		w := make([]float64, artistCount)
		for k := range items {
			items[k], w[k] = k, 1/float64(k+10)
		}
		artistRanks = newWeighted(items, w)
	})
	return artistRanks
}

// artist returns artist k of seed: a name written in the Latin script (the
// catalogues' custom) and a birth year.
func artist(seed uint64, k int) (string, int) {
	r := newRNG(seed, kindArtists, k)
	born := 1250 + r.intn(400) + r.intn(320)
	name := artistCultures.pick(r)
	female := r.chance(0.15)
	if name == "Italian" {
		v := artVocab()
		given, family := v.italianGiven.pick(r), v.italianFamily.pick(r)
		if r.chance(0.08) {
			return given + " da " + v.places.forms[inItalian][r.intn(25)][0], born
		}
		return given + " " + family, born
	}
	all, _ := cultures()
	for _, c := range all {
		if c.name != name {
			continue
		}
		return c.render(c.make(r, female), latinSystem(c), layout{}), born
	}
	panic("BUG: synth: no culture " + name)
}

// Record returns work of art i of seed.
func (g Artworks) Record(seed uint64, i int) Record {
	r := newRNG(seed, kindArtworks, i)
	v := artVocab()
	until := g.Until
	if until.IsZero() {
		until = defaultUntil
	}
	prefix := g.KeyPrefix
	if prefix == "" {
		prefix = "art-"
	}
	l, cat := artLanguages.pick(r), artCategories.pick(r)
	rec := Record{Key: prefix + pad9(i), Schema: "Artwork", Properties: make([]Property, 0, 11)}
	add := func(name, value string) {
		if value != "" {
			rec.Properties = append(rec.Properties, Property{Name: name, Values: []string{value}})
		}
	}
	if r.chance(0.55) {
		add("objectId", objectID(r))
	}
	add("title", artTitle(r, v, l, cat))
	creator, born := artCreator(seed, r, v, l, cat)
	add("creator", creator)
	year := creationYear(r, born, cat, until)
	if year >= minDateYear {
		add("creationDate", creationDate(r, year))
	}
	add("category", cat)
	add("description", artDescription(seed, r, v, l, cat, year))
	if r.chance(0.7) {
		add("dimensions", dimensions(r, cat))
	}
	add("country", artCountries[l].pick(r))
	add("status", objectStatuses.pick(r))
	if r.chance(0.9) {
		stolen := until.AddDate(0, 0, -r.intn(60*365))
		if r.chance(0.1) {
			add("theftDate", stolen.Format("2006"))
		} else {
			add("theftDate", stolen.Format(time.DateOnly))
		}
	}
	if r.chance(0.3) {
		add("imageHash", imageHash(r))
	}
	return rec
}

// objectID is an inventory number in one of the forms museums and
// churches use.
func objectID(r *rng) string {
	switch r.intn(5) {
	case 0:
		return "INV " + strconv.Itoa(100+r.intn(90000))
	case 1:
		return fmt.Sprintf("%d.%d.%d", 1850+r.intn(170), 1+r.intn(400), 1+r.intn(30))
	case 2:
		return "MNR " + strconv.Itoa(1+r.intn(2200))
	case 3:
		return fmt.Sprintf("%s-%06d", pick(r, []string{"AR", "OA", "RF", "GK", "PA"}), r.intn(1000000))
	}
	return fmt.Sprintf("%c%d/%d", 'A'+rune(r.intn(26)), 1+r.intn(999), 1900+r.intn(125))
}

func imageHash(r *rng) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 64)
	for i := 0; i < 64; i += 16 {
		x := r.next()
		for j := range 16 {
			b[i+j] = hex[x>>(4*j)&0xf]
		}
	}
	return string(b)
}

// artCreator is who made the work (an artist, perhaps with "workshop of",
// "after"…, or an anonymous hand) and the artist's birth year (0: none).
func artCreator(seed uint64, r *rng, v *artVocabulary, l language, cat string) (string, int) {
	if cat == "archaeological" || r.chance(0.12) {
		return v.anonymous.pick(r, l)[0], 0
	}
	name, born := artist(seed, artists().pick(r))
	if r.chance(0.18) {
		name = joinWords(l, v.creatorPrefixes.pick(r, l)[0], name)
	}
	return name, born
}

// minDateYear is the earliest year a record's dates may have (the
// records' validation takes an earlier one for a typing error): an older
// work's period is in its description.
const minDateYear = 1800

// creationYear is a year in the artist's working life, or in the
// category's periods for an anonymous work; 0 when not known (antiquities,
// a fifth of the others).
func creationYear(r *rng, born int, cat string, until time.Time) int {
	if cat == "archaeological" || r.chance(0.2) {
		return 0
	}
	year := born + 18 + r.intn(50)
	if born == 0 {
		year = 1200 + r.intn(700)
	}
	return min(year, until.Year()-1)
}

// creationDate writes a year of creation, now and then a day.
func creationDate(r *rng, year int) string {
	if year >= 1850 && r.chance(0.1) {
		return time.Date(year, time.Month(1+r.intn(12)), 1+r.intn(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	return strconv.Itoa(year)
}

// century names the century of a year as catalogues do in each language.
func century(l language, year int) string {
	c := year/100 + 1
	roman := []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI"}[c]
	switch l {
	case inFrench:
		return roman + "e siècle"
	case inItalian:
		return "secolo " + roman
	case inGerman:
		return strconv.Itoa(c) + ". Jahrhundert"
	case inSpanish:
		return "siglo " + roman
	}
	return strconv.Itoa(c) + "th century"
}

func dimensions(r *rng, cat string) string {
	switch cat {
	case "painting", "drawing", "print", "manuscript", "textile":
		h := 12 + r.intn(60) + r.intn(100)
		return fmt.Sprintf("%d x %d cm", h, h*(6+r.intn(9))/10)
	case "jewellery":
		return fmt.Sprintf("%d mm", 12+r.intn(60))
	}
	if r.chance(0.5) {
		return fmt.Sprintf("H. %d cm", 8+r.intn(120))
	}
	return fmt.Sprintf("%d x %d x %d cm", 8+r.intn(90), 5+r.intn(60), 4+r.intn(40))
}

// withAdjective writes a noun and an adjective in the language's order.
func withAdjective(l language, noun, adj string) []string {
	if grammars[l].adjectiveFirst {
		return []string{adj, noun}
	}
	return []string{noun, adj}
}

// artTitle is a title of 2 to 6 words: a subject and what it is of or
// with, or the object and its material.
func artTitle(r *rng, v *artVocabulary, l language, cat string) string {
	g := &grammars[l]
	var words []string
	switch cat {
	case "painting", "drawing", "print":
		head := v.subjects.one(r, l)
		if cat != "painting" && r.chance(0.3) {
			head = joinWords(l, v.objects[cat].one(r, l), g.of, head)
		}
		switch r.intn(6) {
		case 0:
			words = withAdjective(l, head, v.adjectives.one(r, l))
		case 1:
			words = []string{head, g.of, v.figures.one(r, l)}
		case 2:
			words = []string{head, g.with, nounPhrase(r, l, v.nouns, v.adjectives, 0.2, 0.3)}
		case 3:
			words = []string{head, g.of, v.places.one(r, l)}
		case 4:
			words = []string{v.figures.one(r, l)}
			if r.chance(0.5) {
				words = withAdjective(l, words[0], v.adjectives.one(r, l))
			}
		default:
			words = []string{head, g.of, nounPhrase(r, l, v.subjects, v.adjectives, 0.3, 0.3)}
		}
	case "sculpture", "religious":
		object := v.objects[cat].one(r, l)
		switch r.intn(3) {
		case 0:
			words = []string{object, g.of, v.figures.one(r, l)}
		case 1:
			words = withAdjective(l, object, v.adjectives.one(r, l))
		default:
			words = []string{object, g.in, v.materials.one(r, l)}
		}
	case "jewellery", "other":
		words = []string{v.objects[cat].one(r, l), g.in, v.materials.forms[l][pick(r, []int{v.gold, v.silver, v.materials.rank.pick(r)})][0]}
		if cat == "jewellery" && r.chance(0.5) {
			words = append(words, g.with, v.gems.one(r, l))
		}
	default: // archaeological, manuscript, textile
		words = withAdjective(l, v.objects[cat].one(r, l), v.adjectives.one(r, l))
		if r.chance(0.3) {
			words = append(words, g.of, nounPhrase(r, l, v.nouns, nil, 0, 0))
		}
	}
	return titleOf(strings.Fields(joinWords(l, words...)), 2, 6, func() string { return v.adjectives.one(r, l) })
}

// technique opens a description: what the work is made of and on.
func technique(r *rng, v *artVocabulary, l language, cat string) string {
	g := &grammars[l]
	paper := v.supports.forms[l][v.paper][0]
	switch cat {
	case "painting":
		return joinWords(l, v.paintingTechniques.one(r, l), g.on, v.supports.one(r, l))
	case "drawing":
		t := v.drawingTechniques.one(r, l)
		if r.chance(0.4) {
			t = joinWords(l, t, g.and, v.drawingTechniques.one(r, l))
		}
		return joinWords(l, t, g.on, paper)
	case "print":
		return joinWords(l, v.printTechniques.one(r, l), g.on, paper)
	case "manuscript":
		support := v.supports.forms[l][pick(r, []int{v.parchment, v.paper})][0]
		return joinWords(l, v.drawingTechniques.forms[l][v.ink][0], g.on, support)
	case "textile":
		return joinWords(l, v.materials.forms[l][v.wool][0], g.and, v.supports.forms[l][v.silk][0])
	case "jewellery":
		return joinWords(l, v.materials.forms[l][pick(r, []int{v.gold, v.silver})][0], g.and, v.gems.one(r, l))
	}
	m := v.materials.one(r, l)
	if r.chance(0.3) {
		return joinWords(l, withAdjective(l, m, v.adjectives.one(r, l))...)
	}
	return m
}

// artDescription is a description of 15 to 60 words: the technique, then
// what the work shows, its marks, condition and provenance.
func artDescription(seed uint64, r *rng, v *artVocabulary, l language, cat string, year int) string {
	g := &grammars[l]
	var p prose
	target := wordCount(r, 15, 60)
	p.clause(technique(r, v, l, cat))
	if year > 0 && year < minDateYear {
		p.clause(century(l, year))
	}
	for p.words < target {
		switch n := r.intn(13); {
		case n < 4:
			np := nounPhrase(r, l, pickLexicon(r, v.subjects, v.nouns), v.adjectives, 0.6, 0.5)
			if r.chance(0.5) {
				np = joinWords(l, np, pick(r, g.prepositions), nounPhrase(r, l, v.nouns, v.adjectives, 0.6, 0.3))
			}
			p.clause(np)
		case n < 7:
			p.clause(v.phrases.one(r, l))
		case n < 8:
			p.clause(joinWords(l, withAdjective(l, v.figures.one(r, l), v.adjectives.one(r, l))...))
		case n < 9:
			p.clause(joinWords(l, g.with, nounPhrase(r, l, v.nouns, v.adjectives, 0.5, 0.4), g.and, nounPhrase(r, l, v.nouns, nil, 0.5, 0)))
		case n < 10:
			p.clause(joinWords(l, g.at, v.places.one(r, l)))
		case n < 11:
			// The long tail a register's descriptions have: former owners,
			// the artist a copy is after, numbers.
			switch r.intn(3) {
			case 0:
				p.clause(joinWords(l, v.nouns.forms[l][v.collection][0], familyName(r)))
			case 1:
				name, _ := artist(seed, artists().pick(r))
				p.clause(joinWords(l, v.creatorPrefixes.forms[l][v.after][0], name))
			default:
				p.clause(joinWords(l, v.number[l], strconv.Itoa(1+r.intn(20000))))
			}
		default:
			p.stop()
		}
	}
	return p.text(60)
}

// familyName is a family name of one of the artists' naming traditions.
func familyName(r *rng) string {
	name := artistCultures.pick(r)
	if name == "Italian" {
		return artVocab().italianFamily.pick(r)
	}
	all, _ := cultures()
	for _, c := range all {
		if c.name == name {
			n := c.make(r, false)
			if len(n.family) == 0 {
				return c.spell(n.first, latinSystem(c))
			}
			return c.spell(n.family[0], latinSystem(c))
		}
	}
	panic("BUG: synth: no culture " + name)
}

// latinSystem is the first of a culture's writing systems in the Latin script.
func latinSystem(c *culture) int {
	for s := range c.systems {
		if c.systems[s].script == scriptLatin {
			return s
		}
	}
	return 0
}

// pickLexicon returns a or b, a twice as often.
func pickLexicon(r *rng, a, b *lexicon) *lexicon {
	if r.intn(3) < 2 {
		return a
	}
	return b
}
