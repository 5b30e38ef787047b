package records

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/jsonfast"
)

// fastLine decodes the common shape of an NDJSON import line without
// reflection: an object of the known fields, strings without \u escapes,
// properties as arrays of strings. It gives up (ok false) on anything else,
// and the line is decoded by decodeJSONLine, which also explains what is
// wrong; so whenever it succeeds its result is the one encoding/json gives
// (FuzzFastLine checks it). names interns property names.
func fastLine(line []byte, names map[string]string) (n NewRecord, ok bool) {
	d := fastDecoder{Decoder: jsonfast.Decoder{B: line}, names: names}
	var seen jsonfast.Fields
	if !d.Object(func(field []byte) bool {
		switch string(field) {
		case "key":
			return seen.Once(0) && d.Str(&n.Key)
		case "schema":
			return seen.Once(1) && d.Str(&n.Schema)
		case "properties":
			return seen.Once(2) && d.properties(&n.Properties)
		case "restrictions":
			return seen.Once(3) && d.restrictions(&n.Restrictions)
		case "review_at":
			return seen.Once(4) && d.time(&n.ReviewAt)
		}
		return false
	}) {
		return NewRecord{}, false
	}
	return n, d.End()
}

type fastDecoder struct {
	jsonfast.Decoder
	names map[string]string
}

func (d *fastDecoder) properties(out *map[string][]string) bool {
	props := make(map[string][]string, 12)
	ok := d.Object(func(name []byte) bool {
		n, known := d.names[string(name)]
		if !known {
			n = string(name)
		}
		if _, dup := props[n]; dup {
			return false
		}
		var vals []string
		if !d.Strings(&vals) {
			return false
		}
		props[n] = vals
		return true
	})
	*out = props
	return ok
}

func (d *fastDecoder) restrictions(out **access.Restrictions) bool {
	if d.Null() {
		return true
	}
	var r access.Restrictions
	var seen jsonfast.Fields
	ok := d.Object(func(name []byte) bool {
		switch string(name) {
		case "countries":
			return seen.Once(0) && d.Strings(&r.Countries)
		case "excluded_countries":
			return seen.Once(1) && d.Strings(&r.ExcludedCountries)
		case "unit_kinds":
			var kinds []string
			if !seen.Once(2) || !d.Strings(&kinds) {
				return false
			}
			r.UnitKinds = make([]access.UnitKind, len(kinds))
			for i, k := range kinds {
				r.UnitKinds[i] = access.UnitKind(k)
			}
			return true
		case "ncb_only":
			return seen.Once(3) && d.Bool(&r.NCBOnly)
		}
		return false
	})
	*out = &r
	return ok
}

// time reads a time as encoding/json does (time.Time's UnmarshalJSON).
func (d *fastDecoder) time(out **time.Time) bool {
	if d.Null() {
		return true
	}
	d.Space()
	start := d.I
	if _, ok := d.Raw(); !ok {
		return false
	}
	var t time.Time
	if t.UnmarshalJSON(d.B[start:d.I]) != nil {
		return false
	}
	*out = &t
	return true
}

// encodeProperties encodes props as json.Marshal does (keys sorted, values
// in order), without reflection when no value needs escaping. Properties
// longer than maxImportProperties so encoded are refused.
func (imp *importer) encodeProperties(s *Schema, props map[string][]string) (string, error) {
	order, ok := imp.sorted[s]
	if !ok {
		for _, p := range s.Properties {
			order = append(order, p.Name)
		}
		slices.Sort(order)
		if imp.sorted == nil {
			imp.sorted = map[*Schema][]string{}
		}
		imp.sorted[s] = order
	}
	b, err := appendProperties(imp.encoded[:0], props, order)
	imp.encoded = b
	if cap(b) > 2*maxImportProperties {
		imp.encoded = nil // not kept for the whole import
	}
	if err != nil {
		return "", err
	}
	if len(b) > maxImportProperties {
		return "", fault.Field(fault.InvalidField, "properties",
			"the record's properties take %d bytes as JSON, more than the %d (%d KiB) a record may hold", len(b), maxImportProperties, maxImportProperties>>10)
	}
	return string(b), nil
}

// appendProperties appends the JSON of props; order is their names sorted,
// and may hold names props does not.
func appendProperties(b []byte, props map[string][]string, order []string) ([]byte, error) {
	b = append(b, '{')
	first := true
	for _, k := range order {
		vs, ok := props[k]
		if !ok {
			continue
		}
		if needsEscape(k) {
			return marshal(b[:0], props)
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = append(b, k...)
		b = append(b, `":`...)
		if vs == nil {
			b = append(b, "null"...)
			continue
		}
		b = append(b, '[')
		for j, v := range vs {
			if needsEscape(v) {
				return marshal(b[:0], props)
			}
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, v...)
			b = append(b, '"')
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

func marshal(b []byte, v any) ([]byte, error) {
	j, err := json.Marshal(v)
	if err != nil {
		return b, fmt.Errorf("encode properties: %w", err)
	}
	return append(b, j...), nil
}

// needsEscape reports whether json.Marshal writes s other than as it is:
// quotes, backslashes, control and HTML characters, line and paragraph
// separators, invalid UTF-8.
func needsEscape(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return true
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return !ascii && (!utf8.ValidString(s) || strings.Contains(s, "\u2028") || strings.Contains(s, "\u2029"))
}

// encodeRestrictions encodes r as json.Marshal does.
func encodeRestrictions(r access.Restrictions) (string, error) {
	if r.Countries == nil && r.ExcludedCountries == nil && !r.NCBOnly && r.UnitKinds == nil {
		return "{}", nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("encode restrictions: %w", err)
	}
	return string(b), nil
}
