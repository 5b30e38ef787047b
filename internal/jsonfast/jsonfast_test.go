package jsonfast

import (
	"encoding/json"
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
		{`["a\"b"]`, nil, false},
		{`["a",]`, nil, false},
		{`["a"] x`, []string{"a"}, false},
		{"[\"\xff\"]", nil, false},
	} {
		d := Decoder{B: []byte(tc.in)}
		var got []string
		ok := d.Strings(&got) && d.End()
		if ok != tc.ok || ok && len(got) != len(tc.want) {
			t.Errorf("%s: %q %v, want %q %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	var seen Fields
	if !seen.Once(3) || seen.Once(3) || !seen.Once(63) {
		t.Error("Fields.Once does not tell a field read twice")
	}
}
