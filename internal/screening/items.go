package screening

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/identifiers"
	"github.com/ncbnet/ncbnet/internal/names"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/screening/mrz"
	"github.com/ncbnet/ncbnet/internal/screening/wire"
)

// The kinds of item a check takes.
const (
	KindDocument = "document"
	KindMRZ      = "mrz"
	KindPerson   = "person"
	KindVehicle  = "vehicle"
	KindFirearm  = "firearm"
	KindVessel   = "vessel"
)

// Kinds lists the kinds of item.
var Kinds = []string{KindDocument, KindMRZ, KindPerson, KindVehicle, KindFirearm, KindVessel}

// Limits on a request.
const (
	MaxItems      = 1000
	maxFieldBytes = 200
)

// Request is a check of one item or many, for a declared purpose: a
// wire.Request as the node reads it (DecodeRequest), with what a manifest
// adds for the audit.
type Request struct {
	Purpose access.Purpose `json:"purpose"`
	Items   []Item         `json:"items"`
	// voyage is the manifest's flight or sailing, for the audit.
	voyage string
}

// Item is one thing to check (package wire).
type Item = wire.Item

// probe is one lookup an item asks for: an identifier of a kind, or a name.
type probe struct {
	item  int
	field string // the item's field, as matched names it
	kind  records.Kind
	value string
	// documents: the issuing country and type the record must agree with.
	country, docType string
	// firearms: the make the record must agree with.
	make string
	// name search.
	person *names.Person
	dbs    []string
}

// Where each kind of item is looked for: first-line databases holding it.
var (
	documentDBs = []string{"sltd", "tdawn", "sad", "nominal", "terrorism"}
	personDBs   = []string{"nominal", "terrorism"}
	vehicleDBs  = []string{"smv"}
	firearmDBs  = []string{"firearms"}
	vesselDBs   = []string{"vessels"}
)

// probes validates item i and turns it into its lookups. now reads MRZ dates.
func probes(i int, it Item, now time.Time) ([]probe, error) {
	f := func(name string) string { return fmt.Sprintf("items[%d].%s", i, name) }
	fields := map[string]string{
		"number": it.Number, "country": it.Country, "type": it.Type, "mrz": it.MRZ,
		"name": it.Name, "birthDate": it.BirthDate, "nationality": it.Nationality, "gender": it.Gender,
		"vin": it.VIN, "registrationNumber": it.RegistrationNumber, "make": it.Make, "serial": it.Serial, "imo": it.IMO,
	}
	allowed := map[string][]string{
		KindDocument: {"number", "country", "type"},
		KindMRZ:      {"mrz"},
		KindPerson:   {"name", "birthDate", "nationality", "gender"},
		KindVehicle:  {"vin", "registrationNumber"},
		KindFirearm:  {"make", "serial"},
		KindVessel:   {"imo", "name"},
	}
	own, ok := allowed[it.Kind]
	if !ok {
		if it.Kind == "" {
			return nil, fault.Field(fault.MissingField, f("kind"), "kind is required: one of %s", strings.Join(Kinds, ", "))
		}
		return nil, fault.Field(fault.InvalidField, f("kind"), "unknown kind %q: one of %s", it.Kind, strings.Join(Kinds, ", "))
	}
	for name, v := range fields {
		if v == "" {
			continue
		}
		if !slices.Contains(own, name) {
			return nil, fault.Field(fault.InvalidField, f(name), "a %s item has no field %s (it has %s)", it.Kind, name, strings.Join(own, ", "))
		}
		if limit := maxFieldBytes; len(v) > limit && name != "mrz" {
			return nil, fault.Field(fault.InvalidField, f(name), "at most %d bytes", limit)
		}
	}
	if it.Lenient && it.Kind != KindMRZ {
		return nil, fault.Field(fault.InvalidField, f("lenient"), "lenient applies to mrz items only")
	}
	switch it.Kind {
	case KindDocument:
		return documentProbes(i, f, it.Number, it.Country, it.Type)
	case KindMRZ:
		return mrzProbes(i, f, it, now)
	case KindPerson:
		p, err := personProbe(i, f, it.Name, it.BirthDate, it.Nationality, it.Gender)
		if err != nil {
			return nil, err
		}
		return []probe{p}, nil
	case KindVehicle:
		if it.VIN == "" && it.RegistrationNumber == "" {
			return nil, fault.Field(fault.MissingField, f("vin"), "a vehicle needs a vin or a registrationNumber")
		}
		var out []probe
		if it.VIN != "" {
			out = append(out, probe{item: i, field: "vin", kind: records.KindVIN, value: it.VIN, dbs: vehicleDBs})
		}
		if it.RegistrationNumber != "" {
			out = append(out, probe{item: i, field: "registrationNumber", kind: records.KindPlate, value: it.RegistrationNumber, dbs: vehicleDBs})
		}
		return out, nil
	case KindFirearm:
		if it.Serial == "" {
			return nil, fault.Field(fault.MissingField, f("serial"), "a firearm needs its serial")
		}
		if it.Make == "" {
			return nil, fault.Field(fault.MissingField, f("make"), "a firearm needs its make: serials repeat across makers")
		}
		return []probe{{item: i, field: "serial", kind: records.KindSerial, value: it.Serial, make: it.Make, dbs: firearmDBs}}, nil
	case KindVessel:
		if it.IMO == "" && it.Name == "" {
			return nil, fault.Field(fault.MissingField, f("imo"), "a vessel needs an imo or a name")
		}
		var out []probe
		if it.IMO != "" {
			if identifiers.NormalizeIdentifier(it.IMO) == "" {
				return nil, fault.Field(fault.InvalidField, f("imo"), "an IMO number has letters or digits")
			}
			out = append(out, probe{item: i, field: "imo", kind: records.KindIMO, value: it.IMO, dbs: vesselDBs})
		}
		if it.Name != "" {
			out = append(out, probe{item: i, field: "name", person: &names.Person{Names: []string{it.Name}}, dbs: vesselDBs})
		}
		return out, nil
	}
	return nil, nil
}

