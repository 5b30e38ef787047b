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
)

// fastLine decodes the common shape of an NDJSON import line without
// reflection: an object of the known fields, strings without escapes,
// properties as arrays of strings. It gives up (ok false) on anything else,
// and the line is decoded by decodeJSONLine, which also explains what is
// wrong; so whenever it succeeds its result is the one encoding/json gives
// (FuzzFastLine checks it). names interns property names.
func fastLine(line []byte, names map[string]string) (n NewRecord, ok bool) {
	d := fastDecoder{b: line, names: names}
	if !d.object(func(field []byte) bool {
		switch string(field) {
		case "key":
			return !d.seen(1) && d.str(&n.Key)
		case "schema":
			return !d.seen(2) && d.str(&n.Schema)
		case "properties":
			return !d.seen(4) && d.properties(&n.Properties)
		case "restrictions":
			return !d.seen(8) && d.restrictions(&n.Restrictions)
		case "review_at":
			return !d.seen(16) && d.time(&n.ReviewAt)
		}
		return false
	}) {
		return NewRecord{}, false
	}
	d.space()
	return n, d.i == len(d.b)
}

type fastDecoder struct {
	b      []byte
	i      int
	fields uint8 // top-level fields seen
	names  map[string]string
}

// seen reports whether the field of bit f came before, and marks it.
func (d *fastDecoder) seen(f uint8) bool {
	was := d.fields&f != 0
	d.fields |= f
	return was
}

func (d *fastDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// consume skips spaces and then c, if it is there.
func (d *fastDecoder) consume(c byte) bool {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// null consumes a null.
func (d *fastDecoder) null() bool {
	d.space()
	if len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// raw returns the bytes of a string without escapes or control characters,
// in valid UTF-8.
func (d *fastDecoder) raw() ([]byte, bool) {
	if !d.consume('"') {
		return nil, false
	}
	start := d.i
	ascii := true
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			s := d.b[start:d.i]
			d.i++
			return s, ascii || utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
		d.i++
	}
	return nil, false
}

func (d *fastDecoder) str(out *string) bool {
	s, ok := d.raw()
	*out = string(s)
	return ok
}

// object reads {"name": value, …}, calling member for each name; member
// reads the value.
func (d *fastDecoder) object(member func(name []byte) bool) bool {
	if !d.consume('{') {
		return false
	}
	if d.consume('}') {
		return true
	}
	for {
		name, ok := d.raw()
		if !ok || !d.consume(':') || !member(name) {
			return false
		}
		if d.consume('}') {
			return true
		}
		if !d.consume(',') {
			return false
		}
	}
}

// strings reads an array of strings (never null).
func (d *fastDecoder) strings(out *[]string) bool {
	if !d.consume('[') {
		return false
	}
	vals := make([]string, 0, 1)
	if !d.consume(']') {
		for {
			var v string
			if !d.str(&v) {
				return false
			}
			vals = append(vals, v)
			if d.consume(']') {
				break
			}
			if !d.consume(',') {
				return false
			}
		}
	}
	*out = vals
	return true
}

func (d *fastDecoder) properties(out *map[string][]string) bool {
	props := make(map[string][]string, 12)
	ok := d.object(func(name []byte) bool {
		n, known := d.names[string(name)]
		if !known {
			n = string(name)
		}
		if _, dup := props[n]; dup {
			return false
		}
		var vals []string
		if !d.strings(&vals) {
			return false
		}
		props[n] = vals
		return true
	})
	*out = props
	return ok
}

func (d *fastDecoder) restrictions(out **access.Restrictions) bool {
	if d.null() {
		return true
	}
	var r access.Restrictions
	var seen uint8
	once := func(f uint8) bool {
		was := seen&f != 0
		seen |= f
		return !was
	}
	ok := d.object(func(name []byte) bool {
		switch string(name) {
		case "countries":
			return once(1) && d.strings(&r.Countries)
		case "excluded_countries":
			return once(2) && d.strings(&r.ExcludedCountries)
		case "unit_kinds":
			var kinds []string
			if !once(4) || !d.strings(&kinds) {
				return false
			}
			r.UnitKinds = make([]access.UnitKind, len(kinds))
			for i, k := range kinds {
				r.UnitKinds[i] = access.UnitKind(k)
			}
			return true
		case "ncb_only":
			if !once(8) {
				return false
			}
			d.space()
			switch {
			case len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "true":
				r.NCBOnly, d.i = true, d.i+4
			case len(d.b)-d.i >= 5 && string(d.b[d.i:d.i+5]) == "false":
				d.i += 5
			default:
				return false
			}
			return true
		}
		return false
	})
	*out = &r
	return ok
}

// time reads a time as encoding/json does (time.Time's UnmarshalJSON).
func (d *fastDecoder) time(out **time.Time) bool {
	if d.null() {
		return true
	}
	d.space()
	start := d.i
	if _, ok := d.raw(); !ok {
		return false
	}
	var t time.Time
	if t.UnmarshalJSON(d.b[start:d.i]) != nil {
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
