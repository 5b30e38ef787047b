// Package jsonfast reads the common shapes of the JSON that hot paths take
// (import lines, checks) without reflection, and tells which strings hot
// paths may write as they are. It reads a strict subset: strings without
// control characters or \u escapes, in valid UTF-8 (names without any
// escape), and whatever else the caller's shape allows; on anything else a read gives
// up (false), and the caller decodes the input with encoding/json, which
// also explains what is wrong. Callers keep a fuzz test that whatever they
// take, encoding/json reads the same.
package jsonfast

import "unicode/utf8"

// Decoder reads from B, at I.
type Decoder struct {
	B []byte
	I int
}

// Space skips white space.
func (d *Decoder) Space() {
	for d.I < len(d.B) {
		switch d.B[d.I] {
		case ' ', '\t', '\n', '\r':
			d.I++
		default:
			return
		}
	}
}

// Consume skips white space and then c, if it is there.
func (d *Decoder) Consume(c byte) bool {
	d.Space()
	if d.I < len(d.B) && d.B[d.I] == c {
		d.I++
		return true
	}
	return false
}

// Literal consumes the literal word (null, true, false), if it is next.
func (d *Decoder) Literal(word string) bool {
	d.Space()
	if len(d.B)-d.I >= len(word) && string(d.B[d.I:d.I+len(word)]) == word {
		d.I += len(word)
		return true
	}
	return false
}

// Null consumes a null.
func (d *Decoder) Null() bool { return d.Literal("null") }

// Bool reads true or false.
func (d *Decoder) Bool(out *bool) bool {
	switch {
	case d.Literal("true"):
		*out = true
	case d.Literal("false"):
		*out = false
	default:
		return false
	}
	return true
}

// Raw returns the bytes of a string without escapes or control characters,
// in valid UTF-8.
func (d *Decoder) Raw() ([]byte, bool) {
	if !d.Consume('"') {
		return nil, false
	}
	start := d.I
	ascii := true
	for d.I < len(d.B) {
		c := d.B[d.I]
		switch {
		case c == '"':
			s := d.B[start:d.I]
			d.I++
			return s, ascii || utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
		d.I++
	}
	return nil, false
}

// Str reads a string. Besides what Raw takes, it reads the one-character
// escapes (\" \\ \/ \b \f \n \r \t: an MRZ's lines come separated by
// \n); it gives up on \u escapes.
func (d *Decoder) Str(out *string) bool {
	if !d.Consume('"') {
		return false
	}
	start := d.I
	ascii := true
	var buf []byte // the string so far, once an escape was met
	for d.I < len(d.B) {
		c := d.B[d.I]
		switch {
		case c == '"':
			if buf == nil {
				s := d.B[start:d.I]
				d.I++
				*out = string(s)
				return ascii || utf8.Valid(s)
			}
			buf = append(buf, d.B[start:d.I]...)
			d.I++
			*out = string(buf)
			return ascii || utf8.Valid(buf)
		case c == '\\':
			if d.I+1 >= len(d.B) {
				return false
			}
			var r byte
			switch d.B[d.I+1] {
			case '"', '\\', '/':
				r = d.B[d.I+1]
			case 'b':
				r = '\b'
			case 'f':
				r = '\f'
			case 'n':
				r = '\n'
			case 'r':
				r = '\r'
			case 't':
				r = '\t'
			default:
				return false
			}
			buf = append(append(buf, d.B[start:d.I]...), r)
			d.I += 2
			start = d.I
			continue
		case c < 0x20:
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
		d.I++
	}
	return false
}

// Object reads {"name": value, …}, calling member for each name; member
// reads the value.
func (d *Decoder) Object(member func(name []byte) bool) bool {
	if !d.Consume('{') {
		return false
	}
	if d.Consume('}') {
		return true
	}
	for {
		name, ok := d.Raw()
		if !ok || !d.Consume(':') || !member(name) {
			return false
		}
		if d.Consume('}') {
			return true
		}
		if !d.Consume(',') {
			return false
		}
	}
}

// Array reads [value, …], calling elem to read each value.
func (d *Decoder) Array(elem func() bool) bool {
	if !d.Consume('[') {
		return false
	}
	if d.Consume(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if d.Consume(']') {
			return true
		}
		if !d.Consume(',') {
			return false
		}
	}
}

// Strings reads an array of strings (never null).
func (d *Decoder) Strings(out *[]string) bool {
	vals := make([]string, 0, 1)
	ok := d.Array(func() bool {
		var v string
		if !d.Str(&v) {
			return false
		}
		vals = append(vals, v)
		return true
	})
	*out = vals
	return ok
}

// End reports whether only white space is left.
func (d *Decoder) End() bool {
	d.Space()
	return d.I == len(d.B)
}

// Fields notes which of up to 64 fields of an object were read, so that a
// field given twice (encoding/json takes the last) gives up.
type Fields uint64

// Once marks field f (0–63) and reports whether it was not seen before; a
// field past 63 is never taken.
func (s *Fields) Once(f uint) bool {
	if f > 63 {
		return false
	}
	was := *s&(1<<f) != 0
	*s |= 1 << f
	return !was
}

// Plain reports whether s is written as it is inside a JSON string by
// encoding/json with its default HTML escaping: no quote, backslash,
// control character, <, > or &, and ASCII only (encoding/json escapes
// some other characters, and invalid UTF-8).
func Plain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}
