package synth

import (
	"strings"
	"time"
)

// Persons makes person records for the nominal database (schema Person):
// names from eighteen naming traditions, each written the way registers
// write it — in its own script (Cyrillic, Arabic, Greek, Devanagari, Han,
// Hangul) or in one of the romanizations in use (ICAO 9303, the English
// press, German and French usage, pinyin, Revised Romanization…) — with the
// frequencies of real populations: a few given and family names are borne
// by many (Wang, Nguyễn, Kim, Mohammed, García), most by few. Birth dates
// are mostly full, some known only to the year or the month, and some set
// to 1 January for lack of a known day, as registers do.
//
// Variants gives, for each person, the other spellings of the same name a
// search must find: see personvariants.go.
type Persons struct {
	// KeyPrefix starts every record's key (default "person-").
	KeyPrefix string
	// Until is the day the ages are counted to (default 2025-12-31).
	Until time.Time
}

// kindPersons keeps this kind's streams apart from other kinds'.
const kindPersons = 0x504552534f4e // "PERSON"

// Database is the nominal database.
func (Persons) Database() string { return "nominal" }

// Columns are the CSV columns of a person.
func (Persons) Columns() []string {
	return []string{"name", "alias", "firstName", "middleName", "fatherName", "lastName", "birthDate", "nationality", "gender", "topics"}
}

var (
	topics = newWeighted([]string{"suspect", "convicted", "wanted", "missing", "victim", "witness", "dangerous-offender", "sex-offender"},
		[]float64{25, 25, 15, 10, 10, 10, 3, 2})
	secondNationality = newWeighted([]string{"USA", "GBR", "FRA", "DEU", "CAN", "ESP", "ITA", "NLD", "SWE", "AUS"},
		[]float64{5, 4, 4, 4, 3, 3, 2, 2, 1, 1})
)

// person is a generated person before it becomes a record.
type person struct {
	culture       *culture
	female        bool
	name          personName
	system        int // the writing system the record is in
	alias         *personName
	birthDate     string
	nationalities []string
	gender        string
	topic         string
}

// person returns person i of seed. Record and Variants both start here,
// so that the variants are of the person recorded.
func (g Persons) person(seed uint64, i int) person {
	r := newRNG(seed, kindPersons, i)
	_, mix := cultures()
	c := mix.pick(r)
	p := person{culture: c, female: r.chance(0.3), system: c.stored.pick(r)}
	p.name = c.make(r, p.female)
	if r.chance(0.07) { // a known alias: another given name, or another name altogether
		a := c.make(r, p.female)
		if r.chance(0.5) {
			a.family = p.name.family
		}
		p.alias = &a
	}
	until := g.Until
	if until.IsZero() {
		until = defaultUntil
	}
	p.birthDate = personBirthDate(r, until)
	p.nationalities = []string{c.nationalities.pick(r)}
	if r.chance(0.04) {
		if n := secondNationality.pick(r); n != p.nationalities[0] {
			p.nationalities = append(p.nationalities, n)
		}
	}
	if r.chance(0.92) {
		p.gender = map[bool]string{true: "female", false: "male"}[p.female]
	}
	p.topic = topics.pick(r)
	return p
}

// personBirthDate is a birth date of someone 16 to about 85 at until, most
// of them between 20 and 50; 7 % are known to the year only, 3 % to the
// month, and 2 % carry the 1 January registers give when the day is not
// known.
func personBirthDate(r *rng, until time.Time) string {
	age := 16 + r.intn(20) + r.intn(30)
	if r.chance(0.1) {
		age = 50 + r.intn(35)
	}
	d := until.AddDate(-age, 0, -r.intn(365))
	switch n := r.intn(100); {
	case n < 7:
		return d.Format("2006")
	case n < 10:
		return d.Format("2006-01")
	case n < 12:
		return d.Format("2006") + "-01-01"
	}
	return d.Format(time.DateOnly)
}

// Record returns person i of seed.
func (g Persons) Record(seed uint64, i int) Record {
	p := g.person(seed, i)
	prefix := g.KeyPrefix
	if prefix == "" {
		prefix = "person-"
	}
	c, sys := p.culture, p.system
	rec := Record{Key: prefix + pad9(i), Schema: "Person", Properties: make([]Property, 0, 10)}
	add := func(name string, v ...string) {
		if len(v) > 0 && v[0] != "" {
			rec.Properties = append(rec.Properties, Property{Name: name, Values: v})
		}
	}
	add("name", c.render(p.name, sys, layout{}))
	if p.alias != nil {
		add("alias", c.render(*p.alias, sys, layout{}))
	}
	add("firstName", c.spell(p.name.first, sys))
	middle := make([]string, len(p.name.middle))
	for k, m := range p.name.middle {
		middle[k] = c.spell(m, sys)
	}
	if c.patronymic {
		add("fatherName", strings.Join(middle, " "))
	} else {
		add("middleName", strings.Join(middle, " "))
	}
	family := make([]string, len(p.name.family))
	for k, f := range p.name.family {
		family[k] = c.spell(f, sys)
	}
	add("lastName", strings.Join(family, " "))
	add("birthDate", p.birthDate)
	add("nationality", p.nationalities...)
	add("gender", p.gender)
	add("topics", p.topic)
	return rec
}
