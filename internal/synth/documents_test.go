package synth

import "testing"

// A travel document is one record: no two documents of one issuer share a
// number, whatever the issuer's format (an import of them all must take
// every line), and numbers keep their issuer's layout and check digit.
func TestTravelDocumentNumbersUnique(t *testing.T) {
	for _, g := range []TravelDocuments{{Country: "FRA"}, {Country: "DEU"}, {}} {
		seen := map[string]int{}
		for i := range 200_000 {
			r := g.Record(1, i)
			var number, country string
			for _, p := range r.Properties {
				switch p.Name {
				case "number":
					number = p.Values[0]
				case "country":
					country = p.Values[0]
				}
			}
			if j, dup := seen[country+" "+number]; dup {
				t.Fatalf("%q: documents %d and %d are both %s %s", g.Country, j, i, country, number)
			}
			seen[country+" "+number] = i
		}
	}
	for _, f := range genericFormats {
		if n := uniqueNumber(f, 1, 12345); len(n) != len(f.prefix)+len(f.pattern) {
			t.Fatalf("format %v made %q", f, n)
		}
	}
}
