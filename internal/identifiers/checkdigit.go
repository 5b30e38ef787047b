package identifiers

import (
	"unicode/utf8"
)

// ICAOCheckDigit computes the ICAO 9303 (Part 3, 4.9) check digit of an MRZ
// field: each character is valued 0-9 for digits, 10-35 for A-Z and 0 for the
// '<' filler, weighted 7, 3, 1, 7, 3, 1, … from the left; the check digit is
// the sum modulo 10, returned as '0'..'9'.
//
// The field is taken exactly as the MRZ prints it: capitals, digits and '<'
// only, so a lower-case letter or a space is an error, not something to fold.
// The empty field has check digit '0', like a field of fillers.
//
// This runs on every document a border desk reads; it does not allocate
// unless it returns an error.
func ICAOCheckDigit(s string) (byte, error) {
	sum := 0
	weight := 7
	for i := 0; i < len(s); i++ {
		c := s[i]
		var v int
		switch {
		case '0' <= c && c <= '9':
			v = int(c - '0')
		case 'A' <= c && c <= 'Z':
			v = int(c-'A') + 10
		case c == '<':
			v = 0
		default:
			r, _ := utf8.DecodeRuneInString(s[i:])
			return 0, newError(ErrFormat,
				"character %d is %s; an MRZ field holds only A-Z, 0-9 and '<'",
				charPosition(s, i), quoteChar(r))
		}
		sum += v * weight
		switch weight {
		case 7:
			weight = 3
		case 3:
			weight = 1
		default:
			weight = 7
		}
	}
	return byte('0' + sum%10), nil
}

// ValidICAOCheck reports whether digit is the ICAO 9303 check digit of field.
// A field made only of fillers may also carry '<' as its check digit: Doc
// 9303 Part 4 allows it for an unused personal number.
func ValidICAOCheck(field string, digit byte) bool {
	return CheckICAODigit(field, digit) == nil
}

// CheckICAODigit is ValidICAOCheck with the reason: an ErrFormat error if
// field holds a character an MRZ field cannot, an ErrCheckDigit one ("check
// digit is 6, the field says 5") if digit is not its check digit.
func CheckICAODigit(field string, digit byte) error {
	want, err := ICAOCheckDigit(field)
	if err != nil {
		return err
	}
	if digit == want || (digit == '<' && onlyFillers(field)) {
		return nil
	}
	return newError(ErrCheckDigit, "check digit is %c, the field says %s", want, quoteDigit(digit))
}

// quoteDigit writes a check digit read from a document as it is when it is
// a printable ASCII character, and quoted otherwise.
func quoteDigit(c byte) string {
	switch {
	case '!' <= c && c <= '~':
		return string(rune(c))
	case c >= utf8.RuneSelf:
		return "a character that is not a digit"
	}
	return quoteChar(rune(c))
}

func onlyFillers(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			return false
		}
	}
	return true
}

// vinLength is the length of every VIN since ISO 3779 (1981).
const vinLength = 17

// ValidVIN checks that vin has the structure ISO 3779 gives every VIN: 17
// characters, capital letters and digits, never I, O or Q (the standard bans
// them because they read as 1 and 0). It does not check the position-9 check
// digit, which only some markets require: see ValidVINCheckDigit.
//
// Normalise first (NormalizeIdentifier) to accept VINs typed in lower case or
// with spaces.
func ValidVIN(vin string) error {
	if n := utf8.RuneCountInString(vin); n != vinLength {
		return newError(ErrFormat, "a VIN has %d characters, this one has %d", vinLength, n)
	}
	for i := 0; i < len(vin); i++ {
		c := vin[i]
		if _, ok := vinValue(c); ok {
			continue
		}
		r, _ := utf8.DecodeRuneInString(vin[i:])
		switch c {
		case 'I', 'O', 'Q':
			return newError(ErrFormat,
				"character %d is %s; VINs never use I, O or Q (they read as 1 and 0)",
				charPosition(vin, i), quoteChar(r))
		}
		return newError(ErrFormat,
			"character %d is %s; a VIN holds only capital letters and digits",
			charPosition(vin, i), quoteChar(r))
	}
	return nil
}

// VINCheckDigit computes the check digit that belongs in position 9 of a VIN
// under 49 CFR 565.15 (the North American rule ISO 3779 leaves optional):
// letters are transliterated (A-H = 1-8, J-N = 1-5, P = 7, R = 9, S-Z = 2-9),
// multiplied by the position weights 8 7 6 5 4 3 2 10 · 9 8 7 6 5 4 3 2, and
// the sum taken modulo 11; a remainder of 10 is written 'X'. The character in
// position 9 itself does not count. vin must pass ValidVIN.
func VINCheckDigit(vin string) (byte, error) {
	if err := ValidVIN(vin); err != nil {
		return 0, err
	}
	// Weights by position; position 9 (index 8) is the check digit itself.
	weights := [vinLength]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i := 0; i < vinLength; i++ {
		v, _ := vinValue(vin[i])
		sum += v * weights[i]
	}
	if r := sum % 11; r != 10 {
		return byte('0' + r), nil
	}
	return 'X', nil
}

// ValidVINCheckDigit checks position 9 of vin against VINCheckDigit. The rule
// is mandatory for manufacturers of North America and China, not in Europe,
// where position 9 is often a letter or a fixed filler: CheckVIN asks for it
// where the manufacturer's region (VINCheckDigitRegion) applies it.
func ValidVINCheckDigit(vin string) error {
	want, err := VINCheckDigit(vin)
	if err != nil {
		return err
	}
	got := vin[8]
	if got == want {
		return nil
	}
	if got != 'X' && (got < '0' || got > '9') {
		return newError(ErrCheckDigit,
			"position 9 is %s, not a check digit (0-9 or X): this VIN does not follow the North American check-digit rule",
			quoteChar(rune(got)))
	}
	return newError(ErrCheckDigit, "check digit is %c, the VIN says %c", want, got)
}

