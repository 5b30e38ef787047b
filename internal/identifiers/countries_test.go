package identifiers

import "testing"

func TestICAOSpecialCode(t *testing.T) {
	special := []string{
		"D", "D<<", "GBD", "GBN", "GBO", "GBP", "GBS",
		"EUE", "UNO", "UNA", "UNK",
		"XBA", "XIM", "XCC", "XCE", "XCO", "XEC", "XPO", "XES", "XMP", "XOM", "XDC",
		"XXA", "XXB", "XXC", "XXX",
	}
	for _, code := range special {
		if !ICAOSpecialCode(code) {
			t.Errorf("ICAOSpecialCode(%q) = false", code)
		}
	}
	notSpecial := []string{
		"DEU", "GBR", "FRA", "USA", // ISO 3166 countries
		SpecimenIssuer, "RKS", "ANT", // a specimen, an unendorsed and a withdrawn code
		"", "<<<", "d", "xxa", "XX", "XXAA", "DD", "D<A", "UN", "GB",
	}
	for _, code := range notSpecial {
		if ICAOSpecialCode(code) {
			t.Errorf("ICAOSpecialCode(%q) = true", code)
		}
	}
}

func TestISOCountryForICAO(t *testing.T) {
	for code, want := range map[string]string{
		"D":   "DEU",
		"D<<": "DEU",
		"GBD": "GBR",
		"GBN": "GBR",
		"GBO": "GBR",
		"GBP": "GBR",
		"GBS": "GBR",
		"GBR": "GBR",
		"FRA": "FRA",
		"XPO": "XPO",
		"XXA": "XXA",
		"UTO": "UTO",
	} {
		if got := ISOCountryForICAO(code); got != want {
			t.Errorf("ISOCountryForICAO(%q) = %q; want %q", code, got, want)
		}
	}
}
