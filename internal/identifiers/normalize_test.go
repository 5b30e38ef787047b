package identifiers

import (
	"errors"
	"testing"
)

func TestNormalizeIdentifier(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"L898902C3", "L898902C3"},
		{"l898902c3", "L898902C3"},
		{" L898 902 C3 ", "L898902C3"},
		{"L898-902-C3", "L898902C3"},
		{"L.898/902.C3", "L898902C3"},
		{"L898902C<<<", "L898902C"},
		{"D23145890<734", "D23145890734"}, // long number across the MRZ filler
		{"L898\t902\r\nC3", "L898902C3"},
		{"L898\u00A0902\u2009C3", "L898902C3"},       // no-break and thin spaces
		{"L898\u2013902\u2014C3\u2212", "L898902C3"}, // en dash, em dash, minus
		{"L898\u00AD902\u200BC3\uFEFF", "L898902C3"}, // soft hyphen, zero-width space, BOM
		{"Ｌ８９８９０２Ｃ３", "L898902C3"},                   // full-width capitals and digits
		{"ｌ８９８－９０２／ｃ３＜", "L898902C3"},                // full-width small letters and separators
		{"L898\u3000902C3", "L898902C3"},             // ideographic space
		{"ÉÈÊËéèêë", "EEEEEEEE"},                     // Latin-1 diacritics
		{"ÇçÑñÅåØøÜüÝýÿ", "CCNNAAOOUUYYY"},           // more Latin-1
		{"ŁłŚśŻżŹźĆćŃńĄąĘęŐőŰűŠšČčŘřĞğİı", "LLSSZZZZCCNNAAEEOOUUSSCCRRGGII"}, // Latin Extended-A
		{"E\u0301", "E"},             // decomposed É
		{"ÆæŒœßÞþ×÷", ""},            // no one-letter reading: dropped
		{"٠١٢٣٤٥٦٧٨٩", "0123456789"}, // Arabic-Indic digits
		{"۰۱۲۳۴۵۶۷۸۹", "0123456789"}, // Extended Arabic-Indic digits
		{"А123ВС77", "A123BC77"},     // Russian plate typed in Cyrillic
		{"а123вс77", "A123BC77"},     // ... with the keyboard in small letters
		{"ΙΚΒ-1234", "IKB1234"},      // Greek plate
		{"Д123", "123"},              // a Cyrillic letter no plate uses is dropped
		{"AB#12_3*", "AB123"},        // other punctuation is dropped
		{"漢字123", "123"},
		{"AB\xff\xfe12", "AB12"}, // bytes that are not UTF-8
		{"", ""},
		{"<<<---   ", ""},
	} {
		if got := NormalizeIdentifier(tc.in); got != tc.want {
			t.Errorf("NormalizeIdentifier(%q) = %q; want %q", tc.in, got, tc.want)
		}
		if got := NormalizePlate(tc.in); got != tc.want {
			t.Errorf("NormalizePlate(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// Numbers written the ways bureaus write them must all meet on one key.
func TestNormalizeIdentifierMeetsOnOneKey(t *testing.T) {
	for _, group := range [][]string{
		{"L898902C3", "l898902c3", "L 898 902 C3", "L898-902-C3", "L898902C3<<<<", "Ｌ８９８９０２Ｃ３"},
		{"AB-123-CD", "ab 123 cd", "AB.123.CD", "АВ 123 СD"}, // the last with Cyrillic А В С
		{"X 1234 Y", "x-1234-y", "Χ1234Υ"},                   // the last in Greek
	} {
		want := NormalizeIdentifier(group[0])
		for _, in := range group[1:] {
			if got := NormalizeIdentifier(in); got != want {
				t.Errorf("NormalizeIdentifier(%q) = %q; want %q like %q", in, got, want, group[0])
			}
		}
	}
}

func TestLookalikeKey(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"L898902C3", "1898902C3"},
		{"1898902C3", "1898902C3"},
		{"l898902c3", "1898902C3"},
		{"AB0123", "AB0123"},
		{"ABO123", "AB0123"},
		{"ABQ123", "AB0123"},
		{"ABI123", "AB1123"},
		{"ABl123", "AB1123"},
		{"abo-i23", "AB0123"},
		{"АВО123", "AB0123"},     // Cyrillic А В О
		{"S5B8Z2G6", "S5B8Z2G6"}, // confusions deliberately not folded
		{"", ""},
	} {
		if got := LookalikeKey(tc.in); got != tc.want {
			t.Errorf("LookalikeKey(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
	// The second key joins what the first keeps apart, and only that.
	if NormalizeIdentifier("D0123") == NormalizeIdentifier("DO123") {
		t.Error("the exact key confuses 0 and O")
	}
	if LookalikeKey("D0123") != LookalikeKey("DO123") {
		t.Error("the look-alike key does not join 0 and O")
	}
	if LookalikeKey("D0123") == LookalikeKey("D8123") {
		t.Error("the look-alike key joins 0 and 8")
	}
}

func TestValidDocumentNumber(t *testing.T) {
	for _, tc := range []struct {
		in      string
		message string // "" when valid
	}{
		{"L898902C3", ""},
		{"l898 902-c3", ""},
		{"L898902C<<<", ""},
		{"D23145890734", ""},
		{"Ｌ８９８９０２Ｃ３", ""},
		{"A", ""},
		{"1234567890123456789012", ""},
		{"12345-67890-12345-67890-12", ""},
		{"", "the document number is empty"},
		{"<<< - ", "the document number is empty"},
		{"12345678901234567890123", "a document number has at most 22 letters and digits, this one has 23"},
		{"L898#902C3", "character 5 is '#'; a document number holds only letters A-Z and digits 0-9"},
		{"L898_902C3", "character 5 is '_'; a document number holds only letters A-Z and digits 0-9"},
		{"ÉL89Д", "character 5 is 'Д'; a document number holds only letters A-Z and digits 0-9"},
		{"L898ß", "character 5 is 'ß'; a document number holds only letters A-Z and digits 0-9"},
		{"L8\x00", "character 3 is '\\x00'; a document number holds only letters A-Z and digits 0-9"},
		{"L8\xff", "character 3 is a byte that is not UTF-8 text; a document number holds only letters A-Z and digits 0-9"},
	} {
		err := ValidDocumentNumber(tc.in)
		switch {
		case tc.message == "" && err != nil:
			t.Errorf("ValidDocumentNumber(%q) = %v; want nil", tc.in, err)
		case tc.message != "" && (!errors.Is(err, ErrFormat) || err.Error() != tc.message):
			t.Errorf("ValidDocumentNumber(%q) = %v; want ErrFormat %q", tc.in, err, tc.message)
		}
	}
}

func TestFoldTablesCoverTheirBlocks(t *testing.T) {
	if len(latin1Fold) != 0x100-0xC0 {
		t.Errorf("latin1Fold has %d entries; want %d", len(latin1Fold), 0x100-0xC0)
	}
	if len(latinExtendedAFold) != 0x180-0x100 {
		t.Errorf("latinExtendedAFold has %d entries; want %d", len(latinExtendedAFold), 0x180-0x100)
	}
	// Spot checks at both ends of each table and at its rows.
	for r, want := range map[rune]string{
		'À': "A", 'Ï': "I", 'Ð': "D", 'ß': "", 'à': "A", 'ÿ': "Y",
		'Ā': "A", 'ď': "D", 'Đ': "D", 'ğ': "G", 'Ġ': "G", 'į': "I",
		'İ': "I", 'Ŀ': "L", 'ŀ': "L", 'ŏ': "O", 'Ő': "O", 'ş': "S",
		'Š': "S", 'ů': "U", 'Ű': "U", 'ž': "Z", 'ſ': "",
	} {
		if got := NormalizeIdentifier(string(r)); got != want {
			t.Errorf("NormalizeIdentifier(%q) = %q; want %q", r, got, want)
		}
	}
}

// The hot path of a border check: keys that are already keys cost nothing.
func TestNormalisedInputDoesNotAllocate(t *testing.T) {
	var sink string
	var sinkErr error
	var sinkByte byte
	for name, f := range map[string]func(){
		"NormalizeIdentifier": func() { sink = NormalizeIdentifier("L898902C3") },
		"LookalikeKey":        func() { sink = LookalikeKey("D23145890") },
		"ICAOCheckDigit":      func() { sinkByte, sinkErr = ICAOCheckDigit("L898902C3") },
		"ValidDocumentNumber": func() { sinkErr = ValidDocumentNumber("L898 902-C3") },
		"ValidVINCheckDigit":  func() { sinkErr = ValidVINCheckDigit("1M8GDM9AXKP042788") },
		"CheckVIN":            func() { sinkErr = CheckVIN("WVWZZZ1JZXW000001") },
		"Overlaps": func() {
			if !(PartialDate{Year: 1980}).Overlaps(PartialDate{1980, 7, 14}) {
				sinkErr = ErrInvalidDate
			}
		},
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s allocates %v times per call; want 0", name, n)
		}
	}
	_, _, _ = sink, sinkErr, sinkByte
}
