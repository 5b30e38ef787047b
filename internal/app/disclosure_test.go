package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

// What a reader learns never depends on whether a record it may not see
// exists: the answers for a hidden record and for no record are the same.
func TestHiddenRecordsLookMissing(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.officer")
		hidden := createRecord(t, fra, "sltd", client.NewRecord{Schema: "Passport", Restrictions: &client.Restrictions{Countries: []string{"DEU"}},
			Properties: map[string][]string{"number": {"HIDDEN001"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
		icse := createRecord(t, fra, "icse", client.NewRecord{Schema: "ImageHash", Properties: map[string][]string{"md5": {strings.Repeat("c", 32)}}})
		missing := "01HZY3Q8W7K3M2N4P5R6S7T8V9"
		same := func(who *client.Client, id string, read func(c *client.Client, id string) error) (string, string) {
			a := client.ErrorCode(read(who, id))
			b := client.ErrorCode(read(who, missing))
			return a, b
		}
		usa, border, unit := e.as("usa.officer"), e.as("usa.border-officer"), e.as("deu.analyst")
		for _, tc := range []struct {
			name string
			who  *client.Client
			id   string
			do   func(c *client.Client, id string) error
		}{
			{"read, restricted", usa, hidden.ID, func(c *client.Client, id string) error {
				_, err := c.Record(ctx, id, "criminal-investigation")
				return err
			}},
			{"read, no purpose", usa, hidden.ID, func(c *client.Client, id string) error { _, err := c.Record(ctx, id, ""); return err }},
			{"read by a border point", border, hidden.ID, func(c *client.Client, id string) error { _, err := c.Record(ctx, id, "border-control"); return err }},
			{"read, database not granted", unit, icse.ID, func(c *client.Client, id string) error { _, err := c.Record(ctx, id, "forensic"); return err }},
			{"history, restricted", usa, hidden.ID, func(c *client.Client, id string) error {
				_, err := c.RecordVersions(ctx, id, "criminal-investigation")
				return err
			}},
			{"change, restricted", usa, hidden.ID, func(c *client.Client, id string) error {
				_, err := c.UpdateRecord(ctx, id, client.RecordPatch{Status: "blocked"})
				return err
			}},
			{"delete, restricted", usa, hidden.ID, func(c *client.Client, id string) error { return c.DeleteRecord(ctx, id) }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, want := same(tc.who, tc.id, tc.do)
				if got == "" || got != want {
					t.Fatalf("hidden record answers %q, a missing one %q", got, want)
				}
			})
		}
		// A link to a record the writer may not see is a link to nothing.
		_, _, err := usa.CreateRecord(ctx, "nominal", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"A B"}, "documents": {hidden.ID}}})
		if ae := wantCode(t, err, 422, "invalid_field"); !strings.Contains(ae.Message, "no record") {
			t.Fatalf("link to a hidden record: %s", ae.Message)
		}
		// The owner's record is untouched.
		if r := must[client.Record](t)(fra.Record(ctx, hidden.ID, "criminal-investigation")); r.Status != "active" {
			t.Fatalf("record = %+v", r)
		}
	})
}

