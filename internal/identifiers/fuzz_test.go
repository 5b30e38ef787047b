package identifiers

import (
	"errors"
	"testing"
	"unicode/utf8"
)

var identifierSeeds = []string{
	"L898902C3", "l898 902-c3", "D23145890<734", "Ｌ８９８９０２Ｃ３", "А123ВС77",
	"ΙΚΒ-1234", "ÉŁß", "E\u0301", "AB\xff12", "", "<<<", "٠١٢", "IMO 9074729",
}

func isKeyAlphabet(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('A' <= c && c <= 'Z') && !('0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

func FuzzNormalizeIdentifier(f *testing.F) {
	for _, s := range identifierSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key := NormalizeIdentifier(s)
		if !isKeyAlphabet(key) {
			t.Fatalf("NormalizeIdentifier(%q) = %q holds characters outside A-Z0-9", s, key)
		}
		if again := NormalizeIdentifier(key); again != key {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, key, again)
		}
		if utf8.RuneCountInString(s) < len(key) {
			t.Fatalf("NormalizeIdentifier(%q) = %q is longer than its input", s, key)
		}
		if NormalizePlate(s) != key {
			t.Fatalf("NormalizePlate(%q) differs from NormalizeIdentifier", s)
		}
		// A number the validator accepts is keyed by what it holds.
		if ValidDocumentNumber(s) == nil && (len(key) == 0 || len(key) > maxDocumentNumber) {
			t.Fatalf("ValidDocumentNumber(%q) accepts key %q", s, key)
		}
	})
}

func FuzzLookalikeKey(f *testing.F) {
	for _, s := range identifierSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key := LookalikeKey(s)
		if !isKeyAlphabet(key) {
			t.Fatalf("LookalikeKey(%q) = %q holds characters outside A-Z0-9", s, key)
		}
		if again := LookalikeKey(key); again != key {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, key, again)
		}
		if via := LookalikeKey(NormalizeIdentifier(s)); via != key {
			t.Fatalf("LookalikeKey(NormalizeIdentifier(%q)) = %q; LookalikeKey = %q", s, via, key)
		}
		if len(key) != len(NormalizeIdentifier(s)) {
			t.Fatalf("LookalikeKey(%q) = %q does not map the exact key character for character", s, key)
		}
	})
}

func FuzzParsePartialDate(f *testing.F) {
	for _, s := range []string{"1980", "1980-07", "1980-07-14", "2000-02-29", "1900-02-29", "1980-00-01", " 1980", "80", "１９８０"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParsePartialDate(s)
		if err != nil {
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrInvalidDate) {
				t.Fatalf("ParsePartialDate(%q): error of no known kind: %v", s, err)
			}
			if d != (PartialDate{}) {
				t.Fatalf("ParsePartialDate(%q) returned %+v with its error", s, d)
			}
			return
		}
		if got := d.String(); got != s {
			t.Fatalf("ParsePartialDate(%q).String() = %q", s, got)
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("ParsePartialDate(%q) = %+v, which does not validate: %v", s, d, err)
		}
		first, last := d.Range()
		if last.Before(first) || !d.Overlaps(d) {
			t.Fatalf("%s has an empty range %v..%v", s, first, last)
		}
	})
}

func FuzzICAOCheckDigit(f *testing.F) {
	for _, s := range []string{"L898902C3", "740812", "<<<", "", "l898", "AB\xff", "É"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		digit, err := ICAOCheckDigit(s)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("ICAOCheckDigit(%q): error of no known kind: %v", s, err)
			}
			return
		}
		if digit < '0' || digit > '9' {
			t.Fatalf("ICAOCheckDigit(%q) = %q", s, digit)
		}
		if !ValidICAOCheck(s, digit) {
			t.Fatalf("ValidICAOCheck(%q, %q) = false", s, digit)
		}
	})
}

func FuzzNormalizeIMO(f *testing.F) {
	for _, s := range []string{"IMO 9074729", "9074729", "imo-9074728", "IMO", "", "IMO#1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		canonical, err := NormalizeIMO(s)
		if err != nil {
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrCheckDigit) {
				t.Fatalf("NormalizeIMO(%q): error of no known kind: %v", s, err)
			}
			return
		}
		if again, err := NormalizeIMO(canonical); err != nil || again != canonical {
			t.Fatalf("NormalizeIMO(%q) = %q, which normalises to %q, %v", s, canonical, again, err)
		}
	})
}
