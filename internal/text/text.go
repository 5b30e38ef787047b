package text

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// The kinds of error Check returns. Test for them with errors.Is; the
// message alone is what a user should read.
var (
	// ErrNotUTF8: the text holds bytes that are not UTF-8.
	ErrNotUTF8 = errors.New("text is not valid UTF-8")
	// ErrCharacter: the text holds a character it may not (a control
	// character, a line separator, an invisible format character).
	ErrCharacter = errors.New("text holds a character it may not")
)

type textError struct {
	kind error
	msg  string
}

func (e *textError) Error() string { return e.msg }
func (e *textError) Unwrap() error { return e.kind }

// Check reports whether s may be stored as text a person wrote: valid
// UTF-8, no control character (but line feeds, carriage returns and tabs
// where multiline), no line or paragraph separator, and no invisible format
// character but the few that scripts need (see the package comment). The
// error says which character is refused and where ("character 4 is U+202E
// RIGHT-TO-LEFT OVERRIDE, …"), without repeating the text.
//
// It runs on every value of a bulk import: it does not allocate unless it
// returns an error.
func Check(s string, multiline bool) error {
	n := 0 // characters before i
	for i := 0; i < len(s); n++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				if multiline && (c == '\n' || c == '\r' || c == '\t') {
					i++
					continue
				}
				return refused(n+1, rune(c), multiline)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return &textError{kind: ErrNotUTF8, msg: fmt.Sprintf("character %d is a byte that is not UTF-8 text", n+1)}
		}
		if !allowed(r) {
			return refused(n+1, r, multiline)
		}
		i += size
	}
	return nil
}

// allowed reports whether a character beyond ASCII may appear in text.
func allowed(r rune) bool {
	switch r {
	case 0x200B, 0x200C, 0x200D, // zero width space, non-joiner, joiner
		0x200E, 0x200F, 0x061C, // left-to-right, right-to-left and Arabic letter marks
		0x180E: // Mongolian vowel separator
		return true
	case 0x2028, 0x2029: // line and paragraph separators
		return false
	}
	// C1 controls (U+0080–U+009F) are Cc; everything below U+00AD else is
	// a letter, a mark, a digit, a symbol or a space.
	if r < 0xAD {
		return !unicode.IsControl(r)
	}
	return !unicode.Is(unicode.Cf, r)
}

// names are the refused characters a user is most likely to meet, named so
// that the error says what to look for.
var names = map[rune]string{
	0x00AD: "SOFT HYPHEN",
	0x202A: "LEFT-TO-RIGHT EMBEDDING",
	0x202B: "RIGHT-TO-LEFT EMBEDDING",
	0x202C: "POP DIRECTIONAL FORMATTING",
	0x202D: "LEFT-TO-RIGHT OVERRIDE",
	0x202E: "RIGHT-TO-LEFT OVERRIDE",
	0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE",
	0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE",
	0x2060: "WORD JOINER",
	0x2028: "LINE SEPARATOR",
	0x2029: "PARAGRAPH SEPARATOR",
	0xFEFF: "ZERO WIDTH NO-BREAK SPACE (byte-order mark)",
}

// bidiControl reports whether r is an explicit bidirectional embedding,
// override or isolate, or the character that ends one.
func bidiControl(r rune) bool {
	return 0x202A <= r && r <= 0x202E || 0x2066 <= r && r <= 0x2069
}

func refused(pos int, r rune, multiline bool) error {
	name := fmt.Sprintf("U+%04X", r)
	if n, ok := names[r]; ok {
		name += " " + n
	}
	var why string
	switch {
	case r == 0x2028 || r == 0x2029:
		why = "a line separator no text here may hold"
		if multiline {
			why += "; break lines with a line feed"
		}
	case unicode.IsControl(r):
		why = "a control character"
		if multiline {
			why += "; only line breaks and tabs may be used"
		}
	case bidiControl(r):
		why = "an invisible character that changes the order in which the text around it is shown"
	default:
		why = "an invisible formatting character that can hide text or make equal names differ"
	}
	return &textError{kind: ErrCharacter, msg: fmt.Sprintf("character %d is %s, %s", pos, name, why)}
}

// SpreadsheetCell returns s as the cell of a CSV file that a spreadsheet
// shows as the text it is. A spreadsheet runs a cell that begins with '=',
// '+', '-' or '@' as a formula, and some do so after a leading tab or
// carriage return; such a cell gets a single quote before it, the OWASP
// rule against CSV injection. Any other cell is returned as it is.
//
// The quote stays part of the cell for any other reader: an import takes
// it as text, so a writer whose files are imported again must not make
// cells that start so.
func SpreadsheetCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
