package synth

import (
	"strconv"
	"strings"
	"time"
)

// Incidents makes terrorist incidents for the terrorism database (schema
// Incident): a name ("Madrid railway station bombing", "Attentat à la
// bombe de Lyon"), the date, the country and place, and the modus operandi
// in 10 to 40 words — who did what with which means against which target,
// and the set phrases of a report — written in the language of the
// country where that is French, Italian, German or Spanish (three times in
// four) and in English otherwise, with the words' frequencies skewed as in
// a real register (incidentvocabulary.go, textgen.go).
type Incidents struct {
	// KeyPrefix starts every record's key (default "incident-").
	KeyPrefix string
	// Until is the latest date of an incident (default 2025-12-31).
	Until time.Time
}

// kindIncidents keeps this kind's streams apart from other kinds'.
const kindIncidents = 0x494e434944454e54 // "INCIDENT"

// Database is the terrorism database.
func (Incidents) Database() string { return "terrorism" }

// Columns are the CSV columns of an incident.
func (Incidents) Columns() []string {
	return []string{"name", "date", "country", "location", "cbrne", "modusOperandi", "casualties"}
}

var (
	// countryLanguages are the languages of the countries whose reports
	// are not in English.
	countryLanguages = map[string]language{
		"FRA": inFrench, "BEL": inFrench, "CHE": inFrench, "LUX": inFrench, "DZA": inFrench, "MAR": inFrench, "TUN": inFrench,
		"MLI": inFrench, "NER": inFrench, "BFA": inFrench, "TCD": inFrench, "SEN": inFrench, "CIV": inFrench,
		"ITA": inItalian, "DEU": inGerman, "AUT": inGerman,
		"ESP": inSpanish, "MEX": inSpanish, "COL": inSpanish, "PER": inSpanish, "ARG": inSpanish, "CHL": inSpanish, "VEN": inSpanish,
	}
	cbrne = newWeighted([]string{"", "explosive", "chemical", "biological", "radiological", "nuclear"}, []float64{52, 45, 2, 0.5, 0.3, 0.2})
)

// Record returns incident i of seed.
func (g Incidents) Record(seed uint64, i int) Record {
	r := newRNG(seed, kindIncidents, i)
	v := incidentVocab()
	until := g.Until
	if until.IsZero() {
		until = defaultUntil
	}
	prefix := g.KeyPrefix
	if prefix == "" {
		prefix = "incident-"
	}
	place := v.cities.pick(r)
	l, ok := countryLanguages[place.country]
	if !ok || r.chance(0.25) {
		l = inEnglish
	}
	rec := Record{Key: prefix + pad9(i), Schema: "Incident", Properties: make([]Property, 0, 7)}
	add := func(name, value string) {
		if value != "" {
			rec.Properties = append(rec.Properties, Property{Name: name, Values: []string{value}})
		}
	}
	day := until.AddDate(0, 0, -r.intn(55*365))
	attack, target := v.attacks.pick(r, l)[0], v.targets.pick(r, l)[0]
	add("name", incidentName(r, l, attack, target, place.name, day.Year()))
	if r.chance(0.15) {
		add("date", day.Format("2006-01"))
	} else {
		add("date", day.Format(time.DateOnly))
	}
	add("country", place.country)
	if r.chance(0.6) {
		add("location", capitalize(target)+", "+place.name)
	} else {
		add("location", place.name)
	}
	add("cbrne", cbrne.pick(r))
	add("modusOperandi", modusOperandi(r, v, l, target))
	if r.chance(0.65) {
		n := 0
		if !r.chance(0.3) {
			n = r.intn(6) * (1 + r.intn(12))
			if r.chance(0.05) {
				n += r.intn(300)
			}
		}
		add("casualties", strconv.Itoa(n))
	}
	return rec
}

// incidentName names an incident after its kind, its target and its place.
func incidentName(r *rng, l language, attack, target, place string, year int) string {
	var name string
	switch {
	case l == inEnglish && r.chance(0.5):
		name = place + " " + target + " " + attack
	case l == inEnglish:
		name = capitalize(attack) + " at the " + target + " in " + place
	case r.chance(0.5):
		name = joinWords(l, capitalize(attack), grammars[l].of, place)
	default:
		name = joinWords(l, capitalize(attack), pick(r, targetPrepositions[l]), target, grammars[l].at, place)
	}
	if r.chance(0.3) {
		name += " " + strconv.Itoa(year)
	}
	return name
}

// modusOperandi says in 10 to 40 words who did what with which means
// against the target, then adds what a report notes.
func modusOperandi(r *rng, v *incidentVocabulary, l language, target string) string {
	g := &grammars[l]
	var p prose
	n := wordCount(r, 10, 40)
	first := joinWords(l, nounPhrase(r, l, v.actors, v.adjectives, 0.8, 0.5), v.verbs.one(r, l), nounPhrase(r, l, v.means, v.adjectives, 0.7, 0.3))
	if r.chance(0.7) {
		first = joinWords(l, first, pick(r, targetPrepositions[l]), target)
	}
	p.clause(first)
	for p.words < n {
		switch k := r.intn(10); {
		case k < 4:
			p.clause(v.phrases.one(r, l))
		case k < 6:
			p.clause(joinWords(l, g.with, nounPhrase(r, l, v.means, v.adjectives, 0.5, 0.4)))
		case k < 8:
			np := nounPhrase(r, l, v.nouns, v.adjectives, 0.6, 0.4)
			if r.chance(0.4) {
				np = joinWords(l, np, pick(r, g.prepositions), nounPhrase(r, l, v.targets, nil, 0.6, 0))
			}
			p.clause(np)
		case k < 9:
			p.clause(joinWords(l, nounPhrase(r, l, v.actors, v.adjectives, 0.8, 0.4), v.verbs.one(r, l), nounPhrase(r, l, v.targets, v.adjectives, 0.7, 0.2)))
		default:
			p.stop()
		}
	}
	return strings.TrimSpace(p.text(40))
}
