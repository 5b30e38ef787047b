package bench

import (
	"bytes"
	"context"
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/synth"
)

// Every synthetic work of art and incident passes the importer's
// validation, from the NDJSON file and from the CSV file that
// `ncbnet synth` writes, imported by the bureau a benchmark imports them as.
func TestSynthTextKindsImport(t *testing.T) {
	ctx := context.Background()
	n, done, err := openBenchNode(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	const count = 3000
	for _, tc := range []struct {
		country string
		kinds   map[string]synth.Kind // by format: other keys in each file
	}{
		{"ITA", map[string]synth.Kind{synth.NDJSON: synth.Artworks{}, synth.CSV: synth.Artworks{KeyPrefix: "art-csv-"}}},
		{"FRA", map[string]synth.Kind{synth.NDJSON: synth.Incidents{}, synth.CSV: synth.Incidents{KeyPrefix: "incident-csv-"}}},
	} {
		ncb, err := member.NCBOf(ctx, n.DB, tc.country)
		if err != nil {
			t.Fatal(err)
		}
		officer := access.Principal{ID: "bench-load", Name: "bench.load", Country: tc.country, UnitID: ncb.ID, UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}}
		for format, rf := range map[string]records.Format{synth.NDJSON: records.FormatNDJSON, synth.CSV: records.FormatCSV} {
			kind := tc.kinds[format]
			var file bytes.Buffer
			if err := synth.Write(&file, kind, format, 1, 0, count); err != nil {
				t.Fatal(err)
			}
			rep, err := n.Records.Import(ctx, officer, kind.Database(), rf, &file, nil)
			if err != nil {
				t.Fatalf("%s %s: %v", kind.Database(), format, err)
			}
			if rep.Created != count || rep.Rejected != 0 {
				for i, e := range rep.Errors {
					if i < 10 {
						t.Errorf("%s %s line %d: %s %s: %s", kind.Database(), format, e.Line, e.Code, e.Field, e.Message)
					}
				}
				t.Fatalf("%s %s: %d created, %d existing, %d rejected of %d", kind.Database(), format, rep.Created, rep.Existing, rep.Rejected, count)
			}
		}
	}
}
