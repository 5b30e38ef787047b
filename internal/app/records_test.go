package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

func passport(number string) client.NewRecord {
	return client.NewRecord{Schema: "Passport", Properties: map[string][]string{
		"number": {number}, "country": {"fra"}, "type": {"P"}, "status": {"stolen"},
	}}
}

func TestDatabases(t *testing.T) {
	e := newEnv(t, t.TempDir()+"/node.db")
	ctx := context.Background()
	c := e.as("nga.analyst")
	dbs := must[[]client.Database](t)(c.Databases(ctx))
	var ids []string
	for _, d := range dbs {
		ids = append(ids, d.ID)
	}
	if got := strings.Join(ids, ","); got != "nominal,notices,fingerprints,dna,faces,kinship-dna,sltd,tdawn,sad,counterfeits,reference-documents,smv,vessels,works-of-art,firearms,firearms-reference,ballistics,icse,terrorism" {
		t.Fatalf("databases = %s", got)
	}
	sltd := must[client.Database](t)(c.Database(ctx, "sltd"))
	if sltd.ReviewYears != 10 || !sltd.FirstLine || len(sltd.Schemas) != 1 || sltd.Schemas[0].Name != "Passport" {
		t.Fatalf("sltd = %+v", sltd)
	}
	props := map[string]client.Property{}
	for _, p := range sltd.Schemas[0].Properties {
		props[p.Name] = p
	}
	if n := props["number"]; n.Type != "identifier" || n.Kind != "document-number" || !n.Mandatory || !n.Identifying {
		t.Fatalf("Passport.number = %+v", n)
	}
	if ty := props["type"]; strings.Join(ty.Values, ",") != "P,I,A,C,V" {
		t.Fatalf("Passport.type = %+v", ty)
	}
	nominal := must[client.Database](t)(c.Database(ctx, "nominal"))
	if nominal.ReviewYears != 5 || nominal.Schemas[0].Name != "Person" {
		t.Fatalf("nominal = %+v", nominal)
	}
	_, err := c.Database(ctx, "everything")
	wantCode(t, err, 404, "not_found")
}

