package app_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// A manifest is screened by every one of its columns, however the carrier
// named them, or not at all.
func TestManifestColumns(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		border := e.as("fra.border-officer")
		checks := func() int {
			t.Helper()
			if err := e.node.Audit.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			return e.count(`SELECT count(*) FROM audit_entries WHERE action = 'check.run'`)
		}

		t.Run("a column the screener does not know refuses the manifest", func(t *testing.T) {
			hitsBefore, checksBefore := e.count(`SELECT count(*) FROM hits`), checks()
			_, err := border.ScreenManifestCSV(ctx, "border-control", "AF0012", strings.NewReader(
				"Seat,Surname,Given Names,Passport Numbr,Issuing Country\n12A,MARTIN,CLAIRE,19FV04321,FRA\n"))
			ae := wantCode(t, err, 422, "invalid_field")
			for _, want := range []string{`"Passport Numbr"`, "passport_no", "document_number", "date_of_birth", "citizenship", "seat"} {
				if !strings.Contains(ae.Message, want) {
					t.Errorf("the refusal does not say %q: %s", want, ae.Message)
				}
			}
			rows := []json.RawMessage{json.RawMessage(`{"seat":"12A","name":"Claire Martin","passport_numbr":"19FV04321","issuing_country":"FRA"}`)}
			_, err = border.ScreenManifestRows(ctx, "border-control", "AF0012", rows)
			ae = wantCode(t, err, 422, "invalid_field")
			if ae.Field != "rows.passport_numbr" || !strings.Contains(ae.Message, "passport_no") {
				t.Errorf("a JSON row's unknown field: %+v", ae)
			}
			_, err = border.ScreenManifestCSV(ctx, "border-control", "", strings.NewReader("name,passport,document_number\nClaire Martin,19FV04321,19FV04321\n"))
			if ae := wantCode(t, err, 422, "invalid_field"); !strings.Contains(ae.Message, "both give the document number") {
				t.Errorf("a column given twice: %s", ae.Message)
			}
			_, err = border.ScreenManifestCSV(ctx, "border-control", "", strings.NewReader("name,dob\nClaire Martin,1985-03-01,19FV04321\n"))
			wantCode(t, err, 422, "invalid_field")
			if after := e.count(`SELECT count(*) FROM hits`); after != hitsBefore {
				t.Errorf("refused manifests stored %d hits", after-hitsBefore)
			}
			if after := checks(); after != checksBefore {
				t.Errorf("refused manifests were audited as %d checks", after-checksBefore)
			}
		})

		t.Run("aliases are read and matched", func(t *testing.T) {
			// No name: only the document, named passport_no, can hit.
			a, err := border.ScreenManifestCSV(ctx, "border-control", "AF0012", strings.NewReader(
				"PNR,passport_no,Issuing State,dob,sex,citizenship\nX7K2,19FV04321,FRA,1985-03-01,F,FRA\nQ1P9,AA1234567,FRA,1970-01-01,M,FRA\n"))
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Rows) != 2 || a.Rows[0].Outcome != "hit" || a.Rows[0].Reference != "X7K2" || a.Rows[1].Outcome != "no-hit" {
				t.Fatalf("rows %+v", a.Rows)
			}
			if h := a.Rows[0].Hits[0]; h.Database != "sltd" || h.Owner != "FRA" || !slices.ContainsFunc(h.Matched, func(m string) bool { return strings.Contains(strings.ToLower(m), "number") }) {
				t.Errorf("the hit is not the stolen document by its number: %+v", h)
			}
			rows := []json.RawMessage{
				json.RawMessage(`{"pnr":"X7K2","Document No":"19FV04321","issuing_country":"FRA"}`),
				json.RawMessage(`{"seat":14,"last_name":"Volkov","first_name":"Sergei","date_of_birth":"1979-02-11","citizenship":"RUS"}`),
			}
			ja, err := border.ScreenManifestRows(ctx, "border-control", "AF0012", rows)
			if err != nil {
				t.Fatal(err)
			}
			if len(ja.Rows) != 2 || ja.Rows[0].Outcome != "hit" || ja.Rows[0].Hits[0].Database != "sltd" || ja.Rows[1].Reference != "14" || ja.Rows[1].Outcome != "hit" || ja.Rows[1].Hits[0].Owner != "DEU" {
				t.Fatalf("JSON rows by other names: %+v", ja.Rows)
			}
		})
	})
}
