package records

import (
	"slices"
	"time"
)

// Type is the type of a property's values. Every value travels as a string
// (FollowTheMoney convention); the type says how it is checked and matched.
type Type string

// The property types.
const (
	TypeName       Type = "name"       // a person's or organisation's name, any script
	TypeDate       Type = "date"       // full or partial date: YYYY, YYYY-MM, YYYY-MM-DD
	TypeCountry    Type = "country"    // ISO 3166-1 alpha-3 (or an ICAO 9303 special code)
	TypeIdentifier Type = "identifier" // an identifier of a Kind, matched exactly after normalisation
	TypeText       Type = "text"       // free text
	TypeNumber     Type = "number"     // a decimal number
	TypeEnum       Type = "enum"       // one of Values
	TypeLink       Type = "link"       // the ID of another record, of one of the Range schemas
	TypeBiometric  Type = "biometric"  // a biometric template (DNA loci, minutiae, face, image hash)
)

// Kind is the kind of an identifier; it decides its format and check digit.
type Kind string

// The identifier kinds.
const (
	KindDocumentNumber Kind = "document-number" // ICAO 9303 document number
	KindVIN            Kind = "vin"             // vehicle identification number (ISO 3779)
	KindPlate          Kind = "plate"           // vehicle registration plate
	KindIMO            Kind = "imo"             // IMO ship number
	KindSerial         Kind = "serial"          // a manufacturer's serial number
	KindHullID         Kind = "hull-id"         // hull identification number
	KindNoticeID       Kind = "notice-id"       // a notice's reference
	KindCaseNumber     Kind = "case-number"     // a national case reference
	KindNationalID     Kind = "national-id"     // a national identity or personal number
	KindObjectID       Kind = "object-id"       // an inventory or object number (works of art)
	KindSHA256         Kind = "sha256"          // hex SHA-256 of a file
	KindMD5            Kind = "md5"             // hex MD5 of a file
	KindPDQ            Kind = "pdq"             // hex PDQ perceptual hash (256 bits)
)

// Property is one property of a schema.
type Property struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Type  Type   `json:"type"`
	// Kind is the identifier kind (TypeIdentifier only).
	Kind Kind `json:"kind,omitempty"`
	// Values are the allowed values (TypeEnum only).
	Values []string `json:"values,omitempty"`
	// Range lists the schemas a link may point to (TypeLink only).
	Range []string `json:"range,omitempty"`
	// Mandatory properties must have at least one value.
	Mandatory bool `json:"mandatory"`
	// Identifying properties identify the subject: they are matched in search
	// and count toward the minimum identifiers.
	Identifying bool `json:"identifying"`
	// Searchable text properties are found by their words (ranked, with
	// diacritics folded): a work of art by its creator, title or
	// description, an incident by its name or modus operandi.
	Searchable bool `json:"searchable,omitempty"`
	// Historical dates may name any year from 0001 on (when a work of art
	// was made); other dates start in 1800 (an earlier year is a typing
	// error: nobody alive was born then).
	Historical bool `json:"historical,omitempty"`
}

// Schema is a kind of record (a FollowTheMoney-style schema).
type Schema struct {
	Name       string     `json:"name"`
	Label      string     `json:"label"`
	Properties []Property `json:"properties"`
	// rules are checks across properties (e.g. the minimum identifiers of a
	// wanted person); each returns an error naming the field at fault.
	rules []rule
}

// Property returns the schema's property of that name.
func (s *Schema) Property(name string) (Property, bool) {
	i := slices.IndexFunc(s.Properties, func(p Property) bool { return p.Name == name })
	if i < 0 {
		return Property{}, false
	}
	return s.Properties[i], true
}

// Database is one of the network's databases with the schemas it holds.
type Database struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Schemas []*Schema `json:"schemas"`
	// ReviewAfter is how long a record lives before its owner must review it
	// (DOMAIN.md: at most 5 years; 10 for travel documents).
	ReviewAfter time.Duration `json:"-"`
	// ReviewYears is ReviewAfter in years, as published.
	ReviewYears int  `json:"review_years"`
	FirstLine   bool `json:"first_line"`
}

// Schema returns the database's schema of that name.
func (d *Database) Schema(name string) (*Schema, bool) {
	i := slices.IndexFunc(d.Schemas, func(s *Schema) bool { return s.Name == name })
	if i < 0 {
		return nil, false
	}
	return d.Schemas[i], true
}
