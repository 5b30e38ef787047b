package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/messaging"
)

// Text with a bidirectional override or another invisible format character
// is refused with the field at fault, in records and in messages, and
// nothing is written; the joiners and marks that scripts need pass.
func TestInvisibleCharactersAreRefused(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.officer")
		passport := func(number string, extra map[string]string) client.NewRecord {
			p := map[string][]string{"number": {number}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}
			for k, v := range extra {
				p[k] = []string{v}
			}
			return client.NewRecord{Schema: "Passport", Properties: p}
		}

		t.Run("records", func(t *testing.T) {
			records := e.count(`SELECT count(*) FROM records`)
			versions := e.count(`SELECT count(*) FROM record_versions`)
			for _, tc := range []struct {
				name, db string
				rec      client.NewRecord
				field    string
			}{
				{"override in a surname", "sltd", passport("21RL00001", map[string]string{"surname": "Martin\u202eniraM"}), "properties.surname"},
				{"override in the notes", "sltd", passport("21RL00002", map[string]string{"notes": "seen at\u202e gate 4"}), "properties.notes"},
				{"isolate in a person's name", "nominal", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"\u2067Ahmad Example\u2069"}}}, "properties.name"},
				{"byte-order mark in a name", "nominal", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"Ahmad\ufeffExample"}}}, "properties.name"},
				{"override in the key", "sltd", client.NewRecord{Schema: "Passport", Key: "k\u202e1", Properties: passport("21RL00003", nil).Properties}, "key"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					_, _, err := fra.CreateRecord(ctx, tc.db, tc.rec)
					if ae := wantCode(t, err, 422, "invalid_field"); ae.Field != tc.field {
						t.Fatalf("field %q (%s), want %q", ae.Field, ae.Message, tc.field)
					}
				})
			}
			// An update is checked as a creation is.
			rec := must[client.Record](t)(func() (client.Record, error) {
				r, _, err := fra.CreateRecord(ctx, "sltd", passport("21RL00004", nil))
				return r, err
			}())
			records++
			versions = e.count(`SELECT count(*) FROM record_versions`)
			_, err := fra.UpdateRecord(ctx, rec.ID, client.RecordPatch{Properties: map[string][]string{"surname": {"Mar\u202etin"}}})
			if ae := wantCode(t, err, 422, "invalid_field"); ae.Field != "properties.surname" {
				t.Fatalf("update refused on %q", ae.Field)
			}
			if got := e.count(`SELECT count(*) FROM records`); got != records {
				t.Fatalf("%d records, want %d", got, records)
			}
			if got := e.count(`SELECT count(*) FROM record_versions`); got != versions {
				t.Fatalf("%d record versions, want %d", got, versions)
			}
			if got := must[client.Record](t)(fra.Record(ctx, rec.ID, "criminal-investigation")); got.Version != 1 {
				t.Fatalf("refused update changed the record: %+v", got)
			}
			// A Persian name needs its non-joiner; Hebrew text its mark.
			persian, _, err := fra.CreateRecord(ctx, "sltd", passport("21RL00005", map[string]string{"surname": "نیک\u200cپور", "lossPlace": "נמל התעופה\u200f 3"}))
			if err != nil || persian.Properties["surname"][0] != "نیک\u200cپور" {
				t.Fatalf("Persian name: %+v %v", persian, err)
			}
		})

		t.Run("messages", func(t *testing.T) {
			before := messageCounts(e)
			for _, tc := range []struct {
				name  string
				msg   client.NewMessage
				field string
			}{
				{"override in the subject", client.NewMessage{To: []string{"DEU"}, Subject: "Invoice\u202efdp.exe", Body: "b", HandlingCode: messaging.H0}, "subject"},
				{"override in the body", client.NewMessage{To: []string{"DEU"}, Subject: "s", Body: "line one\nthe account is\u202e 1234", HandlingCode: messaging.H0}, "body"},
				{"isolate in the handling note", client.NewMessage{To: []string{"DEU"}, Subject: "s", Body: "b", HandlingCode: messaging.H3, HandlingNote: "not to\u2066 USA"}, "handling_note"},
				{"word joiner in the subject", client.NewMessage{To: []string{"DEU"}, Subject: "pass\u2060port", Body: "b", HandlingCode: messaging.H0}, "subject"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					_, err := fra.SendMessage(ctx, tc.msg)
					if ae := wantCode(t, err, 422, "invalid_field"); ae.Field != tc.field || !strings.Contains(ae.Message, "U+") {
						t.Fatalf("field %q (%s), want %q naming the character", ae.Field, ae.Message, tc.field)
					}
				})
			}
			if after := messageCounts(e); after != before {
				t.Fatalf("refused messages changed the store: %v → %v", before, after)
			}
			if _, err := fra.SendMessage(ctx, client.NewMessage{To: []string{"DEU"}, Subject: "می\u200cخواهم", Body: "رقم\u061c 123\nמספר\u200f 5", HandlingCode: messaging.H0}); err != nil {
				t.Fatalf("a message with joiners and marks: %v", err)
			}
		})
	})
}

