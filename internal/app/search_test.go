package app_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/auth"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
	"github.com/ncbnet/ncbnet/internal/synth"
)

func query(purpose, schema string, props map[string][]string, dbs ...string) client.SearchQuery {
	var q client.SearchQuery
	q.Purpose, q.Databases = purpose, dbs
	q.Query.Schema, q.Query.Properties = schema, props
	return q
}

func createRecord(t *testing.T, c *client.Client, db string, n client.NewRecord) client.Record {
	t.Helper()
	r, _, err := c.CreateRecord(context.Background(), db, n)
	if err != nil {
		t.Fatalf("create record: %v", err)
	}
	return r
}

func TestIdentifierSearch(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra, deu := e.as("fra.officer"), e.as("deu.officer")
		stolen := createRecord(t, fra, "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{
			"number": {"X0123I45"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})

		t.Run("findable as soon as the write returns, exactly and through look-alikes", func(t *testing.T) {
			for _, tc := range []struct {
				number, country string
				score           float64
				match           bool
			}{
				{"x0123-i45", "FRA", 1, true},
				{"X 0123 I45", "", 1, true},
				{"XO123145", "FRA", 0.85, true},
				{"X0123I45", "DEU", 0.5, false},
			} {
				props := map[string][]string{"number": {tc.number}}
				if tc.country != "" {
					props["country"] = []string{tc.country}
				}
				res := must[[]client.SearchResult](t)(deu.Search(ctx, query("border-control", "Passport", props, "sltd")))
				if len(res) != 1 || res[0].Record.ID != stolen.ID || res[0].Score != tc.score || res[0].Match != tc.match || len(res[0].Explanation) == 0 {
					t.Fatalf("search %s/%s: %+v", tc.number, tc.country, res)
				}
			}
			none := must[[]client.SearchResult](t)(deu.Search(ctx, query("border-control", "Passport", map[string][]string{"number": {"ZZ999999"}}, "sltd")))
			if len(none) != 0 {
				t.Fatalf("an unknown number found %+v", none)
			}
		})

		t.Run("a restricted record is invisible, not counted", func(t *testing.T) {
			secret := createRecord(t, fra, "sltd", client.NewRecord{Schema: "Passport", Restrictions: &client.Restrictions{Countries: []string{"USA"}},
				Properties: map[string][]string{"number": {"RESTRICT1"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
			q := query("criminal-investigation", "Passport", map[string][]string{"number": {"RESTRICT1"}}, "sltd")
			if res := must[[]client.SearchResult](t)(deu.Search(ctx, q)); len(res) != 0 {
				t.Fatalf("DEU sees a record restricted to USA: %+v", res)
			}
			if res := must[[]client.SearchResult](t)(e.as("usa.officer").Search(ctx, q)); len(res) != 1 || res[0].Record.ID != secret.ID {
				t.Fatalf("USA does not see the record released to it: %+v", res)
			}
		})

		t.Run("a search declares its purpose and stays in its grants", func(t *testing.T) {
			q := query("", "Passport", map[string][]string{"number": {"X0123I45"}}, "sltd")
			_, err := deu.Search(ctx, q)
			wantCode(t, err, 403, "purpose_required")
			q.Purpose = "border-control"
			_, err = e.as("deu.border-officer").Search(ctx, q)
			wantCode(t, err, 403, "unit_kind_not_permitted")
			_, err = e.as("deu.analyst").Search(ctx, query("forensic", "ImageHash", map[string][]string{"sha256": {strings.Repeat("a", 64)}}, "icse"))
			wantCode(t, err, 403, "database_not_granted")
			_, err = deu.Search(ctx, query("border-control", "Passport", map[string][]string{"colour": {"red"}}, "sltd"))
			wantCode(t, err, 422, "invalid_field")
			_, err = deu.Search(ctx, query("border-control", "Spaceship", map[string][]string{}, "sltd"))
			wantCode(t, err, 422, "invalid_field")
			status, body, _ := deu.Raw(ctx, "POST", "/api/v1/search", "application/json", []byte(`{"purpose":"alert","query":{"schema":"Passport","properties":{"number":"X1"}}}`))
			if status != 400 || !strings.Contains(string(body), "wrong_type") {
				t.Fatalf("properties not multi-valued: %d %s", status, body)
			}
		})

		t.Run("the owner learns of every result shown outside its bureau", func(t *testing.T) {
			streamCtx, stop := context.WithCancel(ctx)
			defer stop()
			live := must[<-chan client.Hit](t)(fra.StreamHits(streamCtx, ""))
			usa := e.as("usa.analyst")
			before := time.Now()
			res := must[[]client.SearchResult](t)(usa.Search(ctx, query("criminal-investigation", "Passport", map[string][]string{"number": {"X0123I45"}}, "sltd")))
			if len(res) != 1 {
				t.Fatalf("results = %+v", res)
			}
			select {
			case h := <-live:
				if h.RecordID != stolen.ID || h.Searcher.Name != "usa.analyst" || h.Searcher.Country != "USA" || h.Purpose != "criminal-investigation" || !h.Match {
					t.Fatalf("live hit = %+v", h)
				}
				if d := time.Since(before); d > time.Second {
					t.Fatalf("the hit reached the owner's stream after %v", d)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("no hit on the owner's stream")
			}
			listed := must[client.Page[client.Hit]](t)(fra.Hits(ctx, "", client.ListOptions{}))
			if len(listed.Items) == 0 || listed.Items[0].Searcher.Name != "usa.analyst" || listed.Items[0].RecordID != stolen.ID {
				t.Fatalf("listed hits = %+v", listed.Items)
			}
			_, err := deu.Hits(ctx, "FRA", client.ListOptions{})
			wantCode(t, err, 403, "other_bureau")
			// A bureau searching its own records makes no hits.
			n := len(must[client.Page[client.Hit]](t)(fra.Hits(ctx, "", client.ListOptions{Limit: 1000})).Items)
			must[[]client.SearchResult](t)(fra.Search(ctx, query("criminal-investigation", "Passport", map[string][]string{"number": {"X0123I45"}}, "sltd")))
			if m := len(must[client.Page[client.Hit]](t)(fra.Hits(ctx, "", client.ListOptions{Limit: 1000})).Items); m != n {
				t.Fatalf("FRA's own search made %d hits", m-n)
			}
		})

		t.Run("changes and deletions are seen at once", func(t *testing.T) {
			r := createRecord(t, fra, "smv", client.NewRecord{Schema: "Vehicle", Properties: map[string][]string{"registrationNumber": {"AB-123-CD"}, "status": {"stolen"}}})
			q := query("border-control", "Vehicle", map[string][]string{"registrationNumber": {"ab123cd"}}, "smv")
			if res := must[[]client.SearchResult](t)(deu.Search(ctx, q)); len(res) != 1 {
				t.Fatalf("new vehicle not found: %+v", res)
			}
			must[client.Record](t)(fra.UpdateRecord(ctx, r.ID, client.RecordPatch{Properties: map[string][]string{"registrationNumber": {"ZZ-999-ZZ"}}}))
			if res := must[[]client.SearchResult](t)(deu.Search(ctx, q)); len(res) != 0 {
				t.Fatalf("the old plate still finds the vehicle: %+v", res)
			}
			q.Query.Properties["registrationNumber"] = []string{"ZZ999ZZ"}
			if res := must[[]client.SearchResult](t)(deu.Search(ctx, q)); len(res) != 1 {
				t.Fatalf("the new plate does not find the vehicle: %+v", res)
			}
			blocked := "blocked"
			must[client.Record](t)(fra.UpdateRecord(ctx, r.ID, client.RecordPatch{Status: blocked}))
			if res := must[[]client.SearchResult](t)(deu.Search(ctx, q)); len(res) != 0 {
				t.Fatalf("a blocked record is served: %+v", res)
			}
			must[client.Record](t)(fra.UpdateRecord(ctx, r.ID, client.RecordPatch{Status: "active"}))
			if err := fra.DeleteRecord(ctx, r.ID); err != nil {
				t.Fatal(err)
			}
			if res := must[[]client.SearchResult](t)(deu.Search(ctx, q)); len(res) != 0 {
				t.Fatalf("a deleted record is served: %+v", res)
			}
		})
	})
}

// The index is rebuilt from the store when a node starts.
func TestIndexRebuiltAtStart(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn, data := b.DSN(t), t.TempDir()
			cfg := app.Config{DataDir: data, DB: dsn, Argon2: &cheapArgon2, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
			first, err := app.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := first.SeedDemo(ctx, demoPassword, synth.WriteDemoDocuments); err != nil {
				t.Fatal(err)
			}
			fra := must[access.Principal](t)(first.Auth.Authenticate(ctx, must[auth.Session](t)(first.Auth.Login(ctx, "fra.officer", demoPassword)).Token))
			if _, _, err := first.Records.Create(ctx, fra, "sltd", records.NewRecord{Schema: "Passport", Properties: map[string][]string{
				"number": {"REBUILD01"}, "country": {"FRA"}, "type": {"P"}, "status": {"lost"}}}); err != nil {
				t.Fatal(err)
			}
			if err := first.Close(); err != nil {
				t.Fatal(err)
			}
			second, err := app.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer second.Close()
			if n := second.Index.CountIdentifier(records.KindDocumentNumber, "REBUILD01"); n != 1 {
				t.Fatalf("after a restart the index finds %d records, want 1", n)
			}
		})
	}
}
