package records

import (
	"context"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// A CSV file sent without its header line is refused whole, before anything
// is written, with the columns a header may name; cells a spreadsheet would
// run as formulas are stored as the text they are.
func TestImportCSVHeaderAndFormulas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newImportFixture(t, db)
		ctx := context.Background()
		importCSV := func(t *testing.T, dbID, body string) (ImportReport, error) {
			return f.s.importStream(ctx, f.officer, dbID, FormatCSV, strings.NewReader(body), nil, 3)
		}

		t.Run("no header line", func(t *testing.T) {
			for _, tc := range []struct{ name, db, body string }{
				{"passports", "sltd", "h-1,12CS00101,FRA,P,stolen\nh-2,12CS00102,FRA,P,lost\n"},
				{"one row only", "sltd", "h-3,12CS00103,FRA,P,stolen"},
				{"with a byte-order mark", "sltd", "\xef\xbb\xbfh-4,12CS00104,FRA,P,stolen\r\n"},
				{"persons", "nominal", "n-1,Person,Ahmad Example,1975\n"},
				{"columns named otherwise", "sltd", "passport_no,issuer,doc_type,state\n12CS00105,FRA,P,stolen\n"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					before := f.records(t)
					_, err := importCSV(t, tc.db, tc.body)
					fe, ok := fault.As(err)
					if !ok || fe.Field != "header" || fe.Code.Status() != 422 ||
						!strings.Contains(fe.Message, "no header") || !strings.Contains(fe.Message, "key, schema, review_at") {
						t.Fatalf("err = %v", err)
					}
					if tc.db == "sltd" && !strings.Contains(fe.Message, "the properties of Passport (number, country, type,") {
						t.Fatalf("the error does not list the properties: %s", fe.Message)
					}
					if f.records(t) != before {
						t.Fatal("a file without a header wrote records")
					}
				})
			}
		})

		t.Run("an unknown column lists the accepted ones", func(t *testing.T) {
			_, err := importCSV(t, "sltd", "key,number,colour\nx-1,12CS00106,red\n")
			fe, ok := fault.As(err)
			if !ok || fe.Field != "header" || !strings.Contains(fe.Message, `column "colour" of the header is not one of key, schema,`) ||
				!strings.Contains(fe.Message, "lossDate") {
				t.Fatalf("err = %v", err)
			}
		})

		t.Run("formula cells are stored as the text given", func(t *testing.T) {
			formulas := []string{`=HYPERLINK("http://x.example","open")`, "+33 1 23 45 67 89", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"}
			var body strings.Builder
			body.WriteString("key,number,country,type,status,notes\n")
			for i, v := range formulas {
				body.WriteString("f-" + string(rune('a'+i)) + ",12CS0020" + string(rune('0'+i)) + ",FRA,P,stolen,\"" + strings.ReplaceAll(v, `"`, `""`) + "\"\n")
			}
			rep, err := importCSV(t, "sltd", body.String())
			if err != nil {
				t.Fatal(err)
			}
			// A cell starting with a tab or a carriage return is trimmed like
			// any value; the rest are kept as sent.
			wantReport(t, rep, len(formulas), len(formulas), 0, 0)
			for i, v := range formulas {
				r, ok, err := recordByKey(ctx, db, "FRA", "sltd", "f-"+string(rune('a'+i)))
				if err != nil || !ok {
					t.Fatalf("f-%c: %v %v", 'a'+i, ok, err)
				}
				if got, want := r.Properties["notes"][0], strings.TrimSpace(v); got != want {
					t.Errorf("notes stored as %q; sent %q", got, want)
				}
			}
		})
	})
}
