package synth

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/text"
)

func TestTextKindsAreDeterministic(t *testing.T) {
	for name, g := range map[string]Kind{"works-of-art": Artworks{}, "incidents": Incidents{}} {
		t.Run(name, func(t *testing.T) {
			var a, b, part bytes.Buffer
			for _, buf := range []*bytes.Buffer{&a, &b} {
				if err := Write(buf, g, NDJSON, 42, 0, 400); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("the same seed made different files")
			}
			if err := Write(&part, g, NDJSON, 42, 200, 400); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasSuffix(a.Bytes(), part.Bytes()) {
				t.Fatal("records 200-399 differ when written alone")
			}
			var other bytes.Buffer
			if err := Write(&other, g, NDJSON, 43, 0, 400); err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(a.Bytes(), other.Bytes()) {
				t.Fatal("another seed made the same file")
			}
			if Kinds()[name] == nil {
				t.Fatalf("%s is not a kind of Kinds", name)
			}
		})
	}
}

// foldedWords splits text as the text index does (lower case, diacritics
// folded, words of two letters or more), so that the test measures what a
// search sees.
func foldedWords(s string) []string {
	var out []string
	var w []rune
	flush := func() {
		if len(w) >= 2 {
			out = append(out, string(w))
		}
		w = w[:0]
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w = append(w, unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// propsOf returns a record's properties by name.
func propsOf(t *testing.T, rec Record) map[string]string {
	t.Helper()
	p := map[string]string{}
	for _, prop := range rec.Properties {
		if len(prop.Values) != 1 || prop.Values[0] == "" {
			t.Fatalf("%s: %s has values %q", rec.Key, prop.Name, prop.Values)
		}
		v := prop.Values[0]
		if err := text.Check(v, false); err != nil || strings.ContainsAny(v, ";\n") || v != strings.TrimSpace(v) {
			t.Fatalf("%s: %s = %q: %v", rec.Key, prop.Name, v, err)
		}
		p[prop.Name] = v
	}
	return p
}

func memberSet(t *testing.T) map[string]bool {
	cs, err := member.Countries()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, c := range cs {
		m[c.ISO3] = true
	}
	return m
}

var datePattern = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// Works of art have what the schema asks (a title, a description, a
// status; a category of the list), titles of 2 to 6 words and
// descriptions of 15 to 60, and words at the frequencies of a register: a
// few in many records, thousands in few.
func TestArtworksLookReal(t *testing.T) {
	members := memberSet(t)
	const n = 20000
	categories := map[string]int{}
	languages := map[string]int{}
	df := map[string]int{}
	creators := map[string]int{}
	for i := range n {
		rec := Artworks{}.Record(5, i)
		if rec.Schema != "Artwork" || rec.Key != "art-"+pad9(i) {
			t.Fatalf("record %d: %s %s", i, rec.Schema, rec.Key)
		}
		p := propsOf(t, rec)
		if w := len(strings.Fields(p["title"])); w < 2 || w > 6 {
			t.Fatalf("%s: title %q has %d words", rec.Key, p["title"], w)
		}
		if w := len(strings.Fields(p["description"])); w < 15 || w > 60 {
			t.Fatalf("%s: description %q has %d words", rec.Key, p["description"], w)
		}
		if p["creator"] == "" || !slices.Contains([]string{"stolen", "missing", "lost", "recovered"}, p["status"]) || !members[p["country"]] {
			t.Fatalf("%s: %v", rec.Key, p)
		}
		for _, d := range []string{"creationDate", "theftDate"} {
			if v, ok := p[d]; ok && (!datePattern.MatchString(v) || v > "2025-12-31") {
				t.Fatalf("%s: %s %q", rec.Key, d, v)
			}
		}
		if h, ok := p["imageHash"]; ok && !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(h) {
			t.Fatalf("%s: image hash %q", rec.Key, h)
		}
		categories[p["category"]]++
		creators[p["creator"]]++
		first := strings.Fields(p["description"])[0]
		languages[first]++
		seen := map[string]bool{}
		for _, w := range foldedWords(p["description"]) {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
	}
	if len(categories) != 10 || categories["painting"] < n/3 {
		t.Errorf("categories %v", categories)
	}
	// Paintings open with their technique in their language.
	for _, opening := range []string{"Huile", "Olio", "Oil", "Öl", "Óleo"} {
		if languages[opening] < n/100 {
			t.Errorf("%d descriptions open with %q", languages[opening], opening)
		}
	}
	// Zipf: the technique and support of most paintings are in many
	// records; thousands of words are in fewer than 1 in 1000.
	for _, w := range []string{"huile", "toile", "oil", "canvas", "olio", "tela"} {
		if df[w] < n/50 {
			t.Errorf("%q is in %d descriptions of %d", w, df[w], n)
		}
	}
	rare := 0
	for _, c := range df {
		if c*1000 < n {
			rare++
		}
	}
	if len(df) < 5000 || rare < 2000 {
		t.Errorf("%d distinct words, %d in fewer than 1 in 1000 descriptions", len(df), rare)
	}
	// A few artists made many works, most a few.
	counts := make([]int, 0, len(creators))
	for _, c := range creators {
		counts = append(counts, c)
	}
	slices.Sort(counts)
	if top := counts[len(counts)-1]; top < 50 || len(creators) < n/4 {
		t.Errorf("%d creators, the most frequent with %d works", len(creators), top)
	}
}

// Incidents have a name, a date, a country of the members and a modus
// operandi of 10 to 40 words, in the country's language or English.
func TestIncidentsLookReal(t *testing.T) {
	members := memberSet(t)
	const n = 20000
	df := map[string]int{}
	countries := map[string]int{}
	for i := range n {
		rec := Incidents{}.Record(5, i)
		if rec.Schema != "Incident" || rec.Key != "incident-"+pad9(i) {
			t.Fatalf("record %d: %s %s", i, rec.Schema, rec.Key)
		}
		p := propsOf(t, rec)
		if w := len(strings.Fields(p["name"])); w < 2 || w > 16 {
			t.Fatalf("%s: name %q", rec.Key, p["name"])
		}
		if w := len(strings.Fields(p["modusOperandi"])); w < 10 || w > 40 {
			t.Fatalf("%s: modus operandi %q has %d words", rec.Key, p["modusOperandi"], w)
		}
		if !members[p["country"]] || !datePattern.MatchString(p["date"]) || p["date"] > "2025-12-31" || p["location"] == "" {
			t.Fatalf("%s: %v", rec.Key, p)
		}
		if c, ok := p["cbrne"]; ok && !slices.Contains([]string{"chemical", "biological", "radiological", "nuclear", "explosive"}, c) {
			t.Fatalf("%s: cbrne %q", rec.Key, c)
		}
		if c, ok := p["casualties"]; ok {
			if _, err := strconv.Atoi(c); err != nil {
				t.Fatalf("%s: casualties %q", rec.Key, c)
			}
		}
		countries[p["country"]]++
		seen := map[string]bool{}
		for _, w := range foldedWords(p["modusOperandi"]) {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
	}
	if len(countries) < 60 || len(df) < 1500 || df["explosive"] < n/20 {
		t.Errorf("%d countries, %d distinct words, explosive in %d", len(countries), len(df), df["explosive"])
	}
}

// The small words a benchmark leaves out of its searches are the
// generators' articles and prepositions, not the words of the trade.
func TestFunctionWords(t *testing.T) {
	fw := FunctionWords()
	for _, w := range []string{"de", "sur", "the", "und", "della", "del", "près"} {
		if !slices.Contains(fw, w) {
			t.Errorf("%q is not a function word", w)
		}
	}
	for _, w := range []string{"huile", "toile", "oil", "canvas", "bronze", "explosive", "portrait"} {
		if slices.Contains(fw, w) {
			t.Errorf("%q is a function word", w)
		}
	}
}

func TestJoinWords(t *testing.T) {
	for _, tc := range []struct {
		l     language
		words []string
		want  string
	}{
		{inFrench, []string{"Portrait", "de", "homme"}, "Portrait d'homme"},
		{inFrench, []string{"vue", "de", "le port"}, "vue du port"},
		{inFrench, []string{"vue", "de", "le", "arbre"}, "vue de l'arbre"},
		{inFrench, []string{"à", "les", "Alpes"}, "aux Alpes"},
		{inItalian, []string{"Veduta", "di", "la città"}, "Veduta della città"},
		{inItalian, []string{"Paesaggio", "di", "la", "Annunciazione"}, "Paesaggio dell'Annunciazione"},
		{inSpanish, []string{"detrás", "de", "el", "león"}, "detrás del león"},
		{inEnglish, []string{"Portrait", "of", "a", "man"}, "Portrait of a man"},
	} {
		if got := joinWords(tc.l, tc.words...); got != tc.want {
			t.Errorf("joinWords(%q) = %q, want %q", tc.words, got, tc.want)
		}
	}
}
