package identifiers

import (
	"errors"
	"strings"
	"testing"
)

// The manufacturer's region, read from the WMI, decides whether position 9
// is a check digit: never the country a vehicle is registered in.
func TestCheckVIN(t *testing.T) {
	for _, tc := range []struct {
		name    string
		vin     string
		region  string // VINCheckDigitRegion
		want    error  // CheckVIN
		message string
	}{
		// North America, WMIs 1 to 5: the check digit is required.
		{"United States, worked example of 49 CFR 565", "1M8GDM9AXKP042788", "North America", nil, ""},
		{"United States, Honda", "1HGCM82633A004352", "North America", nil, ""},
		{"Canada", "2HGFG12638H500000", "North America", nil, ""},
		{"Mexico", "3VWFE21C04M000001", "North America", nil, ""},
		{"United States, Toyota", "4T1BF1FK0CU000000", "North America", nil, ""},
		{"United States, Tesla", "5YJSA1H12FFP71790", "North America", nil, ""},
		{"United States, wrong digit", "1M8GDM9A1KP042788", "North America", ErrCheckDigit,
			"check digit is X, the VIN says 1; position 9 is the check digit in every VIN of a manufacturer of North America (WMI 1M8)"},
		{"Canada, wrong digit", "2HGFG12688H500000", "North America", ErrCheckDigit,
			"check digit is 3, the VIN says 8; position 9 is the check digit in every VIN of a manufacturer of North America (WMI 2HG)"},
		{"Toyota, wrong digit", "4T1BF1FK5CU000000", "North America", ErrCheckDigit,
			"check digit is 0, the VIN says 5; position 9 is the check digit in every VIN of a manufacturer of North America (WMI 4T1)"},
		{"United States, a letter in position 9", "1HGCM826Z3A004352", "North America", ErrCheckDigit,
			"position 9 is 'Z', not a check digit (0-9 or X), which every VIN of a manufacturer of North America (WMI 1HG) carries there"},
		// China, WMIs in L: required too (GB 16735).
		{"China, SAIC Volkswagen", "LSVAU218XN2183294", "China", nil, ""},
		{"China, FAW Volkswagen", "LFV2A21K2D3000001", "China", nil, ""},
		{"China, wrong digit", "LFV2A21K6D3000001", "China", ErrCheckDigit,
			"check digit is 2, the VIN says 6; position 9 is the check digit in every VIN of a manufacturer of China (WMI LFV)"},
		{"China, a letter in position 9", "LSVAU218ZN2183294", "China", ErrCheckDigit,
			"position 9 is 'Z', not a check digit (0-9 or X), which every VIN of a manufacturer of China (WMI LSV) carries there"},
		// Elsewhere position 9 is the manufacturer's: any character passes.
		{"Germany, Volkswagen filler Z", "WVWZZZ1JZXW000001", "", nil, ""},
		{"Germany, BMW digit that is no check digit", "WBAPH7C55BE000000", "", nil, ""},
		{"Germany, Porsche", "WP0ZZZ99ZTS392124", "", nil, ""},
		{"France, Renault X that is no check digit", "VF1RFB00X56789012", "", nil, ""},
		{"Italy, Fiat", "ZFA31200000123456", "", nil, ""},
		{"Japan", "JHMCM56517C404453", "", nil, ""},
		{"Korea", "KMHDN45D22U000000", "", nil, ""},
		{"Brazil", "9BWZZZ377VT004251", "", nil, ""},
		{"Australia", "6T1BF3EK5BX000000", "", nil, ""},
		// The structure applies everywhere.
		{"too short", "WVWZZZ1JZXW00000", "", ErrFormat, "a VIN has 17 characters, this one has 16"},
		{"an O", "1M8GDM9AXKPO42788", "North America", ErrFormat, "character 12 is 'O'; VINs never use I, O or Q (they read as 1 and 0)"},
		{"an I in a European VIN", "WVWZZZ1JZXW00000I", "", ErrFormat, "character 17 is 'I'; VINs never use I, O or Q (they read as 1 and 0)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := VINCheckDigitRegion(tc.vin); got != tc.region {
				t.Errorf("VINCheckDigitRegion(%q) = %q; want %q", tc.vin, got, tc.region)
			}
			if got := VINCheckDigitRequired(tc.vin); got != (tc.region != "") {
				t.Errorf("VINCheckDigitRequired(%q) = %v", tc.vin, got)
			}
			err := CheckVIN(tc.vin)
			if !errors.Is(err, tc.want) || (err != nil && err.Error() != tc.message) {
				t.Errorf("CheckVIN(%q) = %v\nwant %v %q", tc.vin, err, tc.want, tc.message)
			}
			if err != nil && strings.Contains(err.Error(), tc.vin) {
				t.Errorf("CheckVIN(%q) repeats the VIN: %v", tc.vin, err)
			}
		})
	}
}

// Every first character a VIN may start with, and the region it gives.
func TestVINCheckDigitRegionByFirstCharacter(t *testing.T) {
	want := map[byte]string{'1': "North America", '2': "North America", '3': "North America", '4': "North America", '5': "North America", 'L': "China"}
	for _, c := range []byte("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") {
		vin := string(c) + "AB12345678901234"
		if got := VINCheckDigitRegion(vin); got != want[c] {
			t.Errorf("first character %c: region %q; want %q", c, got, want[c])
		}
	}
	if VINCheckDigitRegion("1A") != "" || VINCheckDigitRequired("") {
		t.Error("a string too short for a WMI names a region")
	}
}
