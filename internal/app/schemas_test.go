package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/client"
)

// One good and one bad record for every database: the schema served is the
// schema enforced.
func TestEveryDatabaseValidates(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		ngaOfficer := e.as("nga.officer")
		hex := strings.Repeat("0f", 32)
		for _, tc := range []struct {
			db, schema string
			good       map[string][]string
			missing    string // a mandatory property, left out of the bad record
		}{
			{"nominal", "Person", map[string][]string{"name": {"Chukwuemeka Obi"}, "birthDate": {"1984-11"}, "nationality": {"NGA"}}, "name"},
			{"notices", "Notice", map[string][]string{"noticeId": {"A-1234/5-2026"}, "color": {"yellow"}}, "color"},
			{"fingerprints", "Fingerprint", map[string][]string{"template": {"minutiae:12,34,90;56,78,180"}, "kind": {"latent"}}, "template"},
			{"dna", "DNAProfile", map[string][]string{"profile": {"D3S1358:15,16;vWA:17,18"}, "sampleType": {"crime-scene"}}, "profile"},
			{"faces", "FaceImage", map[string][]string{"template": {"face-template-v1:AAAA"}}, "template"},
			{"kinship-dna", "DNAProfile", map[string][]string{"profile": {"D3S1358:15,17"}, "sampleType": {"relative"}, "relationship": {"parent"}}, "sampleType"},
			{"sltd", "Passport", map[string][]string{"number": {"A01234567"}, "country": {"NGA"}, "type": {"P"}, "status": {"lost"}}, "status"},
			{"tdawn", "Passport", map[string][]string{"number": {"A07654321"}, "country": {"NGA"}, "type": {"P"}, "status": {"revoked"}, "surname": {"Obi"}}, "country"},
			{"sad", "AdministrativeDocument", map[string][]string{"number": {"VR998877"}, "country": {"NGA"}, "type": {"vehicle-registration"}, "status": {"stolen"}}, "type"},
			{"counterfeits", "CounterfeitAlert", map[string][]string{"documentType": {"P"}, "country": {"NGA"}, "features": {"laminate peels at the photo page"}}, "features"},
			{"reference-documents", "ReferenceDocument", map[string][]string{"documentType": {"P"}, "country": {"NGA"}, "description": {"2019 series, polycarbonate data page"}}, "description"},
			{"smv", "Vehicle", map[string][]string{"registrationNumber": {"LAG-123-XY"}, "status": {"stolen"}}, "status"},
			{"vessels", "Vessel", map[string][]string{"hullId": {"NGA-HULL-0001"}, "status": {"stolen"}}, "status"},
			{"works-of-art", "Artwork", map[string][]string{"title": {"Ife head (bronze)"}, "description": {"cast bronze head, 35 cm"}, "status": {"stolen"}}, "description"},
			{"firearms", "Firearm", map[string][]string{"make": {"Beretta"}, "serialNumber": {"PX4-00123"}, "status": {"stolen"}}, "serialNumber"},
			{"firearms-reference", "FirearmModel", map[string][]string{"make": {"Beretta"}, "model": {"92FS"}}, "model"},
			{"ballistics", "BallisticSignature", map[string][]string{"signature": {"bfp:0102030405"}, "kind": {"cartridge-case"}}, "kind"},
			{"icse", "ImageHash", map[string][]string{"sha256": {hex}}, ""},
			{"terrorism", "Organization", map[string][]string{"name": {"Example Armed Group"}, "topics": {"terrorism"}}, "name"},
		} {
			t.Run(tc.db, func(t *testing.T) {
				r, _, err := ngaOfficer.CreateRecord(ctx, tc.db, client.NewRecord{Schema: tc.schema, Properties: tc.good})
				if err != nil {
					t.Fatalf("good %s record refused: %v", tc.schema, err)
				}
				if r.Database != tc.db || r.Schema != tc.schema || r.Owner != "NGA" {
					t.Fatalf("record = %+v", r)
				}
				bad := map[string][]string{}
				for k, v := range tc.good {
					if k != tc.missing {
						bad[k] = v
					}
				}
				if tc.missing == "" {
					bad = map[string][]string{"series": {"no hash at all"}}
				}
				_, _, err = ngaOfficer.CreateRecord(ctx, tc.db, client.NewRecord{Schema: tc.schema, Properties: bad})
				ae := wantCode(t, err, 422, "missing_field")
				if tc.missing != "" && ae.Field != "properties."+tc.missing {
					t.Fatalf("field = %q, want properties.%s", ae.Field, tc.missing)
				}
			})
		}
	})
}

// Every combination of the owner's restrictions, seen from readers of each
// kind, through search: a record is found exactly when the domain's rules
// say the reader may see it.
func TestSearchRestrictionCombinations(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.officer")
		restrictions := []struct {
			name string
			r    client.Restrictions
		}{
			{"none", client.Restrictions{}},
			{"DEU only", client.Restrictions{Countries: []string{"DEU"}}},
			{"USA only", client.Restrictions{Countries: []string{"USA"}}},
			{"not DEU", client.Restrictions{ExcludedCountries: []string{"DEU"}}},
			{"NCBs only", client.Restrictions{NCBOnly: true}},
			{"specialised units only", client.Restrictions{UnitKinds: []string{"specialised-unit"}}},
			{"NCBs and border points", client.Restrictions{UnitKinds: []string{"ncb", "border-point"}}},
			{"DEU, NCBs only", client.Restrictions{Countries: []string{"DEU"}, NCBOnly: true}},
		}
		numbers := map[string]string{}
		for i, rs := range restrictions {
			n := "RSTR" + string(rune('A'+i)) + "0001"
			r := rs.r
			createRecord(t, fra, "sltd", client.NewRecord{Schema: "Passport", Restrictions: &r, Properties: map[string][]string{
				"number": {n}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
			numbers[rs.name] = n
		}
		readers := []struct {
			user, country, kind string
		}{
			{"fra.analyst", "FRA", "specialised-unit"}, // the owner's own unit
			{"deu.officer", "DEU", "ncb"},
			{"deu.analyst", "DEU", "specialised-unit"},
			{"usa.officer", "USA", "ncb"},
			{"bra.analyst", "BRA", "specialised-unit"},
			{"secretariat.reviewer", "", "secretariat"},
		}
		for _, rd := range readers {
			c := e.as(rd.user)
			for _, rs := range restrictions {
				// The rules, restated: the Secretariat's reviewers see
				// everything; inside the owner's bureau the country limits do
				// not apply; everywhere the unit kind must be admitted (the
				// records were entered by FRA's NCB, not by the reader's unit).
				r := rs.r
				countryOK := rd.country == "FRA" || ((len(r.Countries) == 0 || contains(r.Countries, rd.country)) && !contains(r.ExcludedCountries, rd.country))
				kindOK := (!r.NCBOnly || rd.kind == "ncb") && (len(r.UnitKinds) == 0 || contains(r.UnitKinds, rd.kind))
				want := rd.kind == "secretariat" || (countryOK && kindOK)
				res := must[[]client.SearchResult](t)(c.Search(ctx, query("criminal-investigation", "Passport", map[string][]string{"number": {numbers[rs.name]}}, "sltd")))
				if got := len(res) == 1; got != want {
					t.Errorf("%s searching a record restricted to %q: found %v, want %v", rd.user, rs.name, got, want)
				}
			}
		}
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
