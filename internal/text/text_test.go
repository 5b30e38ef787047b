package text

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name      string
		s         string
		multiline bool
		want      error  // nil, ErrNotUTF8 or ErrCharacter
		message   string // when refused
	}{
		{"plain", "Jean-Paul Martin", false, nil, ""},
		{"empty", "", false, nil, ""},
		{"accents and scripts", "Müller Иванов 王伟 محمد Ελένη कुमार", false, nil, ""},
		{"Persian with a non-joiner", "می\u200cخواهم", false, nil, ""},
		{"Devanagari with a joiner", "क्\u200dष", false, nil, ""},
		{"emoji sequence with joiners", "👩\u200d👩\u200d👧", false, nil, ""},
		{"Hebrew with a right-to-left mark", "מספר\u200f 12345", false, nil, ""},
		{"Latin with a left-to-right mark", "passport\u200e 12AB34567 מספר", false, nil, ""},
		{"Arabic letter mark", "رقم\u061c 123", false, nil, ""},
		{"Khmer with a zero width space", "ប្រទេស\u200bកម្ពុជា", false, nil, ""},
		{"Mongolian vowel separator", "ᠲᠡᠷᠡ\u180eᠭᠡ", false, nil, ""},
		{"line breaks in multiline text", "line one\r\nline two\tend", true, nil, ""},

		{"not UTF-8", "abc\xff", false, ErrNotUTF8, "character 4 is a byte that is not UTF-8 text"},
		{"truncated UTF-8", "é\xc3", false, ErrNotUTF8, "character 2 is a byte that is not UTF-8 text"},
		{"bell", "a\x07b", false, ErrCharacter, "character 2 is U+0007, a control character"},
		{"line feed in one line", "a\nb", false, ErrCharacter, "character 2 is U+000A, a control character"},
		{"tab in one line", "a\tb", false, ErrCharacter, "character 2 is U+0009, a control character"},
		{"escape in multiline text", "a\n\x1b[2J", true, ErrCharacter, "character 3 is U+001B, a control character; only line breaks and tabs may be used"},
		{"delete", "a\x7f", false, ErrCharacter, "character 2 is U+007F, a control character"},
		{"C1 control", "a\u0085b", true, ErrCharacter, "character 2 is U+0085, a control character; only line breaks and tabs may be used"},
		{"right-to-left override", "invoice\u202efdp.exe", false, ErrCharacter,
			"character 8 is U+202E RIGHT-TO-LEFT OVERRIDE, an invisible character that changes the order in which the text around it is shown"},
		{"left-to-right override", "é\u202d", false, ErrCharacter,
			"character 2 is U+202D LEFT-TO-RIGHT OVERRIDE, an invisible character that changes the order in which the text around it is shown"},
		{"left-to-right embedding", "\u202aabc", false, ErrCharacter,
			"character 1 is U+202A LEFT-TO-RIGHT EMBEDDING, an invisible character that changes the order in which the text around it is shown"},
		{"right-to-left embedding", "a\u202b", false, ErrCharacter,
			"character 2 is U+202B RIGHT-TO-LEFT EMBEDDING, an invisible character that changes the order in which the text around it is shown"},
		{"pop directional formatting", "a\u202c", false, ErrCharacter,
			"character 2 is U+202C POP DIRECTIONAL FORMATTING, an invisible character that changes the order in which the text around it is shown"},
		{"isolates", "a\u2066b\u2069", true, ErrCharacter,
			"character 2 is U+2066 LEFT-TO-RIGHT ISOLATE, an invisible character that changes the order in which the text around it is shown"},
		{"right-to-left isolate", "\u2067", false, ErrCharacter,
			"character 1 is U+2067 RIGHT-TO-LEFT ISOLATE, an invisible character that changes the order in which the text around it is shown"},
		{"first strong isolate", "\u2068", false, ErrCharacter,
			"character 1 is U+2068 FIRST STRONG ISOLATE, an invisible character that changes the order in which the text around it is shown"},
		{"pop directional isolate", "\u2069", false, ErrCharacter,
			"character 1 is U+2069 POP DIRECTIONAL ISOLATE, an invisible character that changes the order in which the text around it is shown"},
		{"soft hyphen", "Iva\u00adnov", false, ErrCharacter,
			"character 4 is U+00AD SOFT HYPHEN, an invisible formatting character that can hide text or make equal names differ"},
		{"word joiner", "Ivan\u2060ov", false, ErrCharacter,
			"character 5 is U+2060 WORD JOINER, an invisible formatting character that can hide text or make equal names differ"},
		{"invisible times", "a\u2062b", false, ErrCharacter,
			"character 2 is U+2062, an invisible formatting character that can hide text or make equal names differ"},
		{"invisible plus", "a\u2064", false, ErrCharacter,
			"character 2 is U+2064, an invisible formatting character that can hide text or make equal names differ"},
		{"byte-order mark inside", "ab\ufeffc", false, ErrCharacter,
			"character 3 is U+FEFF ZERO WIDTH NO-BREAK SPACE (byte-order mark), an invisible formatting character that can hide text or make equal names differ"},
		{"deprecated format character", "a\u206ab", false, ErrCharacter,
			"character 2 is U+206A, an invisible formatting character that can hide text or make equal names differ"},
		{"interlinear annotation", "a\ufff9hidden\ufffbb", false, ErrCharacter,
			"character 2 is U+FFF9, an invisible formatting character that can hide text or make equal names differ"},
		{"tag characters spelling hidden ASCII", "ok\U000E0069\U000E0067", true, ErrCharacter,
			"character 3 is U+E0069, an invisible formatting character that can hide text or make equal names differ"},
		{"Arabic number sign", "\u0600123", false, ErrCharacter,
			"character 1 is U+0600, an invisible formatting character that can hide text or make equal names differ"},
		{"line separator", "a\u2028b", false, ErrCharacter, "character 2 is U+2028 LINE SEPARATOR, a line separator no text here may hold"},
		{"paragraph separator in multiline text", "a\u2029b", true, ErrCharacter,
			"character 2 is U+2029 PARAGRAPH SEPARATOR, a line separator no text here may hold; break lines with a line feed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.s, tc.multiline)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Check(%q) = %v; want nil", tc.s, err)
				}
				return
			}
			if !errors.Is(err, tc.want) || err.Error() != tc.message {
				t.Fatalf("Check(%q) = %v\nwant %v: %s", tc.s, err, tc.want, tc.message)
			}
		})
	}
}