// A CSV import without its header line is refused whole, naming the columns
// a header may hold; cells a spreadsheet would run are stored as text.
func TestCSVImportHeaderAndFormulas(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.officer")
		records := e.count(`SELECT count(*) FROM records`)
		body := "nh-1,21NH00001,FRA,P,stolen\nnh-2,21NH00002,FRA,P,lost\n"
		_, err := fra.Import(ctx, "sltd", "csv", strings.NewReader(body))
		ae := wantCode(t, err, 422, "invalid_field")
		if ae.Field != "header" || !strings.Contains(ae.Message, "key, schema") || !strings.Contains(ae.Message, "number, country, type") {
			t.Fatalf("field %q: %s", ae.Field, ae.Message)
		}
		if got := e.count(`SELECT count(*) FROM records`); got != records {
			t.Fatalf("a file without a header wrote %d records", got-records)
		}

		csv := "key,number,country,type,status,surname,notes\n" +
			"fx-1,21FX00001,FRA,P,stolen,Martin,\"=HYPERLINK(\"\"http://x.example\"\",\"\"open\"\")\"\n" +
			"fx-2,21FX00002,FRA,P,stolen,@Martin,+33 1 23 45 67 89\n" +
			"fx-3,21FX00003,FRA,P,stolen,Martin,-2+3\n"
		wantImport(t, must[client.ImportReport](t)(fra.Import(ctx, "sltd", "csv", bytes.NewReader([]byte(csv)))), 3, 3, 0, 0)
		for key, want := range map[string][2]string{
			"fx-1": {"Martin", `=HYPERLINK("http://x.example","open")`},
			"fx-2": {"@Martin", "+33 1 23 45 67 89"},
			"fx-3": {"Martin", "-2+3"},
		} {
			var id string
			if err := e.node.DB.QueryRow(ctx, `SELECT id FROM records WHERE client_key = $1`, key).Scan(&id); err != nil {
				t.Fatal(err)
			}
			r := must[client.Record](t)(fra.Record(ctx, id, "criminal-investigation"))
			if r.Properties["surname"][0] != want[0] || r.Properties["notes"][0] != want[1] {
				t.Fatalf("%s stored as %q, %q; want %q", key, r.Properties["surname"], r.Properties["notes"], want)
			}
		}
	})
}

// Whether position 9 of a VIN is a check digit depends on the
// manufacturer's region (its WMI), not on the bureau or the country of
// registration.
func TestVINCheckDigitByManufacturer(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		vehicle := func(vin, country string) client.NewRecord {
			return client.NewRecord{Schema: "Vehicle", Properties: map[string][]string{"vin": {vin}, "country": {country}, "status": {"stolen"}}}
		}
		records := e.count(`SELECT count(*) FROM records`)
		// A North American VIN with a wrong check digit, recorded in Germany.
		_, _, err := e.as("deu.officer").CreateRecord(ctx, "smv", vehicle("1M8GDM9A1KP042788", "DEU"))
		if ae := wantCode(t, err, 422, "invalid_field"); ae.Field != "properties.vin" || !strings.Contains(ae.Message, "North America (WMI 1M8)") {
			t.Fatalf("field %q: %s", ae.Field, ae.Message)
		}
		// A Chinese one, recorded in France.
		_, _, err = e.as("fra.officer").CreateRecord(ctx, "smv", vehicle("LFV2A21K6D3000001", "FRA"))
		if ae := wantCode(t, err, 422, "invalid_field"); ae.Field != "properties.vin" || !strings.Contains(ae.Message, "China (WMI LFV)") {
			t.Fatalf("field %q: %s", ae.Field, ae.Message)
		}
		if got := e.count(`SELECT count(*) FROM records`); got != records {
			t.Fatalf("refused vehicles were stored")
		}
		// European VINs, whose position 9 is no check digit, recorded by the USA.
		usa := e.as("usa.officer")
		for _, vin := range []string{"WBAPH7C55BE000000", "VF1RFB00X56789012", "ZFA31200000123456"} {
			if _, _, err := usa.CreateRecord(ctx, "smv", vehicle(vin, "USA")); err != nil {
				t.Fatalf("%s: %v", vin, err)
			}
		}
		if _, _, err := e.as("deu.officer").CreateRecord(ctx, "smv", vehicle("1M8GDM9AXKP042788", "DEU")); err != nil {
			t.Fatalf("a valid North American VIN in Germany: %v", err)
		}
	})
}
