package records

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/identifiers"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/text"
)

// Limits on what one record may hold.
const (
	maxValues       = 100
	maxNameLen      = 500
	maxTextLen      = 10000
	maxIdentLen     = 100
	maxBiometricLen = 64 << 10
)

// rule is a check across the properties of one record; it returns a
// *fault.Error naming the field at fault.
type rule func(props map[string][]string) error

// oneOf requires at least one of the properties.
func oneOf(names ...string) rule {
	return func(props map[string][]string) error {
		for _, n := range names {
			if len(props[n]) > 0 {
				return nil
			}
		}
		return fault.Field(fault.MissingField, "properties."+names[0], "give at least one of %s", strings.Join(names, ", "))
	}
}

// wantedPersonMinimum: a wanted person needs a name and, to be told apart
// from namesakes, a birth date, an identity or travel document, or a
// biometric record (DOMAIN.md, data quality).
func wantedPersonMinimum(props map[string][]string) error {
	if !slices.Contains(props["topics"], "wanted") {
		return nil
	}
	for _, n := range []string{"birthDate", "idNumber", "passportNumber", "documents", "biometrics"} {
		if len(props[n]) > 0 {
			return nil
		}
	}
	return fault.Field(fault.MissingField, "properties.birthDate",
		"a wanted person needs, besides a name, a birth date, an identity or travel document, or a biometric record")
}

var (
	hexPattern    = regexp.MustCompile(`^[0-9a-fA-F]+$`)
	numberPattern = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
)

// validCountry accepts a member country or an ICAO 9303 special code
// (stateless, refugee, United Nations, …).
func validCountry(code string, members map[string]bool) bool {
	return members[code] || identifiers.ICAOSpecialCode(code)
}

// normaliseProperties checks props against schema s and returns them cleaned:
// values trimmed, de-duplicated, dates and countries in canonical form, empty
// lists dropped. It also returns the record IDs the links point to, which the
// caller checks against the store. The first problem found is returned as a
// *fault.Error naming the field ("properties.<name>").
func normaliseProperties(s *Schema, props map[string][]string, members map[string]bool, now time.Time) (map[string][]string, []string, error) {
	out := make(map[string][]string, len(props))
	var links []string
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		// The field is named only on error: this runs for every line of a bulk import.
		p, ok := s.Property(n)
		if !ok {
			return nil, nil, fault.Field(fault.InvalidField, "properties."+n, "schema %s has no property %q", s.Name, n)
		}
		if len(props[n]) > maxValues {
			return nil, nil, fault.Field(fault.InvalidField, "properties."+n, "at most %d values", maxValues)
		}
		var vals []string
		for _, raw := range props[n] {
			v, err := normaliseValue(p, raw, members, now)
			if err != nil {
				return nil, nil, fault.Field(fault.InvalidField, "properties."+n, "%q: %v", truncate(raw, 60), err)
			}
			if !slices.Contains(vals, v) {
				vals = append(vals, v)
			}
			if p.Type == TypeLink {
				links = append(links, v)
			}
		}
		if len(vals) > 0 {
			out[n] = vals
		}
	}
	for _, p := range s.Properties {
		if p.Mandatory && len(out[p.Name]) == 0 {
			return nil, nil, fault.Field(fault.MissingField, "properties."+p.Name, "%s is required for a %s", p.Name, s.Name)
		}
	}
	for _, r := range s.rules {
		if err := r(out); err != nil {
			return nil, nil, err
		}
	}
	return out, links, nil
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// printable reports whether s may be stored as text (text.Check): only free
// text (multiline) may break lines.
func printable(s string, multiline bool) bool {
	return text.Check(s, multiline) == nil
}

func normaliseValue(p Property, raw string, members map[string]bool, now time.Time) (string, error) {
	v := strings.TrimSpace(raw)
	if v == "" {
		return "", fmt.Errorf("empty value")
	}
	if err := text.Check(v, p.Type == TypeText || p.Type == TypeBiometric); err != nil {
		return "", err
	}
	switch p.Type {
	case TypeName:
		if utf8.RuneCountInString(v) > maxNameLen {
			return "", fmt.Errorf("longer than %d characters", maxNameLen)
		}
		return strings.Join(strings.Fields(v), " "), nil
	case TypeText:
		if utf8.RuneCountInString(v) > maxTextLen {
			return "", fmt.Errorf("longer than %d characters", maxTextLen)
		}
		return v, nil
	case TypeBiometric:
		if len(v) > maxBiometricLen {
			return "", fmt.Errorf("larger than %d bytes", maxBiometricLen)
		}
		return v, nil
	case TypeDate:
		parse := identifiers.ParsePartialDate
		if p.Historical {
			parse = identifiers.ParseHistoricalDate
		}
		d, err := parse(v)
		if err != nil {
			return "", err
		}
		// Only an expiry lies ahead; a birth, a theft, an issue date cannot.
		if first, _ := d.Range(); first.After(now) && p.Name != "endDate" {
			return "", fmt.Errorf("is in the future")
		}
		return d.String(), nil
	case TypeCountry:
		c := strings.ToUpper(v)
		if !validCountry(c, members) {
			return "", fmt.Errorf("not an ISO 3166-1 alpha-3 code of a member country or an ICAO 9303 code")
		}
		return c, nil
	case TypeNumber:
		if !numberPattern.MatchString(v) {
			return "", fmt.Errorf("not a decimal number")
		}
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return "", fmt.Errorf("not a decimal number")
		}
		return v, nil
	case TypeEnum:
		if !slices.Contains(p.Values, v) {
			return "", fmt.Errorf("must be one of %s", strings.Join(p.Values, ", "))
		}
		return v, nil
	case TypeLink:
		if !id.Valid(v) {
			return "", fmt.Errorf("not a record ID")
		}
		return v, nil
	case TypeIdentifier:
		return normaliseIdentifier(p.Kind, v)
	}
	return "", fmt.Errorf("BUG: property type %q has no check", p.Type)
}