// VINCheckDigitRegion names the region of vin's manufacturer when that
// region's rules make position 9 a check digit, and returns "" otherwise.
//
// The region is read from the world manufacturer identifier (WMI, the first
// three characters) as ISO 3780 allots it, by its first character: 1 to 5
// are North America, where 49 CFR 565.15 (United States), CMVSS 115
// (Canada) and NOM-131-SCFI (Mexico) require the check digit; L is China,
// where GB 16735 requires it. Every other region (Europe S to Z, Asia but
// China, Africa, Oceania, South America) leaves position 9 to the
// manufacturer: a European VIN with a letter or a "wrong" digit there is
// well formed. It is the manufacturer that counts, not the country where
// the vehicle is registered or reported stolen: a VIN keeps its WMI for
// life, across borders.
//
// vin should pass ValidVIN; a shorter string names no region.
func VINCheckDigitRegion(vin string) string {
	if len(vin) < 3 {
		return ""
	}
	switch c := vin[0]; {
	case '1' <= c && c <= '5':
		return "North America"
	case c == 'L':
		return "China"
	}
	return ""
}

// VINCheckDigitRequired reports whether position 9 of vin must be its check
// digit: whether its manufacturer's region (VINCheckDigitRegion) requires it.
func VINCheckDigitRequired(vin string) bool {
	return VINCheckDigitRegion(vin) != ""
}

// CheckVIN checks vin as its manufacturer's region requires: the structure
// of every VIN (ValidVIN) and, where VINCheckDigitRequired, the check digit
// in position 9, the error then naming the region and the WMI ("check digit
// is X, the VIN says 1; position 9 is the check digit in every VIN of a
// manufacturer of North America (WMI 1M8)").
func CheckVIN(vin string) error {
	want, err := VINCheckDigit(vin)
	if err != nil {
		return err
	}
	region := VINCheckDigitRegion(vin)
	got := vin[8]
	if region == "" || got == want {
		return nil
	}
	if got != 'X' && (got < '0' || got > '9') {
		return newError(ErrCheckDigit,
			"position 9 is %s, not a check digit (0-9 or X), which every VIN of a manufacturer of %s (WMI %s) carries there",
			quoteChar(rune(got)), region, vin[:3])
	}
	return newError(ErrCheckDigit,
		"check digit is %c, the VIN says %c; position 9 is the check digit in every VIN of a manufacturer of %s (WMI %s)",
		want, got, region, vin[:3])
}

// vinValue is the value 49 CFR 565.15 gives a VIN character, and false for a
// character no VIN holds.
func vinValue(c byte) (int, bool) {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0'), true
	case 'A' <= c && c <= 'H':
		return int(c-'A') + 1, true
	case 'J' <= c && c <= 'N':
		return int(c-'J') + 1, true
	case c == 'P':
		return 7, true
	case c == 'R':
		return 9, true
	case 'S' <= c && c <= 'Z':
		return int(c-'S') + 2, true
	}
	return 0, false
}

// imoDigits is the length of an IMO ship identification number.
const imoDigits = 7

// NormalizeIMO checks an IMO ship identification number and returns it in
// its canonical form, "IMO" followed by the seven digits. It accepts the
// number with or without the "IMO" prefix, in any case, with spaces or dashes
// ("IMO 9074729", "imo-9074729", "9074729"). The seventh digit must be the
// check digit of the IMO ship identification number scheme: the sum of the
// first six digits weighted 7, 6, 5, 4, 3, 2, modulo 10.
func NormalizeIMO(s string) (string, error) {
	// "IMO" and the digits go to a fixed buffer: a valid number costs one
	// allocation, the result.
	var buf [3 + imoDigits + 1]byte
	n := 0
	for i := 0; i < len(s); {
		c, class, r, size := foldChar(s[i:])
		switch class {
		case charForeign:
			return "", newError(ErrFormat,
				"character %d is %s; an IMO number is \"IMO\" and 7 digits", charPosition(s, i), quoteChar(r))
		case charKept:
			if n == len(buf) {
				return "", newError(ErrFormat, "an IMO number is \"IMO\" and 7 digits; this one is longer")
			}
			buf[n] = c
			n++
		}
		i += size
	}
	digits := buf[:n]
	if n >= 3 && string(buf[:3]) == "IMO" {
		digits = buf[3:n]
	}
	for i, c := range digits {
		if c < '0' || c > '9' {
			return "", newError(ErrFormat,
				"an IMO number is \"IMO\" and 7 digits; found %s among the digits (digit %d)", quoteChar(rune(c)), i+1)
		}
	}
	if len(digits) != imoDigits {
		return "", newError(ErrFormat, "an IMO number has %d digits, this one has %d", imoDigits, len(digits))
	}
	sum := 0
	for i := 0; i < imoDigits-1; i++ {
		sum += int(digits[i]-'0') * (imoDigits - i)
	}
	if want := byte('0' + sum%10); digits[imoDigits-1] != want {
		return "", newError(ErrCheckDigit, "check digit is %c, the IMO number says %c", want, digits[imoDigits-1])
	}
	var canonical [3 + imoDigits]byte
	copy(canonical[:], "IMO")
	copy(canonical[3:], digits)
	return string(canonical[:]), nil
}

// ValidIMO checks an IMO ship identification number as NormalizeIMO does.
func ValidIMO(s string) error {
	_, err := NormalizeIMO(s)
	return err
}
