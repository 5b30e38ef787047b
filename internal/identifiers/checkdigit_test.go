package identifiers

import (
	"errors"
	"strings"
	"testing"
)

// Check digits printed on the ICAO Doc 9303 specimens (Parts 3 to 7 and 11;
// see ../shared/data/mrz-specimens.txt) and in its worked examples.
func TestICAOCheckDigitOfSpecimens(t *testing.T) {
	for _, tc := range []struct {
		field string
		want  byte
	}{
		{"L898902C3", '6'},      // TD3 passport: document number
		{"740812", '2'},         // birth date
		{"120415", '9'},         // expiry date
		{"ZE184226B<<<<<", '1'}, // personal number
		{"L898902C3674081221204159ZE184226B<<<<<1", '0'}, // TD3 composite
		{"L898902C<", '3'}, // older TD3 specimen: 8-character number
		{"690806", '1'},    // its birth date
		{"940623", '6'},    // its expiry date
		{"L898902C<369080619406236ZE184226B<<<<<1", '4'}, // its composite
		{"D23145890", '7'}, // TD1 card
		{"D231458907<<<<<<<<<<<<<<<74081221204159<<<<<<<<<<<", '6'}, // TD1 composite
		{"D23145890774081221204159<<<<<<<", '6'},                    // TD2 composite
		{"D23145890734", '9'},                                       // long document number
		{"L8988901C", '4'},                                          // MRV visa number
		{"400907", '8'},                                             // visa birth date
		{"961210", '9'},                                             // visa expiry date
		{"520727", '3'},                                             // Part 3 worked example
		{"AB2134<<<", '5'},                                          // Part 3 worked example
		{"HA672242<658022549601086<<<<<<<<<<<<<<0", '8'},            // Part 3 worked example
		{"", '0'},
		{"<<<<<<<<<<<<<<", '0'},
	} {
		got, err := ICAOCheckDigit(tc.field)
		if err != nil || got != tc.want {
			t.Errorf("ICAOCheckDigit(%q) = %q, %v; want %q", tc.field, got, err, tc.want)
		}
	}
}

func TestICAOCheckDigitRefusesWhatAnMRZCannotHold(t *testing.T) {
	for _, tc := range []struct {
		field, message string
	}{
		{"l898902C3", "character 1 is 'l'; an MRZ field holds only A-Z, 0-9 and '<'"},
		{"L898 902C3", "character 5 is ' '; an MRZ field holds only A-Z, 0-9 and '<'"},
		{"ÉL898", "character 1 is 'É'; an MRZ field holds only A-Z, 0-9 and '<'"},
		{"L898902C3\n", "character 10 is '\\n'; an MRZ field holds only A-Z, 0-9 and '<'"},
		{"AB\xff", "character 3 is a byte that is not UTF-8 text; an MRZ field holds only A-Z, 0-9 and '<'"},
	} {
		_, err := ICAOCheckDigit(tc.field)
		if !errors.Is(err, ErrFormat) || err.Error() != tc.message {
			t.Errorf("ICAOCheckDigit(%q) error = %v; want ErrFormat %q", tc.field, err, tc.message)
		}
	}
}

func TestCheckICAODigit(t *testing.T) {
	for _, tc := range []struct {
		field   string
		digit   byte
		wantErr error
		message string
	}{
		{"L898902C3", '6', nil, ""},
		{"L898902C3", '5', ErrCheckDigit, "check digit is 6, the field says 5"},
		{"L898902C3", '<', ErrCheckDigit, "check digit is 6, the field says <"},
		{"L898902C3", 0, ErrCheckDigit, "check digit is 6, the field says '\\x00'"},
		{"740813", '2', ErrCheckDigit, "check digit is 3, the field says 2"}, // one digit misread
		{"<<<<<<<<<<<<<<", '<', nil, ""},                                     // unused personal number
		{"<<<<<<<<<<<<<<", '0', nil, ""},
		{"<<<<<<<<<<<<<<", '1', ErrCheckDigit, "check digit is 0, the field says 1"},
		{"74o812", '2', ErrFormat, "character 3 is 'o'; an MRZ field holds only A-Z, 0-9 and '<'"},
	} {
		err := CheckICAODigit(tc.field, tc.digit)
		if !errors.Is(err, tc.wantErr) || (err != nil && err.Error() != tc.message) {
			t.Errorf("CheckICAODigit(%q, %q) = %v; want %v %q", tc.field, tc.digit, err, tc.wantErr, tc.message)
		}
		if ok := ValidICAOCheck(tc.field, tc.digit); ok != (tc.wantErr == nil) {
			t.Errorf("ValidICAOCheck(%q, %q) = %v", tc.field, tc.digit, ok)
		}
	}
}

