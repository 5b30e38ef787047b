package records

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/fault"
)

var validateMembers = map[string]bool{"FRA": true, "DEU": true, "USA": true, "CAN": true, "CHN": true, "JPN": true}

func normaliseIn(t *testing.T, dbID string, props map[string][]string) (map[string][]string, error) {
	t.Helper()
	d, ok := DatabaseByID(dbID)
	if !ok {
		t.Fatalf("no database %s", dbID)
	}
	out, _, err := normaliseProperties(d.Schemas[0], props, validateMembers, time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	return out, err
}

// The VIN's manufacturer (its WMI) decides whether position 9 is a check
// digit, not the country the vehicle is registered in.
func TestVINCheckDigitFollowsTheManufacturer(t *testing.T) {
	for _, tc := range []struct {
		name, vin, country string // country "" for none
		refused            string // part of the message; "" when accepted
	}{
		{"North American VIN, wrong digit, registered in Germany", "1M8GDM9A1KP042788", "DEU", "a manufacturer of North America (WMI 1M8)"},
		{"North American VIN, wrong digit, no country", "1M8GDM9A1KP042788", "", "check digit is X, the VIN says 1"},
		{"North American VIN, wrong digit, registered in the USA", "1M8GDM9A1KP042788", "USA", "check digit is X, the VIN says 1"},
		{"Canadian VIN, wrong digit, registered in France", "2HGFG12688H500000", "FRA", "a manufacturer of North America (WMI 2HG)"},
		{"Chinese VIN, wrong digit, registered in France", "LFV2A21K6D3000001", "FRA", "a manufacturer of China (WMI LFV)"},
		{"North American VIN, right digit, registered in Germany", "1M8GDM9AXKP042788", "DEU", ""},
		{"Chinese VIN, right digit, registered in China", "LFV2A21K2D3000001", "CHN", ""},
		{"German VIN with a filler, registered in the USA", "WVWZZZ1JZXW000001", "USA", ""},
		{"German VIN with a digit that is no check digit, registered in the USA", "WBAPH7C55BE000000", "USA", ""},
		{"French VIN, registered in Canada", "VF1RFB00X56789012", "CAN", ""},
		{"Italian VIN, no country", "ZFA31200000123456", "", ""},
		{"Japanese VIN, registered in the USA", "JHMCM56517C404453", "USA", ""},
		{"lower case and spaces, normalised first", "1m8gdm9a1kp 042788", "DEU", "a manufacturer of North America (WMI 1M8)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := map[string][]string{"vin": {tc.vin}, "status": {"stolen"}}
			if tc.country != "" {
				props["country"] = []string{tc.country}
			}
			out, err := normaliseIn(t, "smv", props)
			if tc.refused == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if out["vin"][0] != tc.vin {
					t.Fatalf("vin stored as %q", out["vin"][0])
				}
				return
			}
			fe, ok := fault.As(err)
			if !ok || fe.Code != fault.InvalidField || fe.Field != "properties.vin" || !strings.Contains(fe.Message, tc.refused) {
				t.Fatalf("err = %v; want an invalid properties.vin saying %q", err, tc.refused)
			}
		})
	}
}

// Text that reaches a record refuses what text.Check refuses, in every kind
// of property, and keeps what scripts need.
func TestPropertiesRefuseInvisibleCharacters(t *testing.T) {
	base := func() map[string][]string {
		return map[string][]string{"number": {"12CS00001"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}
	}
	for _, tc := range []struct {
		name, property, value string
		refused               bool
	}{
		{"right-to-left override in a name", "surname", "Martin\u202eniraM", true},
		{"left-to-right isolate in a name", "givenName", "\u2066Jean\u2069", true},
		{"override in free text", "notes", "stolen at\u202e the airport", true},
		{"override in a number", "number", "12CS\u202e00002", true},
		{"soft hyphen in a name", "surname", "Mar\u00adtin", true},
		{"word joiner in a name", "surname", "Mar\u2060tin", true},
		{"byte-order mark inside a name", "surname", "Mar\ufefftin", true},
		{"tag characters in free text", "notes", "ok\U000E0069\U000E0067\U000E006E", true},
		{"control character in free text", "notes", "a\x1b[2Jb", true},
		{"line break in a name", "surname", "Mar\ntin", true},
		{"line breaks in free text", "notes", "first line\nsecond line", false},
		{"Persian name with a non-joiner", "surname", "نیک\u200cپور", false},
		{"Hebrew with a right-to-left mark", "lossPlace", "נמל התעופה\u200f 3", false},
		{"formula text stays text", "notes", "=HYPERLINK(\"http://x.example\")", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := base()
			props[tc.property] = []string{tc.value}
			out, err := normaliseIn(t, "sltd", props)
			if !tc.refused {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if out[tc.property][0] != tc.value {
					t.Fatalf("stored %q, sent %q", out[tc.property][0], tc.value)
				}
				return
			}
			fe, ok := fault.As(err)
			if !ok || fe.Code != fault.InvalidField || fe.Field != "properties."+tc.property || !strings.Contains(fe.Message, "character ") {
				t.Fatalf("err = %v; want an invalid properties.%s naming the character", err, tc.property)
			}
		})
	}
	// The key, stored with the record, follows the same rule.
	if err := validKey("key\u202e1"); !errors.As(err, new(*fault.Error)) {
		t.Fatalf("a key with an override: %v", err)
	}
}

// When a work of art was made may lie centuries back; a person's birth or a
// document's loss may not lie before 1800 (an earlier year is a typing
// error).
func TestHistoricalDates(t *testing.T) {
	art := func(created string) map[string][]string {
		return map[string][]string{"title": {"La Gioconda"}, "description": {"oil on poplar"}, "category": {"painting"}, "status": {"stolen"}, "creationDate": {created}}
	}
	for _, tc := range []struct {
		db      string
		props   map[string][]string
		refused bool
	}{
		{"works-of-art", art("1503"), false},
		{"works-of-art", art("0800-03"), false},
		{"works-of-art", art("0000"), true},
		{"works-of-art", art("3026"), true}, // in the future
		{"sltd", map[string][]string{"number": {"12CS00001"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}, "birthDate": {"1503"}}, true},
		{"sltd", map[string][]string{"number": {"12CS00001"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}, "birthDate": {"1903"}}, false},
	} {
		_, err := normaliseIn(t, tc.db, tc.props)
		if (err != nil) != tc.refused {
			t.Errorf("%s %v: %v, refused %v", tc.db, tc.props, err, tc.refused)
		}
	}
}
