package synth

import (
	"fmt"
	"math/bits"
	"strconv"
	"time"

	"github.com/ncbnet/ncbnet/internal/identifiers"
)

// TravelDocuments makes stolen, lost and revoked travel documents for SLTD
// (schema Passport): issuing countries weighted like traffic, numbers in
// plausible national formats, mostly passports and identity cards, and,
// except for stolen blanks, often the holder's name and birth date.
type TravelDocuments struct {
	// KeyPrefix starts every record's key (default "sltd-"); the key is the
	// prefix and the record's position, so a file sent twice has the same keys.
	KeyPrefix string
	// Country, when set, issues every document (a bureau's own file: a
	// bureau reports only the documents its country issued), and the
	// holders bear names of its region; otherwise the issuing countries are
	// weighted over the member list. See IssuingCountry.
	Country string
	// Until is the latest date of loss (default 2025-12-31): all dates lie
	// before it, so the records pass validation on any later day.
	Until time.Time
}

// kindTravelDocuments keeps this kind's streams apart from other kinds'.
const kindTravelDocuments = 0x534c5444 // "SLTD"

// Database is SLTD.
func (TravelDocuments) Database() string { return "sltd" }

// Columns are the CSV columns of a travel document.
func (TravelDocuments) Columns() []string {
	return []string{"number", "country", "type", "status", "surname", "givenName", "birthDate", "gender", "startDate", "endDate", "lossDate"}
}

// Shares of document types (ICAO 9303 codes) and of what was reported.
var (
	documentTypes = newWeighted([]string{"P", "I", "A", "C", "V"}, []float64{72, 25, 1, 1, 1})
	statuses      = newWeighted([]string{"stolen", "lost", "revoked", "stolen-blank"}, []float64{40, 50, 7, 3})
)

// A numberFormat is a literal prefix and then one character a position:
// D a digit, L a letter, A a letter or digit (letters without I, O and Q,
// which issuers avoid as look-alikes of 1 and 0), K one of CFGHJK, G one of
// CFGHJKLMNPRTVWXYZ or a digit (German serials), C the ICAO 9303 check
// digit of what precedes.
type numberFormat struct{ prefix, pattern string }

// nationalFormats approximate the published layouts of some issuers' passport
// numbers; other countries get one of genericFormats, chosen by their code.
var nationalFormats = map[string][]numberFormat{
	"FRA": {{"", "DDLLDDDDD"}},
	"DEU": {{"", "KGGGGGGGG"}},
	"GBR": {{"", "DDDDDDDDD"}},
	"USA": {{"", "DDDDDDDDD"}, {"A", "DDDDDDDD"}},
	"ITA": {{"", "LLDDDDDDD"}},
	"ESP": {{"", "LLLDDDDDD"}},
	"NLD": {{"", "LLAAAAAAD"}},
	"CHN": {{"E", "DDDDDDDD"}, {"E", "LDDDDDDD"}},
	"IND": {{"", "LDDDDDDD"}},
	"RUS": {{"", "DDDDDDDDD"}},
	"CAN": {{"", "LLDDDDDD"}},
	"AUS": {{"", "LDDDDDDD"}, {"", "LLDDDDDDD"}},
	"JPN": {{"", "LLDDDDDDD"}},
	"KOR": {{"M", "DDDDDDDD"}},
	"BRA": {{"", "LLDDDDDD"}},
}

var genericFormats = []numberFormat{{"", "LLDDDDDDD"}, {"", "LDDDDDDDC"}, {"", "DDDDDDDDD"}, {"", "LLLDDDDDD"}, {"", "ALDDDDDDC"}}

const (
	digits       = "0123456789"
	letters      = "ABCDEFGHJKLMNPRSTUVWXYZ"
	germanSeries = "CFGHJK"
	germanChars  = "CFGHJKLMNPRTVWXYZ0123456789"
)

// formatsOf returns the number formats of an issuer.
func formatsOf(iso3 string) []numberFormat {
	if f, ok := nationalFormats[iso3]; ok {
		return f
	}
	h := 0
	for i := 0; i < len(iso3); i++ {
		h = h*31 + int(iso3[i])
	}
	return genericFormats[h%len(genericFormats) : h%len(genericFormats)+1]
}

// documentNumber makes a number in format f.
func documentNumber(r *rng, f numberFormat) string {
	b := make([]byte, 0, len(f.prefix)+len(f.pattern))
	b = append(b, f.prefix...)
	for i := 0; i < len(f.pattern); i++ {
		switch f.pattern[i] {
		case 'D':
			b = append(b, digits[r.intn(len(digits))])
		case 'L':
			b = append(b, letters[r.intn(len(letters))])
		case 'A':
			if r.intn(3) == 0 {
				b = append(b, letters[r.intn(len(letters))])
			} else {
				b = append(b, digits[r.intn(len(digits))])
			}
		case 'K':
			b = append(b, germanSeries[r.intn(len(germanSeries))])
		case 'G':
			b = append(b, germanChars[r.intn(len(germanChars))])
		case 'C':
			c, err := identifiers.ICAOCheckDigit(string(b))
			if err != nil {
				panic(fmt.Sprintf("BUG: synth: number %q has a character outside the MRZ set: %v", b, err))
			}
			b = append(b, c)
		default:
			panic(fmt.Sprintf("BUG: synth: unknown pattern character %q", f.pattern[i]))
		}
	}
	return string(b)
}