// normaliseIdentifier checks an identifier's format and check digit and
// returns it as it will be stored (upper case, as written otherwise: the index
// normalises further for matching).
func normaliseIdentifier(k Kind, v string) (string, error) {
	if len(v) > maxIdentLen {
		return "", fmt.Errorf("longer than %d characters", maxIdentLen)
	}
	switch k {
	case KindDocumentNumber:
		// Checked as written: a character the normaliser would drop must not
		// silently change the number.
		if err := identifiers.ValidDocumentNumber(v); err != nil {
			return "", err
		}
		return identifiers.NormalizeIdentifier(v), nil
	case KindVIN:
		// Position 9 is checked where the manufacturer's region makes it a
		// check digit, whoever records the vehicle: the WMI decides, not
		// the country of registration nor the reporting bureau.
		n := identifiers.NormalizeIdentifier(v)
		if err := identifiers.CheckVIN(n); err != nil {
			return "", err
		}
		return n, nil
	case KindIMO:
		return identifiers.NormalizeIMO(v)
	case KindPlate:
		n := identifiers.NormalizePlate(v)
		if n == "" || len(n) > 15 {
			return "", fmt.Errorf("a plate has 1 to 15 letters and digits")
		}
		return strings.ToUpper(v), nil
	case KindSHA256, KindMD5, KindPDQ:
		want := map[Kind]int{KindSHA256: 64, KindMD5: 32, KindPDQ: 64}[k]
		if len(v) != want || !hexPattern.MatchString(v) {
			return "", fmt.Errorf("a %s is %d hexadecimal digits", k, want)
		}
		return strings.ToLower(v), nil
	case KindSerial, KindHullID, KindNoticeID, KindCaseNumber, KindNationalID, KindObjectID:
		if identifiers.NormalizeIdentifier(v) == "" {
			return "", fmt.Errorf("has no letters or digits")
		}
		return strings.ToUpper(v), nil
	}
	return "", fmt.Errorf("BUG: identifier kind %q has no check", k)
}

// bureauKinds are the unit kinds a restriction may name.
var bureauKinds = []access.UnitKind{access.KindNCB, access.KindSpecialised, access.KindBorderPoint}

// normaliseRestrictions checks the owner's restrictions and returns them
// sorted and without repeats.
func normaliseRestrictions(r access.Restrictions, members map[string]bool) (access.Restrictions, error) {
	clean := func(field string, codes []string) ([]string, error) {
		out := []string{}
		for _, c := range codes {
			c = strings.ToUpper(strings.TrimSpace(c))
			if !member.ValidISO3(c) || !members[c] {
				return nil, fault.Field(fault.InvalidField, "restrictions."+field, "%q is not a member country", c)
			}
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		slices.Sort(out)
		return out, nil
	}
	var err error
	if r.Countries, err = clean("countries", r.Countries); err != nil {
		return r, err
	}
	if r.ExcludedCountries, err = clean("excluded_countries", r.ExcludedCountries); err != nil {
		return r, err
	}
	for _, c := range r.Countries {
		if slices.Contains(r.ExcludedCountries, c) {
			return r, fault.Field(fault.InvalidField, "restrictions.excluded_countries", "%s is both allowed and excluded", c)
		}
	}
	kinds := []access.UnitKind{}
	for _, k := range r.UnitKinds {
		if !slices.Contains(bureauKinds, k) {
			return r, fault.Field(fault.InvalidField, "restrictions.unit_kinds", "%q is not ncb, specialised-unit or border-point", k)
		}
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	r.UnitKinds = kinds
	if len(r.Countries) == 0 {
		r.Countries = nil
	}
	if len(r.ExcludedCountries) == 0 {
		r.ExcludedCountries = nil
	}
	if len(r.UnitKinds) == 0 {
		r.UnitKinds = nil
	}
	return r, nil
}

// issuedByOwner applies SLTD's rule (DOMAIN.md): only the issuing country
// adds a travel document. Its issuing country must be the owner's.
func issuedByOwner(d *Database, props map[string][]string, owner string) error {
	if d.ID != "sltd" {
		return nil
	}
	for _, c := range props["country"] {
		if c != owner {
			return fault.Field(fault.InvalidField, "properties.country", "only the issuing country reports its travel documents to SLTD: %s cannot report a document of %s", owner, c)
		}
	}
	return nil
}

// checkSize refuses a record whose properties take more than a record may
// hold once stored (the same limit as an import line's).
func checkSize(props map[string][]string) error {
	b, err := json.Marshal(props)
	if err != nil {
		return fmt.Errorf("encode properties: %w", err)
	}
	if len(b) > maxImportProperties {
		return fault.Field(fault.InvalidField, "properties", "the record's properties take %d bytes as JSON, more than the %d (%d KiB) a record may hold", len(b), maxImportProperties, maxImportProperties>>10)
	}
	return nil
}
