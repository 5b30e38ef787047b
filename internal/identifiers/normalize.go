package identifiers

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizeIdentifier returns the exact-match key of a document number,
// serial number, VIN, plate or similar identifier: the characters A-Z and 0-9
// it contains, in order, after
//
//   - upper-casing;
//   - removing what is only presentation: white space, dashes, dots, slashes,
//     the MRZ filler '<', soft hyphens and zero-width characters;
//   - folding what has one obvious ASCII reading: Latin letters with
//     diacritics (Latin-1 and Latin Extended-A: "É" → "E", "Ł" → "L"; letters
//     that would become two, like "Æ" or "ß", are not folded), full-width
//     forms ("１２Ａ" → "12A"), Arabic-Indic digits, and the Cyrillic and
//     Greek capitals that registration plates share with Latin ones ("А", "В",
//     "Е", "К", … as written on Russian, Ukrainian, Bulgarian and Greek
//     plates), with their small forms, which are what a keyboard set to
//     Cyrillic or Greek types for the same key.
//
// Every other character is dropped: identifiers are Latin letters and digits
// by standard, so anything else is noise. Use ValidDocumentNumber (or the
// other Valid functions) to refuse such input instead of keying it.
//
// The result is idempotent (normalising it again changes nothing). An input
// that is already a key is returned as it is, without allocating: that is
// the common case at a border desk reading an MRZ.
func NormalizeIdentifier(s string) string {
	return fold(s, false)
}

// NormalizePlate returns the exact-match key of a vehicle registration
// plate. It is NormalizeIdentifier: plates differ by country in layout
// (spaces, dashes, dots, the seal between the district and the number), never
// in the letters and digits, and Cyrillic and Greek plate letters fold to the
// Latin ones they are chosen to look like. A plate is unique only within its
// country: index it together with the country code.
func NormalizePlate(s string) string {
	return fold(s, false)
}

// LookalikeKey returns a weaker second key that also matches identifiers
// misread or mistyped with a look-alike character: NormalizeIdentifier, then
// O and Q become 0, and I and L become 1.
//
// Only these confusions are folded, because each one widens every lookup:
//   - O/0 and I/1 are the classic reading errors of people and OCR alike;
//   - Q is folded with O because ISO 3779 bans I, O and Q from VINs for
//     exactly this reason: they read as 1 and 0;
//   - L stands for the lower-case l that NormalizeIdentifier upper-cased,
//     which people read and type for 1 and I.
//
// Others that OCR sometimes confuses (S/5, B/8, Z/2, G/6) are left out: the
// OCR-B font of the MRZ is designed to keep them apart, and folding them
// would turn a key that narrows a search into one that returns strangers. A
// match on this key alone is a candidate for a person to confirm, never a hit.
func LookalikeKey(s string) string {
	return fold(s, true)
}

// fold is NormalizeIdentifier, and LookalikeKey when lookalike is set.
func fold(s string, lookalike bool) string {
	if isKey(s, lookalike) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s)) // each character folds to at most one byte
	for i := 0; i < len(s); {
		c, class, _, size := foldChar(s[i:])
		i += size
		if class != charKept {
			continue
		}
		if lookalike {
			c = lookalikeOf(c)
		}
		b.WriteByte(c)
	}
	return b.String()
}

// isKey reports whether s is already what fold would return.
func isKey(s string, lookalike bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') {
			if lookalike && lookalikeOf(c) != c {
				return false
			}
			continue
		}
		return false
	}
	return true
}

func lookalikeOf(c byte) byte {
	switch c {
	case 'O', 'Q':
		return '0'
	case 'I', 'L':
		return '1'
	}
	return c
}

// maxDocumentNumber is the longest document number an MRZ can carry: a TD1
// card puts 9 characters in the document number field and continues in its
// 15-character optional data field, which must still hold the check digit
// and a filler after them (Doc 9303 Part 5): 9 + 13.
const maxDocumentNumber = 22

// ValidDocumentNumber checks a travel or identity document number as a
// bureau enters it: after normalisation (case, spaces, dashes, dots, slashes
// and '<' do not count) it must be 1 to 22 characters from A-Z and 0-9, the
// ICAO 9303 character set. A character NormalizeIdentifier would drop as
// noise is refused here, so that a record is not stored under a key its
// owner did not mean.
func ValidDocumentNumber(s string) error {
	kept := 0
	for i := 0; i < len(s); {
		_, class, r, size := foldChar(s[i:])
		if class == charForeign {
			return newError(ErrFormat,
				"character %d is %s; a document number holds only letters A-Z and digits 0-9",
				charPosition(s, i), quoteChar(r))
		}
		if class == charKept {
			kept++
		}
		i += size
	}
	switch {
	case kept == 0:
		return newError(ErrFormat, "the document number is empty")
	case kept > maxDocumentNumber:
		return newError(ErrFormat,
			"a document number has at most %d letters and digits, this one has %d", maxDocumentNumber, kept)
	}
	return nil
}

// charClass is what an identifier makes of one character.
type charClass uint8

const (
	charForeign charClass = iota // has no place in an identifier
	charKept                     // stands for one of A-Z, 0-9
	charIgnored                  // presentation only: a separator, filler or invisible mark
)