// uniqueNumber makes the number in format f of document i of seed: its
// positions are the digits, in mixed radix, of a permutation of i over the
// format's capacity, so that no two documents of one seed and format share
// a number (an issuer's document is one record: a second is refused) while
// the numbers still look drawn at random.
func uniqueNumber(f numberFormat, seed uint64, i int) string {
	radix := func(c byte) uint64 {
		switch c {
		case 'D':
			return uint64(len(digits))
		case 'L':
			return uint64(len(letters))
		case 'A':
			return uint64(len(letters) + len(digits))
		case 'K':
			return uint64(len(germanSeries))
		case 'G':
			return uint64(len(germanChars))
		}
		return 1
	}
	capacity := uint64(1)
	for j := 0; j < len(f.pattern); j++ {
		capacity *= radix(f.pattern[j])
	}
	// An affine map with a multiplier prime to the capacity (whose factors
	// are 2, 3, 5, 11 and 23) is a permutation of [0, capacity).
	const mult = 2_654_435_761
	hi, lo := bits.Mul64(uint64(i)%capacity, mult%capacity)
	v := (bits.Rem64(hi, lo, capacity) + (40_503+seed*7_919)%capacity) % capacity
	b := make([]byte, len(f.prefix)+len(f.pattern))
	copy(b, f.prefix)
	for j := len(f.pattern) - 1; j >= 0; j-- {
		at := len(f.prefix) + j
		n := radix(f.pattern[j])
		d := v % n
		v /= n
		switch f.pattern[j] {
		case 'D':
			b[at] = digits[d]
		case 'L':
			b[at] = letters[d]
		case 'A':
			if d < uint64(len(letters)) {
				b[at] = letters[d]
			} else {
				b[at] = digits[d-uint64(len(letters))]
			}
		case 'K':
			b[at] = germanSeries[d]
		case 'G':
			b[at] = germanChars[d]
		}
	}
	for j := 0; j < len(f.pattern); j++ {
		if f.pattern[j] == 'C' {
			at := len(f.prefix) + j
			c, err := identifiers.ICAOCheckDigit(string(b[:at]))
			if err != nil {
				panic(fmt.Sprintf("BUG: synth: number %q has a character outside the MRZ set: %v", b[:at], err))
			}
			b[at] = c
		}
	}
	return string(b)
}

// defaultUntil is the latest date of loss when TravelDocuments.Until is zero.
var defaultUntil = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)

// Record returns travel document i of seed.
func (g TravelDocuments) Record(seed uint64, i int) Record {
	r := newRNG(seed, kindTravelDocuments, i)
	until := g.Until
	if until.IsZero() {
		until = defaultUntil
	}
	prefix := g.KeyPrefix
	if prefix == "" {
		prefix = "sltd-"
	}
	issuers, err := issuingCountries()
	if err != nil {
		panic(fmt.Sprintf("BUG: %v", err))
	}
	c := country{iso3: g.Country, region: "Europe"}
	if g.Country == "" {
		c = issuers.pick(r)
	} else if region, ok := regions[g.Country]; ok {
		// The holders' names are of the issuer's region.
		c.region = region
	}
	docType, status := documentTypes.pick(r), statuses.pick(r)
	rec := Record{Key: prefix + pad9(i), Schema: "Passport", Properties: make([]Property, 0, 11)}
	add := func(name string, v string) {
		rec.Properties = append(rec.Properties, Property{Name: name, Values: []string{v}})
	}
	f := pick(r, formatsOf(c.iso3))
	documentNumber(r, f) // drawn as before, so that the other fields stay as they were
	add("number", uniqueNumber(f, seed, i))
	add("country", c.iso3)
	add("type", docType)
	add("status", status)
	lost := until.AddDate(0, 0, -r.intn(3650))
	if status != "stolen-blank" { // a blank was never issued to anyone
		issued := lost.AddDate(0, 0, -r.intn(3650))
		if r.chance(0.7) {
			names := namesByRegion[c.region]
			female := r.chance(0.5)
			given := pick(r, names.male)
			if female {
				given = pick(r, names.female)
			}
			add("surname", pick(r, names.surnames))
			add("givenName", given)
			if r.chance(0.85) {
				add("birthDate", birthDate(r, issued))
			}
			if r.chance(0.8) {
				add("gender", map[bool]string{true: "female", false: "male"}[female])
			}
		}
		add("startDate", issued.Format(time.DateOnly))
		add("endDate", issued.AddDate(10, 0, -1).Format(time.DateOnly))
	}
	add("lossDate", lost.Format(time.DateOnly))
	return rec
}

// birthDate is a holder's birth date, 0 to 80 years before the document's
// issue; some registers know only the year and month, or the year.
func birthDate(r *rng, issued time.Time) string {
	d := issued.AddDate(0, 0, -r.intn(80*365))
	switch n := r.intn(20); {
	case n == 0:
		return d.Format("2006")
	case n == 1:
		return d.Format("2006-01")
	}
	return d.Format(time.DateOnly)
}

func pad9(i int) string {
	s := strconv.Itoa(i)
	if len(s) >= 9 {
		return s
	}
	return "000000000"[len(s):] + s
}
