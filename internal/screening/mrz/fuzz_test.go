package mrz

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/internal/screening/wire"
)

// checksOf is how many check digits each layout has.
var checksOf = map[Format]int{TD1: 4, TD2: 4, TD3: 5, MRVA: 3, MRVB: 3}

// FuzzParse: whatever the text, Parse does not panic, returns a Result or a
// ParseError naming a place, and a Result is Valid exactly when all its
// checks are OK, reads the same however the text is passed on, and goes
// through JSON unchanged.
func FuzzParse(f *testing.F) {
	for _, s := range validSpecimens {
		f.Add(s)
		f.Add(strings.ToLower(s))
	}
	for _, s := range []string{"", "\n", "P<UTO", "<<<<\n<<<<", "P" + strings.Repeat("<", 87), "É\xff\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r, err := Parse(text, specimenNow)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || r != nil {
				t.Fatalf("Parse(%q) = %v, %v; want a ParseError alone", text, r, err)
			}
			if pe.Line < 1 || pe.Line > maxLines+1 || pe.Position < 1 || pe.Reason == "" {
				t.Fatalf("Parse(%q): %#v names no place", text, pe)
			}
			return
		}
		allOK := true
		for _, c := range r.Checks {
			allOK = allOK && c.OK
			if c.Line < 1 || c.Line > maxLines || c.Position < 1 || c.Position > td3Length {
				t.Fatalf("Parse(%q): check %+v is nowhere", text, c)
			}
		}
		if r.Valid != allOK {
			t.Fatalf("Parse(%q): valid %v, checks %+v", text, r.Valid, r.Checks)
		}
		if want, ok := checksOf[r.Format]; !ok || len(r.Checks) != want {
			t.Fatalf("Parse(%q): format %q with %d checks", text, r.Format, len(r.Checks))
		}
		switch r.Sex {
		case "M", "F", "X", "":
		default:
			t.Fatalf("Parse(%q): sex %q", text, r.Sex)
		}
		encoded, err := json.Marshal(r.Wire())
		if err != nil {
			t.Fatal(err)
		}
		var decoded wire.MRZ
		if err := json.Unmarshal(encoded, &decoded); err != nil {
			t.Fatal(err)
		}
		if again, _ := json.Marshal(&decoded); string(again) != string(encoded) {
			t.Fatalf("JSON does not go round: %s, then %s", encoded, again)
		}
		lower, err := Parse(strings.ToLower(strings.ReplaceAll(text, "\n", "\r\n")), specimenNow)
		if err != nil {
			t.Fatalf("Parse(%q) reads, its lower-case CRLF form does not: %v", text, err)
		}
		if got, _ := json.Marshal(lower.Wire()); string(got) != string(encoded) {
			t.Fatalf("Parse(%q) = %s; lower case with CRLF: %s", text, encoded, got)
		}
	})
}

// covered lists, per layout, the runs of characters some check digit
// covers (check digits included), 0-based as in layout.go.
var covered = map[Format][]field{
	TD1:  {{0, 5, 30}, {1, 0, 7}, {1, 8, 15}, {1, 18, 30}},
	TD2:  {{1, 0, 10}, {1, 13, 20}, {1, 21, 36}},
	TD3:  {{1, 0, 10}, {1, 13, 20}, {1, 21, 44}},
	MRVA: {{1, 0, 10}, {1, 13, 20}, {1, 21, 28}},
	MRVB: {{1, 0, 10}, {1, 13, 20}, {1, 21, 28}},
}

// value is what Doc 9303 counts a character as in a check digit.
func value(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10
	}
	return 0
}

// FuzzOneCharacterChanged: one character of a valid specimen changed for
// another MRZ character still reads (unless it is the document code), and
// where a check digit covers it, the MRZ is no longer valid, unless the two
// characters' values differ by a multiple of 10, the blind spot of the 7-3-1
// weights modulo 10.
func FuzzOneCharacterChanged(f *testing.F) {
	f.Add(uint8(0), uint8(1), uint8(15), byte('3'))
	f.Add(uint8(2), uint8(0), uint8(14), byte('1'))
	f.Add(uint8(3), uint8(1), uint8(30), byte('<'))
	f.Fuzz(func(t *testing.T, which, line, at uint8, c byte) {
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '<') {
			return
		}
		text := validSpecimens[int(which)%len(validSpecimens)]
		base := mustParse(t, text, specimenNow)
		lines := strings.Split(text, "\n")
		l := int(line) % len(lines)
		p := int(at) % len(lines[l])
		orig := lines[l][p]
		changed := withChar(text, l+1, p+1, c)
		r, err := Parse(changed, specimenNow)
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) && l == 0 && p == 0 && pe.Line == 1 && pe.Position == 1 {
				return // the document code now names no layout
			}
			t.Fatalf("%q → %q: %v", text, changed, err)
		}
		if r.Format != base.Format || c == orig || (value(c)-value(orig))%10 == 0 {
			return
		}
		for _, f := range covered[base.Format] {
			if f.line == l && f.from <= p && p < f.to && r.Valid {
				t.Fatalf("line %d position %d %c → %c: still valid", l+1, p+1, orig, c)
			}
		}
	})
}