func documentProbes(i int, f func(string) string, number, country, docType string) ([]probe, error) {
	if number == "" {
		return nil, fault.Field(fault.MissingField, f("number"), "a document needs its number")
	}
	if identifiers.NormalizeIdentifier(number) == "" {
		return nil, fault.Field(fault.InvalidField, f("number"), "a document number has letters or digits")
	}
	if country == "" {
		return nil, fault.Field(fault.MissingField, f("country"), "a document needs its issuing country (ISO 3166-1 alpha-3): numbers repeat across countries")
	}
	c, err := countryCode(country)
	if err != nil {
		return nil, fault.Field(fault.InvalidField, f("country"), "%v", err)
	}
	t := strings.ToUpper(strings.TrimSpace(docType))
	if t != "" && (len(t) > 2 || t[0] < 'A' || t[0] > 'Z') {
		return nil, fault.Field(fault.InvalidField, f("type"), "the document type is its ICAO 9303 code (P, I, A, C, V, or two letters such as PO, ID)")
	}
	if t != "" {
		t = t[:1]
	}
	return []probe{{item: i, field: "number", kind: records.KindDocumentNumber, value: number, country: c, docType: t, dbs: documentDBs}}, nil
}

func personProbe(i int, f func(string) string, name, birthDate, nationality, gender string) (probe, error) {
	if strings.TrimSpace(name) == "" {
		return probe{}, fault.Field(fault.MissingField, f("name"), "a person needs a name")
	}
	q := names.Person{Names: []string{name}}
	if birthDate != "" {
		if _, err := identifiers.ParsePartialDate(birthDate); err != nil {
			return probe{}, fault.Field(fault.InvalidField, f("birthDate"), "a birth date is YYYY-MM-DD, YYYY-MM or YYYY")
		}
		q.BirthDates = []string{birthDate}
	}
	if nationality != "" {
		c, err := countryCode(nationality)
		if err != nil {
			return probe{}, fault.Field(fault.InvalidField, f("nationality"), "%v", err)
		}
		q.Nationalities = []string{c}
	}
	switch strings.ToLower(gender) {
	case "":
	case "male", "m":
		q.Gender = "male"
	case "female", "f":
		q.Gender = "female"
	case "other", "x":
		q.Gender = "other"
	default:
		return probe{}, fault.Field(fault.InvalidField, f("gender"), "gender is male, female or other (M, F, X)")
	}
	return probe{item: i, field: "name", person: &q, dbs: personDBs}, nil
}

// mrzProbes reads an MRZ and checks both the document it describes and its
// holder.
func mrzProbes(i int, f func(string) string, it Item, now time.Time) ([]probe, error) {
	if strings.TrimSpace(it.MRZ) == "" {
		return nil, fault.Field(fault.MissingField, f("mrz"), "an mrz item needs the zone's lines, separated by \\n")
	}
	if len(it.MRZ) > 400 {
		return nil, fault.Field(fault.InvalidField, f("mrz"), "an MRZ has at most 3 lines of 44 characters")
	}
	r, err := mrz.Parse(it.MRZ, now)
	if err != nil {
		return nil, fault.Field(fault.InvalidField, f("mrz"), "%v", err)
	}
	if !r.Valid && !it.Lenient {
		var failed []string
		for _, c := range r.Checks {
			if !c.OK {
				failed = append(failed, fmt.Sprintf("%s (line %d, position %d)", c.Field, c.Line, c.Position))
			}
		}
		return nil, fault.Field(fault.InvalidField, f("mrz"), "the check digit of %s fails: check the reading, or set lenient to check what was read", strings.Join(failed, ", "))
	}
	var out []probe
	if r.DocumentNumber != "" {
		c := r.IssuerCountry()
		if len(c) == 3 {
			ps, err := documentProbes(i, f, r.DocumentNumber, c, r.DocumentType)
			if err == nil {
				out = append(out, ps...)
			}
		}
	}
	name := strings.TrimSpace(r.GivenNames + " " + r.Surname)
	if name != "" {
		nat := r.NationalityCountry()
		if len(nat) != 3 {
			nat = ""
		}
		sex := map[string]string{"M": "male", "F": "female"}[r.Sex]
		if p, err := personProbe(i, f, name, r.BirthDate, nat, sex); err == nil {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, fault.Field(fault.InvalidField, f("mrz"), "the MRZ holds neither a document number with its issuer nor a name to check")
	}
	return out, nil
}

// countryCode reads an ISO 3166-1 alpha-3 code, or an ICAO code that stands
// for one ("D" for Germany).
func countryCode(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if iso := identifiers.ISOCountryForICAO(c); iso != "" {
		c = iso
	}
	if len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return "", fmt.Errorf("%q is not an ISO 3166-1 alpha-3 country code", s)
	}
	return c, nil
}