// A single misread character always changes the check digit: that is what
// the 7-3-1 weights are for. Checked over every position of the specimen.
func TestICAOCheckDigitCatchesEverySingleSubstitution(t *testing.T) {
	const field = "L898902C3"
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
	for i := range field {
		for _, c := range alphabet {
			typo := field[:i] + string(c) + field[i+1:]
			if typo == field {
				continue
			}
			// The weights 7, 3 and 1 are prime to 10, so only values
			// ten apart ('0' and 'A', '<' and '0') escape: the
			// standard's known blind spot.
			if d := icaoValueDifference(field[i], byte(c)); d%10 == 0 {
				continue
			}
			if ValidICAOCheck(typo, '6') {
				t.Errorf("%q passes with the check digit of %q", typo, field)
			}
		}
	}
}

// icaoValueDifference is the difference of the values two MRZ characters
// carry in the check digit.
func icaoValueDifference(a, b byte) int {
	value := func(c byte) int {
		switch {
		case '0' <= c && c <= '9':
			return int(c - '0')
		case 'A' <= c && c <= 'Z':
			return int(c-'A') + 10
		}
		return 0
	}
	return value(a) - value(b)
}

func TestVIN(t *testing.T) {
	for _, tc := range []struct {
		vin       string
		digit     byte  // VINCheckDigit; 0 when the VIN is malformed
		structure error // ValidVIN
		check     error // ValidVINCheckDigit
		message   string
	}{
		// The worked example of 49 CFR 565 and Wikipedia, and well-known
		// valid VINs.
		{"1M8GDM9AXKP042788", 'X', nil, nil, ""},
		{"11111111111111111", '1', nil, nil, ""},
		{"1HGCM82633A004352", '3', nil, nil, ""},
		{"JH4KA7561PC008269", '1', nil, nil, ""},
		{"1HGBH41JXMN109186", 'X', nil, nil, ""},
		// One character changed.
		{"1M8GDM9A1KP042788", 'X', nil, ErrCheckDigit, "check digit is X, the VIN says 1"},
		{"1M8GDM9AXKP042789", '1', nil, ErrCheckDigit, "check digit is 1, the VIN says X"},
		{"11111111111111112", '3', nil, ErrCheckDigit, "check digit is 3, the VIN says 1"},
		{"1HGCM82643A004352", '3', nil, ErrCheckDigit, "check digit is 3, the VIN says 4"},
		// A European VIN: well formed, but position 9 is no check digit.
		{"WP0ZZZ99ZTS392124", '8', nil, ErrCheckDigit,
			"position 9 is 'Z', not a check digit (0-9 or X): this VIN does not follow the North American check-digit rule"},
		// Malformed.
		{"1M8GDM9AXKP04278", 0, ErrFormat, ErrFormat, "a VIN has 17 characters, this one has 16"},
		{"1M8GDM9AXKP0427880", 0, ErrFormat, ErrFormat, "a VIN has 17 characters, this one has 18"},
		{"", 0, ErrFormat, ErrFormat, "a VIN has 17 characters, this one has 0"},
		{"1M8GDM9AXKPO42788", 0, ErrFormat, ErrFormat, "character 12 is 'O'; VINs never use I, O or Q (they read as 1 and 0)"},
		{"IM8GDM9AXKP042788", 0, ErrFormat, ErrFormat, "character 1 is 'I'; VINs never use I, O or Q (they read as 1 and 0)"},
		{"1M8GDM9AXKP04278Q", 0, ErrFormat, ErrFormat, "character 17 is 'Q'; VINs never use I, O or Q (they read as 1 and 0)"},
		{"1m8gdm9axkp042788", 0, ErrFormat, ErrFormat, "character 2 is 'm'; a VIN holds only capital letters and digits"},
		{"1M8GDM9AXKP 42788", 0, ErrFormat, ErrFormat, "character 12 is ' '; a VIN holds only capital letters and digits"},
		{"1M8GDM9AXKP04278É", 0, ErrFormat, ErrFormat, "character 17 is 'É'; a VIN holds only capital letters and digits"},
	} {
		if err := ValidVIN(tc.vin); !errors.Is(err, tc.structure) || (tc.structure != nil && err.Error() != tc.message) {
			t.Errorf("ValidVIN(%q) = %v; want %v", tc.vin, err, tc.structure)
		}
		digit, err := VINCheckDigit(tc.vin)
		if digit != tc.digit || (err == nil) != (tc.structure == nil) {
			t.Errorf("VINCheckDigit(%q) = %q, %v; want %q", tc.vin, digit, err, tc.digit)
		}
		err = ValidVINCheckDigit(tc.vin)
		if !errors.Is(err, tc.check) || (err != nil && err.Error() != tc.message) {
			t.Errorf("ValidVINCheckDigit(%q) = %v; want %v %q", tc.vin, err, tc.check, tc.message)
		}
	}
}