func TestRecordLifecycle(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.officer")
		deu := e.as("deu.officer")

		created := e.clock.Now()
		rec, isNew, err := fra.CreateRecord(ctx, "sltd", client.NewRecord{Schema: "Passport", Key: "fr-2026-0001", Properties: map[string][]string{
			"number": {" 12ab-34567 "}, "country": {"fra"}, "type": {"P"}, "status": {"stolen"}, "surname": {"  Martin "}, "birthDate": {"1980-07"},
		}})
		if err != nil || !isNew {
			t.Fatalf("create: %v (new %v)", err, isNew)
		}
		if rec.Owner != "FRA" || rec.Database != "sltd" || rec.Version != 1 || rec.Status != "active" ||
			rec.Properties["number"][0] != "12AB34567" || rec.Properties["country"][0] != "FRA" || rec.Properties["surname"][0] != "Martin" ||
			!rec.ReviewAt.Equal(created.Add(10*365*24*time.Hour)) {
			t.Fatalf("record = %+v", rec)
		}

		t.Run("the record is FollowTheMoney JSON", func(t *testing.T) {
			status, body, _ := fra.Raw(ctx, "GET", "/api/v1/records/"+rec.ID+"?purpose=criminal-investigation", "", nil)
			var m map[string]any
			if status != 200 || json.Unmarshal(body, &m) != nil {
				t.Fatalf("GET: %d %s", status, body)
			}
			for _, k := range []string{"id", "database", "schema", "owner", "properties", "restrictions", "status", "review_at", "version"} {
				if _, ok := m[k]; !ok {
					t.Fatalf("record lacks %q: %s", k, body)
				}
			}
			if _, multi := m["properties"].(map[string]any)["number"].([]any); !multi {
				t.Fatalf("properties are not multi-valued: %s", body)
			}
		})

		t.Run("a retry with the same key is the same record", func(t *testing.T) {
			again, isNew, err := fra.CreateRecord(ctx, "sltd", client.NewRecord{Schema: "Passport", Key: "fr-2026-0001", Properties: map[string][]string{
				"number": {"12AB34567"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}, "surname": {"Martin"}, "birthDate": {"1980-07"},
			}})
			if err != nil || isNew || again.ID != rec.ID {
				t.Fatalf("retry: %v, new %v, id %s want %s", err, isNew, again.ID, rec.ID)
			}
			_, _, err = fra.CreateRecord(ctx, "sltd", client.NewRecord{Schema: "Passport", Key: "fr-2026-0001", Properties: map[string][]string{
				"number": {"99ZZ00000"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"},
			}})
			wantCode(t, err, 409, "conflict")
			// Keys are per owner: DEU may use the same one.
			if _, isNew, err := deu.CreateRecord(ctx, "sltd", client.NewRecord{Schema: "Passport", Key: "fr-2026-0001", Properties: map[string][]string{
				"number": {"C01X00T47"}, "country": {"DEU"}, "type": {"P"}, "status": {"lost"},
			}}); err != nil || !isNew {
				t.Fatalf("DEU with the same key: %v", err)
			}
		})

		t.Run("only the owner changes it, and every change is a version", func(t *testing.T) {
			_, err := deu.UpdateRecord(ctx, rec.ID, client.RecordPatch{Properties: map[string][]string{"status": {"lost"}}})
			wantCode(t, err, 403, "not_owner")
			v1 := 1
			up := must[client.Record](t)(fra.UpdateRecord(ctx, rec.ID, client.RecordPatch{Version: &v1, Properties: map[string][]string{"status": {"revoked"}, "surname": {}}}))
			if up.Version != 2 || up.Properties["status"][0] != "revoked" || up.Properties["surname"] != nil || up.Properties["number"][0] != "12AB34567" {
				t.Fatalf("updated = %+v", up)
			}
			_, err = fra.UpdateRecord(ctx, rec.ID, client.RecordPatch{Version: &v1, Properties: map[string][]string{"status": {"lost"}}})
			wantCode(t, err, 409, "conflict")
			history := must[[]client.RecordVersion](t)(fra.RecordVersions(ctx, rec.ID, "criminal-investigation"))
			if len(history) != 2 || history[0].Properties["surname"][0] != "Martin" || history[1].Properties["status"][0] != "revoked" {
				t.Fatalf("history = %+v", history)
			}
			_, err = deu.RecordVersions(ctx, rec.ID, "criminal-investigation")
			wantCode(t, err, 403, "not_owner")
		})

		t.Run("reading needs a purpose and passes the restrictions", func(t *testing.T) {
			_, err := deu.Record(ctx, rec.ID, "")
			wantCode(t, err, 403, "purpose_required")
			_, err = deu.Record(ctx, rec.ID, "curiosity")
			wantCode(t, err, 403, "purpose_unknown")
			must[client.Record](t)(deu.Record(ctx, rec.ID, "criminal-investigation"))
			_, err = e.as("deu.border-officer").Record(ctx, rec.ID, "border-control")
			wantCode(t, err, 403, "unit_kind_not_permitted")

			secret := must[client.Record](t)(func() (client.Record, error) {
				n := passport("SECRET001")
				n.Restrictions = &client.Restrictions{Countries: []string{"deu"}}
				r, _, err := fra.CreateRecord(ctx, "sltd", n)
				return r, err
			}())
			must[client.Record](t)(deu.Record(ctx, secret.ID, "criminal-investigation"))
			_, err = e.as("usa.officer").Record(ctx, secret.ID, "criminal-investigation")
			wantCode(t, err, 404, "not_found")
			_, err = e.as("deu.analyst").Record(ctx, secret.ID, "criminal-investigation")
			if err != nil {
				t.Fatalf("DEU's specialised unit, granted sltd: %v", err)
			}
			icse := must[client.Record](t)(func() (client.Record, error) {
				r, _, err := fra.CreateRecord(ctx, "icse", client.NewRecord{Schema: "ImageHash", Properties: map[string][]string{"sha256": {strings.Repeat("ab", 32)}}})
				return r, err
			}())
			// A unit without the database learns nothing, not even that the
			// record exists (the audit log keeps the true reason).
			_, err = e.as("deu.analyst").Record(ctx, icse.ID, "criminal-investigation")
			wantCode(t, err, 404, "not_found")
		})

		t.Run("deletion leaves a tombstone in the audit log, not the data", func(t *testing.T) {
			err := deu.DeleteRecord(ctx, rec.ID)
			wantCode(t, err, 403, "not_owner")
			if err := fra.DeleteRecord(ctx, rec.ID); err != nil {
				t.Fatal(err)
			}
			_, err = fra.Record(ctx, rec.ID, "criminal-investigation")
			wantCode(t, err, 404, "not_found")
			if n := e.count(`SELECT count(*) FROM record_versions WHERE record_id = ?`, rec.ID); n != 0 {
				t.Fatalf("%d versions survive the deletion", n)
			}
			tomb := must[client.Page[client.AuditEntry]](t)(e.as("fra.dpo").AuditEntries(ctx, client.AuditQuery{Resource: rec.ID}, client.ListOptions{}))
			var actions []string
			for _, en := range tomb.Items {
				actions = append(actions, en.Action+"/"+en.Outcome)
			}
			got := strings.Join(actions, ",")
			if !strings.HasPrefix(got, "record.delete/success,record.delete/denied") || !strings.HasSuffix(got, "record.create/success") {
				t.Fatalf("the record's audit trail (newest first) = %s", got)
			}
			if tomb.Items[0].Details["database"] != "sltd" || tomb.Items[0].Details["schema"] != "Passport" || strings.Contains(tomb.Items[0].Details["changed"], "12AB") {
				t.Fatalf("tombstone = %+v", tomb.Items[0])
			}
		})
	})
}