// foldChar reads the first character of s (which must not be empty) and
// returns the A-Z/0-9 byte it stands for, its class, the character itself
// and its length in bytes.
func foldChar(s string) (b byte, class charClass, r rune, size int) {
	c := s[0]
	if c < utf8.RuneSelf {
		switch {
		case ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9'):
			return c, charKept, rune(c), 1
		case 'a' <= c && c <= 'z':
			return c - ('a' - 'A'), charKept, rune(c), 1
		}
		switch c {
		case ' ', '\t', '\n', '\v', '\f', '\r', '-', '.', '/', '<':
			return 0, charIgnored, rune(c), 1
		}
		return 0, charForeign, rune(c), 1
	}
	r, size = utf8.DecodeRuneInString(s)
	b, class = foldRune(r)
	return b, class, r, size
}

// Folds of U+00C0-U+00FF and U+0100-U+017F to the capital of their base
// letter; '_' marks characters with no one-letter reading (Æ, ß, Œ, ×, …).
const (
	latin1Fold = "AAAAAA_CEEEEIIII" + "DNOOOOO_OUUUUY__" +
		"AAAAAA_CEEEEIIII" + "DNOOOOO_OUUUUY_Y"
	latinExtendedAFold = "AAAAAACCCCCCCCDD" + "DDEEEEEEEEEEGGGG" +
		"GGGGHHHHIIIIIIII" + "II__JJKK_LLLLLLL" +
		"LLLNNNNNN___OOOO" + "OO__RRRRRRSSSSSS" +
		"SSTTTTTTUUUUUUUU" + "UUUUWWYYYZZZZZZ_"
)

// foldRune is foldChar for a character outside ASCII.
func foldRune(r rune) (byte, charClass) {
	switch {
	case 0xC0 <= r && r <= 0xFF:
		return fromTable(latin1Fold[r-0xC0])
	case 0x100 <= r && r <= 0x17F:
		return fromTable(latinExtendedAFold[r-0x100])
	case 0x300 <= r && r <= 0x36F:
		// Combining diacritical marks: decomposed input ("E" + U+0301)
		// keeps its base letter, like the precomposed "É".
		return 0, charIgnored
	case 0xFF10 <= r && r <= 0xFF19:
		return byte('0' + r - 0xFF10), charKept
	case 0xFF21 <= r && r <= 0xFF3A:
		return byte('A' + r - 0xFF21), charKept
	case 0xFF41 <= r && r <= 0xFF5A:
		return byte('A' + r - 0xFF41), charKept
	case 0x660 <= r && r <= 0x669: // Arabic-Indic digits
		return byte('0' + r - 0x660), charKept
	case 0x6F0 <= r && r <= 0x6F9: // Extended Arabic-Indic (Persian, Urdu) digits
		return byte('0' + r - 0x6F0), charKept
	}
	if c := plateLetter(r); c != 0 {
		return c, charKept
	}
	switch r {
	case 0x00AD, // soft hyphen
		0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, // zero-width characters
		0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, // dashes, minus
		0xFE58, 0xFE63, 0xFF0D, // small and full-width dashes
		0xFF0E, 0x3002, // full-width and ideographic full stops
		0xFF0F, 0x2044, 0x2215, // full-width, fraction and division slashes
		0xFF1C: // full-width '<'
		return 0, charIgnored
	}
	if unicode.IsSpace(r) {
		return 0, charIgnored
	}
	return 0, charForeign
}

func fromTable(c byte) (byte, charClass) {
	if c == '_' {
		return 0, charForeign
	}
	return c, charKept
}

// plateLetter folds the Cyrillic and Greek letters that registration plates
// share with Latin capitals (the only letters Russian, Ukrainian, Bulgarian
// and Greek plates use, chosen so that foreign readers see Latin ones), and
// Cyrillic Ё as E like Ë, to those capitals; it returns 0 for any other
// character.
func plateLetter(r rune) byte {
	switch r {
	case '\u0410', '\u0430', '\u0391', '\u03B1': // Cyrillic А а, Greek Α α
		return 'A'
	case '\u0412', '\u0432', '\u0392', '\u03B2': // В в, Β β
		return 'B'
	case '\u0421', '\u0441': // С с
		return 'C'
	case '\u0415', '\u0435', '\u0401', '\u0451', '\u0395', '\u03B5': // Е е Ё ё, Ε ε
		return 'E'
	case '\u041D', '\u043D', '\u0397', '\u03B7': // Н н, Η η
		return 'H'
	case '\u0406', '\u0456', '\u0399', '\u03B9': // І і, Ι ι
		return 'I'
	case '\u041A', '\u043A', '\u039A', '\u03BA': // К к, Κ κ
		return 'K'
	case '\u041C', '\u043C', '\u039C', '\u03BC': // М м, Μ μ
		return 'M'
	case '\u039D', '\u03BD': // Ν ν
		return 'N'
	case '\u041E', '\u043E', '\u039F', '\u03BF': // О о, Ο ο
		return 'O'
	case '\u0420', '\u0440', '\u03A1', '\u03C1': // Р р, Ρ ρ
		return 'P'
	case '\u0422', '\u0442', '\u03A4', '\u03C4': // Т т, Τ τ
		return 'T'
	case '\u0425', '\u0445', '\u03A7', '\u03C7': // Х х, Χ χ
		return 'X'
	case '\u0423', '\u0443', '\u03A5', '\u03C5': // У у, Υ υ
		return 'Y'
	case '\u0396', '\u03B6': // Ζ ζ
		return 'Z'
	}
	return 0
}