func TestReadsOutsideTheBureau(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra, deu := e.as("fra.officer"), e.as("deu.officer")
		rec := createRecord(t, fra, "sltd", client.NewRecord{Schema: "Passport", Restrictions: &client.Restrictions{ExcludedCountries: []string{"CHN"}},
			Properties: map[string][]string{"number": {"READ00001"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}, "surname": {"Durand"}, "notes": {"informant, do not approach"}}})

		t.Run("another bureau sees neither the restrictions nor the owner's unit", func(t *testing.T) {
			got := must[client.Record](t)(deu.Record(ctx, rec.ID, "criminal-investigation"))
			if len(got.Restrictions.ExcludedCountries) != 0 || got.OwnerUnit != "" {
				t.Fatalf("DEU sees %+v", got)
			}
			own := must[client.Record](t)(fra.Record(ctx, rec.ID, "criminal-investigation"))
			if len(own.Restrictions.ExcludedCountries) != 1 || own.OwnerUnit == "" {
				t.Fatalf("the owner sees %+v", own)
			}
		})

		t.Run("a read by ID from outside is a hit for the owner", func(t *testing.T) {
			page := must[client.Page[client.Hit]](t)(fra.Hits(ctx, "", client.ListOptions{Limit: 1000}))
			found := false
			for _, h := range page.Items {
				found = found || (h.RecordID == rec.ID && h.Searcher.Name == "deu.officer")
			}
			if !found {
				t.Fatalf("no hit for DEU's read: %+v", page.Items)
			}
			reads := must[client.Page[client.AuditEntry]](t)(e.as("fra.dpo").AuditEntries(ctx, client.AuditQuery{Action: "hit.read", Actor: "fra.officer"}, client.ListOptions{}))
			if len(reads.Items) == 0 {
				t.Fatal("reading the hits was not audited")
			}
		})

		t.Run("a result that is not a match shows only what identifies", func(t *testing.T) {
			createRecord(t, fra, "nominal", client.NewRecord{Schema: "Person", Properties: map[string][]string{"name": {"Jean-Pierre Lefebvre"}, "birthDate": {"1971-05-02"}, "notes": {"informant, do not approach"}}})
			res := must[[]client.SearchResult](t)(deu.Search(ctx, query("criminal-investigation", "Person", map[string][]string{"name": {"Jean"}}, "nominal")))
			for _, r := range res {
				if !r.Match && r.Record.Properties["notes"] != nil {
					t.Fatalf("a non-match shows its notes: %+v", r)
				}
			}
		})

		t.Run("deleting a record leaves no data in its hits", func(t *testing.T) {
			must[[]client.SearchResult](t)(deu.Search(ctx, query("criminal-investigation", "Passport", map[string][]string{"number": {"READ00001"}}, "sltd")))
			if err := fra.DeleteRecord(ctx, rec.ID); err != nil {
				t.Fatal(err)
			}
			page := must[client.Page[client.Hit]](t)(fra.Hits(ctx, "", client.ListOptions{Limit: 1000}))
			for _, h := range page.Items {
				if h.RecordID == rec.ID && len(h.Matched) != 0 {
					t.Fatalf("a hit on a deleted record keeps %v", h.Matched)
				}
			}
		})
	})
}

func TestSearchLimitsAndReview(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra, deu := e.as("fra.officer"), e.as("deu.officer")
		createRecord(t, fra, "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{"number": {"REVIEW001"}, "country": {"FRA"}, "type": {"P"}, "status": {"lost"}}})
		q := query("criminal-investigation", "Passport", map[string][]string{"number": {"REVIEW001"}})
		q.Databases = []string{"sltd", "sltd", "sltd", "sltd"}
		if res := must[[]client.SearchResult](t)(deu.Search(ctx, q)); len(res) != 1 {
			t.Fatalf("repeated database names: %+v", res)
		}
		names := query("criminal-investigation", "Person", map[string][]string{"name": {"a", "b", "c", "d", "e", "f"}}, "nominal")
		_, err := deu.Search(ctx, names)
		wantCode(t, err, 422, "invalid_field")
		// Only the issuing country reports a travel document to SLTD.
		_, _, err = fra.CreateRecord(ctx, "sltd", client.NewRecord{Schema: "Passport", Properties: map[string][]string{"number": {"C01X00T47"}, "country": {"DEU"}, "type": {"P"}, "status": {"stolen"}}})
		wantCode(t, err, 422, "invalid_field")
		// Past its review date a record is not served outside its bureau.
		e.clock.Advance(10*365*24*time.Hour + 24*time.Hour)
		deu, fra = e.as("deu.officer"), e.as("fra.officer")
		q.Databases = []string{"sltd"}
		if res := must[[]client.SearchResult](t)(deu.Search(ctx, q)); len(res) != 0 {
			t.Fatalf("an overdue record is served to DEU: %+v", res)
		}
		if res := must[[]client.SearchResult](t)(fra.Search(ctx, q)); len(res) != 1 {
			t.Fatalf("the owner no longer finds its overdue record: %+v", res)
		}
	})
}