func TestRecordValidation(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		usa := e.as("usa.officer")
		person := must[client.Record](t)(func() (client.Record, error) {
			r, _, err := usa.CreateRecord(ctx, "nominal", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"Сергей Викторович Лавров"}, "birthDate": {"1950-03-21"}, "nationality": {"rus"}}})
			return r, err
		}())
		tomorrow := e.clock.Now().Add(24 * time.Hour).Format(time.DateOnly)
		far := e.clock.Now().Add(6 * 365 * 24 * time.Hour)
		before := e.count(`SELECT count(*) FROM records`)
		for _, tc := range []struct {
			name, db string
			rec      client.NewRecord
			status   int
			code     string
			field    string
		}{
			{"unknown database", "everything", passport("X1"), 404, "not_found", ""},
			{"no schema", "sltd", client.NewRecord{Properties: map[string][]string{}}, 422, "missing_field", "schema"},
			{"schema of another database", "sltd", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"x"}}}, 422, "invalid_field", "schema"},
			{"missing mandatory", "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{"country": {"USA"}, "type": {"P"}, "status": {"lost"}}}, 422, "missing_field", "properties.number"},
			{"unknown property", "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{"number": {"X1"}, "country": {"USA"}, "type": {"P"}, "status": {"lost"}, "colour": {"red"}}}, 422, "invalid_field", "properties.colour"},
			{"bad country", "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{"number": {"X1"}, "country": {"Atlantis"}, "type": {"P"}, "status": {"lost"}}}, 422, "invalid_field", "properties.country"},
			{"bad document type", "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{"number": {"X1"}, "country": {"USA"}, "type": {"Q"}, "status": {"lost"}}}, 422, "invalid_field", "properties.type"},
			{"bad document number", "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{"number": {"Ж123"}, "country": {"USA"}, "type": {"P"}, "status": {"lost"}}}, 422, "invalid_field", "properties.number"},
			{"impossible date", "nominal", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"A B"}, "birthDate": {"1980-02-30"}}}, 422, "invalid_field", "properties.birthDate"},
			{"birth in the future", "nominal", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"A B"}, "birthDate": {tomorrow}}}, 422, "invalid_field", "properties.birthDate"},
			{"wanted without identifiers", "nominal", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"John Doe"}, "topics": {"wanted"}}}, 422, "missing_field", "properties.birthDate"},
			{"VIN check digit (USA)", "smv", client.NewRecord{Schema: "Vehicle", Properties: map[string][]string{"vin": {"1M8GDM9AYKP042788"}, "country": {"USA"}, "status": {"stolen"}}}, 422, "invalid_field", "properties.vin"},
			{"VIN with an O", "smv", client.NewRecord{Schema: "Vehicle", Properties: map[string][]string{"vin": {"1M8GDM9AXKP04278O"}, "status": {"stolen"}}}, 422, "invalid_field", "properties.vin"},
			{"vehicle without VIN or plate", "smv", client.NewRecord{Schema: "Vehicle", Properties: map[string][]string{"make": {"Renault"}, "status": {"stolen"}}}, 422, "missing_field", "properties.vin"},
			{"IMO check digit", "vessels", client.NewRecord{Schema: "Vessel", Properties: map[string][]string{"imoNumber": {"IMO 9074728"}, "status": {"stolen"}}}, 422, "invalid_field", "properties.imoNumber"},
			{"link to nothing", "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{"number": {"X1"}, "country": {"USA"}, "type": {"P"}, "status": {"lost"}, "holder": {"01HZY3Q8W7K3M2N4P5R6S7T8V9"}}}, 422, "invalid_field", "properties.holder"},
			{"link to the wrong schema", "nominal", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"A B"}, "notices": {person.ID}}}, 422, "invalid_field", "properties.notices"},
			{"allowed and excluded", "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{"number": {"X1"}, "country": {"USA"}, "type": {"P"}, "status": {"lost"}}, Restrictions: &client.Restrictions{Countries: []string{"CAN"}, ExcludedCountries: []string{"CAN"}}}, 422, "invalid_field", "restrictions.excluded_countries"},
			{"restricted to a non-member", "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{"number": {"X1"}, "country": {"USA"}, "type": {"P"}, "status": {"lost"}}, Restrictions: &client.Restrictions{Countries: []string{"XYZ"}}}, 422, "invalid_field", "restrictions.countries"},
			{"restricted to a body", "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{"number": {"X1"}, "country": {"USA"}, "type": {"P"}, "status": {"lost"}}, Restrictions: &client.Restrictions{UnitKinds: []string{"secretariat"}}}, 422, "invalid_field", "restrictions.unit_kinds"},
			{"review later than the default", "nominal", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"A B"}}, ReviewAt: &far}, 422, "invalid_field", "review_at"},
			{"too many values", "nominal", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"A B"}, "alias": strings.Split(strings.Repeat("x,", 101), ",")}}, 422, "invalid_field", "properties.alias"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, _, err := usa.CreateRecord(ctx, tc.db, tc.rec)
				ae := wantCode(t, err, tc.status, tc.code)
				if ae.Field != tc.field {
					t.Fatalf("field = %q, want %q (%s)", ae.Field, tc.field, ae.Message)
				}
			})
		}
		for _, tc := range []struct{ name, body, code string }{
			{"malformed", `{"schema":`, "malformed_json"},
			{"unknown field", `{"schema":"Passport","properties":{},"owner":"DEU"}`, "unknown_field"},
			{"properties not multi-valued", `{"schema":"Passport","properties":{"number":"X1"}}`, "wrong_type"},
			{"oversized", `{"schema":"Person","properties":{"notes":["` + strings.Repeat("n", 70<<10) + `"]}}`, "body_too_large"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, body, _ := usa.Raw(ctx, "POST", "/api/v1/databases/sltd/records", "application/json", []byte(tc.body))
				if status < 400 || !strings.Contains(string(body), `"code":"`+tc.code+`"`) {
					t.Fatalf("%d %s, want %s", status, body, tc.code)
				}
			})
		}
		_, _, err := e.as("usa.border-officer").CreateRecord(ctx, "sltd", passport("X2"))
		wantCode(t, err, 403, "unit_kind_not_permitted")
		_, _, err = e.as("secretariat.reviewer").CreateRecord(ctx, "sltd", passport("X3"))
		wantCode(t, err, 403, "unit_kind_not_permitted")
		if after := e.count(`SELECT count(*) FROM records`); after != before {
			t.Fatalf("refused records were stored: %d before, %d after", before, after)
		}
		// A US-registered vehicle with a valid check digit, a ship with a valid IMO number.
		if _, _, err := usa.CreateRecord(ctx, "smv", client.NewRecord{Schema: "Vehicle", Properties: map[string][]string{"vin": {"1M8GDM9AXKP042788"}, "country": {"USA"}, "status": {"stolen"}}}); err != nil {
			t.Fatal(err)
		}
		if r, _, err := usa.CreateRecord(ctx, "vessels", client.NewRecord{Schema: "Vessel", Properties: map[string][]string{"imoNumber": {"imo 9074729"}, "status": {"stolen"}}}); err != nil || r.Properties["imoNumber"][0] != "IMO9074729" {
			t.Fatalf("vessel: %+v %v", r, err)
		}
	})
}
