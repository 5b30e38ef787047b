package member

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestCountries(t *testing.T) {
	countries, err := Countries()
	if err != nil {
		t.Fatalf("Countries: %v", err)
	}
	if len(countries) != 196 {
		t.Fatalf("%d member countries, want 196", len(countries))
	}
	regions := []string{"Africa", "Americas", "Asia", "Europe", "Oceania"}
	iso3s, iso2s := map[string]bool{}, map[string]bool{}
	for _, c := range countries {
		if !ValidISO3(c.ISO3) || len(c.ISO2) != 2 || strings.ToUpper(c.ISO2) != c.ISO2 {
			t.Errorf("%+v: bad code", c)
		}
		if iso3s[c.ISO3] {
			t.Errorf("ISO3 %s appears twice", c.ISO3)
		}
		if iso2s[c.ISO2] {
			t.Errorf("ISO2 %s appears twice", c.ISO2)
		}
		iso3s[c.ISO3], iso2s[c.ISO2] = true, true
		if !slices.Contains(regions, c.Region) {
			t.Errorf("%s: region %q is not one of %v", c.ISO3, c.Region, regions)
		}
		if strings.TrimSpace(c.Name) != c.Name || c.Name == "" {
			t.Errorf("%s: name %q", c.ISO3, c.Name)
		}
	}
	// A few members whose codes are easy to get wrong.
	for iso3, iso2 := range map[string]string{"FRA": "FR", "DEU": "DE", "GBR": "GB", "USA": "US", "SGP": "SG", "BRA": "BR"} {
		i := slices.IndexFunc(countries, func(c Country) bool { return c.ISO3 == iso3 })
		if i < 0 || countries[i].ISO2 != iso2 {
			t.Errorf("%s missing or not %s", iso3, iso2)
		}
	}
}

// TestEmbeddedMembersMatchShared: the embedded list is a copy of the shared
// data file and must not drift from it.
func TestEmbeddedMembersMatchShared(t *testing.T) {
	shared, err := os.ReadFile("../../../shared/data/members.csv")
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("shared/data/members.csv is not beside the repository")
	}
	if err != nil {
		t.Fatal(err)
	}
	if string(shared) != membersCSV {
		t.Fatal("internal/member/members.csv differs from shared/data/members.csv: copy it again")
	}
}

func TestParseCountries(t *testing.T) {
	const header = "iso3,iso2,name,region\n"
	for _, tc := range []struct {
		name, text string
		want       int // countries parsed, or -1 for an error
	}{
		{"header only", header, 0},
		{"two rows", header + "FRA,FR,France,Europe\nDEU,DE,Germany,Europe\n", 2},
		{"quoted name with a comma", header + `KOR,KR,"Korea, Republic of",Asia` + "\n", 1},
		{"no trailing newline", header + "FRA,FR,France,Europe", 1},
		{"empty", "", -1},
		{"no header", "FRA,FR,France,Europe\n", -1},
		{"header in another order", "iso2,iso3,name,region\nFR,FRA,France,Europe\n", -1},
		{"header with an extra column", "iso3,iso2,name,region,capital\nFRA,FR,France,Europe,Paris\n", -1},
		{"header in upper case", "ISO3,ISO2,NAME,REGION\nFRA,FR,France,Europe\n", -1},
		{"lower-case ISO3", header + "fra,FR,France,Europe\n", -1},
		{"ISO3 of two letters", header + "FR,FR,France,Europe\n", -1},
		{"ISO3 with a digit", header + "FR1,FR,France,Europe\n", -1},
		{"lower-case ISO2", header + "FRA,fr,France,Europe\n", -1},
		{"ISO2 of three letters", header + "FRA,FRA,France,Europe\n", -1},
		{"code with a space", header + "FRA ,FR,France,Europe\n", -1},
		{"empty name", header + "FRA,FR,,Europe\n", -1},
		{"empty region", header + "FRA,FR,France,\n", -1},
		{"short row", header + "FRA,FR,France\n", -1},
		{"long row", header + "FRA,FR,France,Europe,Paris\n", -1},
		{"bare quote", header + "FRA,FR,Fr\"ance,Europe\n", -1},
		{"duplicate ISO3", header + "FRA,FR,France,Europe\nFRA,FX,France again,Europe\n", -1},
		{"duplicate ISO2", header + "FRA,FR,France,Europe\nFRX,FR,France again,Europe\n", -1},
		{"duplicate row", header + "FRA,FR,France,Europe\nFRA,FR,France,Europe\n", -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseCountries(tc.text)
			if tc.want < 0 {
				if err == nil {
					t.Fatalf("parseCountries accepted %q: %+v", tc.text, got)
				}
				return
			}
			if err != nil || len(got) != tc.want {
				t.Fatalf("parseCountries = %d countries, %v; want %d, nil", len(got), err, tc.want)
			}
		})
	}
}

func TestParseCountriesFields(t *testing.T) {
	got, err := parseCountries("iso3,iso2,name,region\nKOR,KR,\"Korea, Republic of\",Asia\n")
	if err != nil {
		t.Fatal(err)
	}
	want := Country{ISO3: "KOR", ISO2: "KR", Name: "Korea, Republic of", Region: "Asia"}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("parseCountries = %+v, want [%+v]", got, want)
	}
}
