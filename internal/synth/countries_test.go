package synth

import (
	"slices"
	"testing"
)

func TestIssuingCountry(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"FRA", "FRA"}, {"fra", "FRA"}, {" usa ", "USA"}, {"NGA", "NGA"},
	} {
		if got, err := IssuingCountry(tc.in); got != tc.want || err != nil {
			t.Errorf("IssuingCountry(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "FR", "FRANCE", "XXX", "UTO", "XPO", "D"} {
		if got, err := IssuingCountry(bad); err == nil {
			t.Errorf("IssuingCountry(%q) = %q; want an error", bad, got)
		}
	}
}

// A bureau's own file: every document of its country, the holders named as
// in its region.
func TestTravelDocumentsOfOneCountry(t *testing.T) {
	africa := namesByRegion["Africa"].surnames
	named := 0
	for i := range 500 {
		rec := TravelDocuments{Country: "NGA"}.Record(3, i)
		for _, p := range rec.Properties {
			switch p.Name {
			case "country":
				if p.Values[0] != "NGA" {
					t.Fatalf("record %d issued by %s", i, p.Values[0])
				}
			case "surname":
				if !slices.Contains(africa, p.Values[0]) {
					t.Fatalf("record %d: surname %q is not of the issuer's region", i, p.Values[0])
				}
				named++
			}
		}
	}
	if named == 0 {
		t.Fatal("no holder named")
	}
}