// TestCheckFollowsTheCategories holds the rule to its statement over every
// character: refused are the controls (but line breaks and tabs in
// multiline text), the two separators and the format characters but seven.
func TestCheckFollowsTheCategories(t *testing.T) {
	kept := map[rune]bool{0x200B: true, 0x200C: true, 0x200D: true, 0x200E: true, 0x200F: true, 0x061C: true, 0x180E: true}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if 0xD800 <= r && r <= 0xDFFF {
			continue // surrogates are not UTF-8
		}
		wantRefused := unicode.IsControl(r) || r == 0x2028 || r == 0x2029 || (unicode.Is(unicode.Cf, r) && !kept[r])
		multiline := r == '\n' || r == '\r' || r == '\t'
		s := "a" + string(r) + "b"
		if got := Check(s, false) != nil; got != wantRefused {
			t.Fatalf("Check(%U, false) refused = %v; want %v", r, got, wantRefused)
		}
		if got := Check(s, true) != nil; got != (wantRefused && !multiline) {
			t.Fatalf("Check(%U, true) refused = %v; want %v", r, got, wantRefused && !multiline)
		}
	}
}

func TestCheckDoesNotAllocate(t *testing.T) {
	s := strings.Repeat("Jean-Paul Müller Иванов 王伟 می\u200cخواهم ", 20)
	if n := testing.AllocsPerRun(100, func() { _ = Check(s, true) }); n != 0 {
		t.Fatalf("Check allocates %v times", n)
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "abc", "a\u202eb", "\xff", "می\u200cخواهم", "a\nb"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		// The first character the reference refuses decides the error.
		var want error
		for i, r := range s {
			if r == utf8.RuneError {
				if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
					want = ErrNotUTF8
					break
				}
			}
			if multiline && (r == '\n' || r == '\r' || r == '\t') {
				continue
			}
			if !allowedReference(r) {
				want = ErrCharacter
				break
			}
		}
		err := Check(s, multiline)
		if (want == nil) != (err == nil) || (want != nil && !errors.Is(err, want)) {
			t.Fatalf("Check(%q, %v) = %v; want %v", s, multiline, err, want)
		}
	})
}

// allowedReference is the rule in its plainest form.
func allowedReference(r rune) bool {
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x180E:
		return true
	}
	return !unicode.IsControl(r) && r != 0x2028 && r != 0x2029 && !unicode.Is(unicode.Cf, r)
}

func TestSpreadsheetCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Martin", "Martin"},
		{"12AB34567", "12AB34567"},
		{"1980-07-01", "1980-07-01"},
		{"=1+1", "'=1+1"},
		{"=HYPERLINK(\"http://x.example\",\"click\")", "'=HYPERLINK(\"http://x.example\",\"click\")"},
		{"+33 1 23 45 67 89", "'+33 1 23 45 67 89"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{" =1+1", " =1+1"}, // a leading space makes it text already
		{"a=b", "a=b"},
		{"'quoted", "'quoted"},
	} {
		if got := SpreadsheetCell(tc.in); got != tc.want {
			t.Errorf("SpreadsheetCell(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}