// The transliteration table of 49 CFR 565.15, spelled out.
func TestVINTransliteration(t *testing.T) {
	const letters = "ABCDEFGH" + "JKLMNPR" + "STUVWXYZ"
	const values = "12345678" + "1234579" + "23456789"
	for i := range letters {
		got, ok := vinValue(letters[i])
		if !ok || got != int(values[i]-'0') {
			t.Errorf("vinValue(%q) = %d, %v; want %c", letters[i], got, ok, values[i])
		}
	}
	for _, c := range []byte("IOQ<-a ") {
		if _, ok := vinValue(c); ok {
			t.Errorf("vinValue(%q) accepted", c)
		}
	}
}

func TestIMO(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		wantErr  error
		message  string
	}{
		{"IMO 9074729", "IMO9074729", nil, ""},
		{"IMO9074729", "IMO9074729", nil, ""},
		{"9074729", "IMO9074729", nil, ""},
		{"imo-9074729", "IMO9074729", nil, ""},
		{" IMO 907 4729 ", "IMO9074729", nil, ""},
		{"IMO９０７４７２９", "IMO9074729", nil, ""},  // full-width digits
		{"IMO 9811000", "IMO9811000", nil, ""}, // Ever Given
		{"IMO 9241061", "IMO9241061", nil, ""}, // Queen Mary 2
		{"IMO 9074728", "", ErrCheckDigit, "check digit is 9, the IMO number says 8"},
		{"9074792", "", ErrCheckDigit, "check digit is 3, the IMO number says 2"}, // swapped digits
		{"IMO 907472", "", ErrFormat, "an IMO number has 7 digits, this one has 6"},
		{"IMO 90747290", "", ErrFormat, "an IMO number has 7 digits, this one has 8"},
		{"IMO 907472900000", "", ErrFormat, "an IMO number is \"IMO\" and 7 digits; this one is longer"},
		{"", "", ErrFormat, "an IMO number has 7 digits, this one has 0"},
		{"IMO", "", ErrFormat, "an IMO number has 7 digits, this one has 0"},
		{"IMO 9O74729", "", ErrFormat, "an IMO number is \"IMO\" and 7 digits; found 'O' among the digits (digit 2)"},
		{"MMSI 9074729", "", ErrFormat, "an IMO number is \"IMO\" and 7 digits; found 'M' among the digits (digit 1)"},
		{"IMO#9074729", "", ErrFormat, "character 4 is '#'; an IMO number is \"IMO\" and 7 digits"},
	} {
		got, err := NormalizeIMO(tc.in)
		if got != tc.want || !errors.Is(err, tc.wantErr) || (err != nil && err.Error() != tc.message) {
			t.Errorf("NormalizeIMO(%q) = %q, %v; want %q, %v %q", tc.in, got, err, tc.want, tc.wantErr, tc.message)
		}
		if err := ValidIMO(tc.in); !errors.Is(err, tc.wantErr) {
			t.Errorf("ValidIMO(%q) = %v; want %v", tc.in, err, tc.wantErr)
		}
	}
}

// Errors never repeat the identifier they are about: they go to logs.
func TestErrorsDoNotRepeatTheIdentifier(t *testing.T) {
	errs := map[string]error{
		"1M8GDM9A1KP042788": ValidVINCheckDigit("1M8GDM9A1KP042788"),
		"9074728":           ValidIMO("IMO 9074728"),
		"L898902C3":         CheckICAODigit("L898902C3", '5'),
		"L8989#02C3":        ValidDocumentNumber("L8989#02C3"),
	}
	for id, err := range errs {
		if err == nil || strings.Contains(err.Error(), id) {
			t.Errorf("error for %s: %v", id, err)
		}
	}
}
