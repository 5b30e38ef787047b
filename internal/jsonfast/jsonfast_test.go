package jsonfast

import (
	"encoding/json"
	"slices"
	"testing"
)

// FuzzPlain: a string Plain lets through is written by encoding/json as it
// is, between quotes.
func FuzzPlain(f *testing.F) {
	for _, s := range []string{"", "FRA", "border-control", "a<b", "x&y", `q"`, `b\`, "\n", "é", "\u2028", "\x7f", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !Plain(s) {
			return
		}
		b, err := json.Marshal(s)
		if err != nil || string(b) != `"`+s+`"` {
			t.Fatalf("%q is plain, encoding/json writes %s (%v)", s, b, err)
		}
	})
}

// The decoder reads the subset it knows and gives up on the rest.
func TestDecoder(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		ok   bool
	}{
		{` [ "a" , "b" ] `, []string{"a", "b"}, true},
		{`[]`, []string{}, true},
		{`["a\"b", "l1\nl2"]`, []string{"a\"b", "l1\nl2"}, true},
		{`["\u00e9"]`, nil, false},
		{`["a\x"]`, nil, false},
		{`["a",]`, nil, false},
		{`["a"] x`, []string{"a"}, false},
		{"[\"\xff\"]", nil, false},
	} {
		d := Decoder{B: []byte(tc.in)}
		var got []string
		ok := d.Strings(&got) && d.End()
		if ok != tc.ok || ok && !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q %v, want %q %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	var seen Fields
	if !seen.Once(3) || seen.Once(3) || !seen.Once(63) {
		t.Error("Fields.Once does not tell a field read twice")
	}
}

// FuzzStr: a string Str takes is the string encoding/json reads.
func FuzzStr(f *testing.F) {
	for _, s := range []string{`"a"`, `"a\nb"`, `"\"\\\/\b\f\n\r\t"`, `"\u0041"`, `"é"`, "\"\xff\"", `"a`, `"\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := Decoder{B: []byte(s)}
		var got string
		if !d.Str(&got) || !d.End() {
			return
		}
		var want string
		if err := json.Unmarshal([]byte(s), &want); err != nil || got != want {
			t.Fatalf("%q: Str read %q, encoding/json %q (%v)", s, got, want, err)
		}
	})
}
