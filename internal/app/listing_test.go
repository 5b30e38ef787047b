package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

func firearm(serial string) client.NewRecord {
	return client.NewRecord{Schema: "Firearm", Key: "gun-" + serial, Properties: map[string][]string{
		"make": {"Walther"}, "model": {"P99"}, "serialNumber": {serial}, "status": {"stolen"},
	}}
}

// allRecords lists every page of a listing, one page of limit at a time,
// and fails t on a page that is short while another follows.
func allRecords(t *testing.T, c *client.Client, db string, q client.RecordQuery, limit int) []client.Record {
	t.Helper()
	var out []client.Record
	o := client.ListOptions{Limit: limit}
	for range 100 {
		p, err := c.ListRecords(context.Background(), db, q, o)
		if err != nil {
			t.Fatalf("list %s %+v: %v", db, q, err)
		}
		out = append(out, p.Items...)
		if p.NextCursor == nil {
			return out
		}
		if len(p.Items) != limit {
			t.Fatalf("a page of %d records of %d while more follow: what the reader may not see shows", len(p.Items), limit)
		}
		o.Cursor = *p.NextCursor
	}
	t.Fatal("more than 100 pages")
	return nil
}

func recordIDs(rs []client.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func TestListRecords(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		deu, fra := e.as("deu.officer"), e.as("fra.officer")
		var own []string
		for i := range 7 {
			n := firearm(fmt.Sprintf("DEU-%03d", i))
			if i == 3 {
				due := e.clock.Now().Add(30 * 24 * time.Hour)
				n.ReviewAt = &due
			}
			own = append(own, createRecord(t, deu, "firearms", n).ID)
		}
		blocked := must[client.Record](t)(deu.UpdateRecord(ctx, own[5], client.RecordPatch{Status: "blocked"}))
		slices.Sort(own)

		plain := createRecord(t, fra, "firearms", firearm("FRA-PLAIN"))
		ncbOnly := firearm("FRA-NCB-ONLY")
		ncbOnly.Restrictions = &client.Restrictions{NCBOnly: true}
		ncbOnlyRec := createRecord(t, fra, "firearms", ncbOnly)
		forUSA := firearm("FRA-USA-ONLY")
		forUSA.Restrictions = &client.Restrictions{Countries: []string{"USA"}}
		createRecord(t, fra, "firearms", forUSA)
		notDEU := firearm("FRA-NOT-DEU")
		notDEU.Restrictions = &client.Restrictions{ExcludedCountries: []string{"DEU"}}
		createRecord(t, fra, "firearms", notDEU)
		fraBlocked := createRecord(t, fra, "firearms", firearm("FRA-BLOCKED"))
		must[client.Record](t)(fra.UpdateRecord(ctx, fraBlocked.ID, client.RecordPatch{Status: "blocked"}))

		t.Run("a bureau lists its own records without a purpose", func(t *testing.T) {
			got := allRecords(t, deu, "firearms", client.RecordQuery{}, 100)
			if !slices.Equal(recordIDs(got), own) {
				t.Fatalf("DEU's firearms: %v, want its own %v", recordIDs(got), own)
			}
			for _, r := range got {
				if r.Owner != "DEU" || r.OwnerUnit == "" {
					t.Fatalf("own record shown without its owner's details: %+v", r)
				}
			}
			for _, owner := range []string{"DEU", "deu"} {
				if got := allRecords(t, deu, "firearms", client.RecordQuery{Owner: owner}, 100); !slices.Equal(recordIDs(got), own) {
					t.Errorf("owner=%s: %v", owner, recordIDs(got))
				}
			}
		})

		t.Run("filters", func(t *testing.T) {
			if got := allRecords(t, deu, "firearms", client.RecordQuery{Status: "blocked"}, 100); len(got) != 1 || got[0].ID != blocked.ID {
				t.Errorf("status=blocked: %v, want %s", recordIDs(got), blocked.ID)
			}
			if got := allRecords(t, deu, "firearms", client.RecordQuery{Status: "active"}, 100); len(got) != 6 || slices.Contains(recordIDs(got), blocked.ID) {
				t.Errorf("status=active: %v", recordIDs(got))
			}
			soon := allRecords(t, deu, "firearms", client.RecordQuery{ReviewBefore: e.clock.Now().Add(60 * 24 * time.Hour)}, 100)
			if len(soon) != 1 || soon[0].Properties["serialNumber"][0] != "DEU-003" {
				t.Errorf("review_before in 60 days: %+v", soon)
			}
			status, body, err := deu.Raw(ctx, "GET", "/api/v1/databases/firearms/records?review_before="+e.clock.Now().Add(60*24*time.Hour).Format(time.DateOnly), "", nil)
			if err != nil || status != 200 || !strings.Contains(string(body), soon[0].ID) {
				t.Errorf("review_before as a date: %d %s", status, body)
			}
		})

		t.Run("pages hold every record once", func(t *testing.T) {
			for _, limit := range []int{1, 2, 3, 6, 7, 8} {
				if got := allRecords(t, deu, "firearms", client.RecordQuery{}, limit); !slices.Equal(recordIDs(got), own) {
					t.Errorf("pages of %d: %v, want %v", limit, recordIDs(got), own)
				}
			}
			first := must[client.Page[client.Record]](t)(deu.ListRecords(ctx, "firearms", client.RecordQuery{}, client.ListOptions{Limit: 7}))
			if len(first.Items) != 7 || first.NextCursor != nil {
				t.Errorf("a page holding the last record says more follow: %d items, cursor %v", len(first.Items), first.NextCursor)
			}
		})

		t.Run("another bureau's records need a purpose", func(t *testing.T) {
			_, err := deu.ListRecords(ctx, "firearms", client.RecordQuery{Owner: "FRA"}, client.ListOptions{})
			ae := wantCode(t, err, 403, "purpose_required")
			if ae.Field != "purpose" || !strings.Contains(ae.Message, "criminal-investigation") || !strings.Contains(ae.Message, "border-control") {
				t.Errorf("the refusal does not list the purposes: %+v", ae)
			}
			_, err = deu.ListRecords(ctx, "firearms", client.RecordQuery{Owner: "FRA", Purpose: "curiosity"}, client.ListOptions{})
			if ae := wantCode(t, err, 403, "purpose_unknown"); !strings.Contains(ae.Message, "threat-analysis") {
				t.Errorf("the refusal does not list the purposes: %+v", ae)
			}
			_, err = e.as("secretariat.reviewer").ListRecords(ctx, "firearms", client.RecordQuery{}, client.ListOptions{})
			wantCode(t, err, 403, "purpose_required")
		})

		t.Run("with a purpose, only what the access decision admits", func(t *testing.T) {
			hitsBefore := e.count(`SELECT count(*) FROM hits WHERE owner = 'FRA'`)
			want := []string{plain.ID, ncbOnlyRec.ID}
			slices.Sort(want)
			got := allRecords(t, deu, "firearms", client.RecordQuery{Owner: "FRA", Purpose: "criminal-investigation"}, 1)
			if !slices.Equal(recordIDs(got), want) {
				t.Fatalf("DEU lists FRA's firearms: %v, want the two it may see %v", recordIDs(got), want)
			}
			for _, r := range got {
				if r.OwnerUnit != "" || r.Restrictions.NCBOnly {
					t.Errorf("another bureau sees how the owner restricted its record: %+v", r)
				}
			}
			if n := e.count(`SELECT count(*) FROM hits WHERE owner = 'FRA'`) - hitsBefore; n != 2 {
				t.Errorf("%d hits for FRA, want one for each record DEU was shown", n)
			}
			everyone := allRecords(t, deu, "firearms", client.RecordQuery{Purpose: "criminal-investigation"}, 2)
			var owners []string
			for _, r := range everyone {
				owners = append(owners, r.Owner)
			}
			if len(everyone) != 10 || slices.Contains(recordIDs(everyone), fraBlocked.ID) || !slices.Contains(recordIDs(everyone), blocked.ID) {
				t.Errorf("DEU lists every bureau's firearms: %v (owners %v); want its own 7, BRA's and FRA's 2", recordIDs(everyone), owners)
			}
			// A specialised unit of DEU sees FRA's records released to NCBs
			// only no more than a search shows them; and firearms are not
			// among its databases at all.
			_, err := e.as("deu.analyst").ListRecords(ctx, "firearms", client.RecordQuery{Owner: "FRA", Purpose: "criminal-investigation"}, client.ListOptions{})
			wantCode(t, err, 403, "database_not_granted")
			usa := allRecords(t, e.as("usa.officer"), "firearms", client.RecordQuery{Owner: "FRA", Purpose: "criminal-investigation"}, 100)
			if len(usa) != 4 {
				t.Errorf("USA lists FRA's firearms: %v, want 4 (not the blocked one)", recordIDs(usa))
			}
		})

		t.Run("overdue records of other bureaus are not served", func(t *testing.T) {
			e.clock.Advance(31 * 24 * time.Hour)
			deu, fra := e.as("deu.officer"), e.as("fra.officer")
			mine := allRecords(t, deu, "firearms", client.RecordQuery{ReviewBefore: e.clock.Now()}, 100)
			if len(mine) != 1 {
				t.Errorf("DEU's own overdue records: %v", recordIDs(mine))
			}
			theirs := allRecords(t, fra, "firearms", client.RecordQuery{Owner: "DEU", Purpose: "criminal-investigation"}, 100)
			if len(theirs) != 5 || slices.Contains(recordIDs(theirs), mine[0].ID) || slices.Contains(recordIDs(theirs), blocked.ID) {
				t.Errorf("FRA lists DEU's firearms: %v; want the 5 active ones not overdue", recordIDs(theirs))
			}
		})

		t.Run("listing is audited", func(t *testing.T) {
			if err := e.node.Audit.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			dpo := e.as("fra.dpo")
			entries := must[client.Page[client.AuditEntry]](t)(dpo.AuditEntries(ctx, client.AuditQuery{Action: "record.search", Actor: "deu.officer"}, client.ListOptions{Limit: 100}))
			var listings []client.AuditEntry
			for _, en := range entries.Items {
				if en.Details["listing"] == "true" && en.Details["owner"] == "FRA" && en.Outcome == "success" {
					listings = append(listings, en)
				}
			}
			if len(listings) != 2 {
				t.Fatalf("%d listings of FRA's firearms audited, want 2 (a page each): %+v", len(listings), entries.Items)
			}
			for _, en := range listings {
				if en.Purpose != "criminal-investigation" || !slices.Equal(en.Subjects, []string{"FRA"}) || len(en.Resources) != 1 || en.Details["database"] != "firearms" {
					t.Errorf("listing entry: %+v", en)
				}
			}
			if n := e.count(`SELECT count(*) FROM audit_entries WHERE action = 'record.list'`); n < 10 {
				t.Errorf("%d own listings audited", n)
			}
			if n := e.count(`SELECT count(*) FROM audit_entries WHERE action = 'record.search' AND outcome = 'denied' AND actor_name = 'deu.officer'`); n < 1 {
				t.Error("a listing refused for want of a purpose is not audited")
			}
		})

		t.Run("refused listings", func(t *testing.T) {
			fra := e.as("fra.officer") // the clock moved past the first session
			_, err := e.anon().ListRecords(ctx, "firearms", client.RecordQuery{}, client.ListOptions{})
			wantCode(t, err, 401, "unauthenticated")
			_, err = e.as("deu.border-officer").ListRecords(ctx, "sltd", client.RecordQuery{}, client.ListOptions{})
			wantCode(t, err, 403, "unit_kind_not_permitted")
			_, err = e.as("deu.dpo").ListRecords(ctx, "firearms", client.RecordQuery{}, client.ListOptions{})
			wantCode(t, err, 403, "role_not_permitted")
			before := e.count(`SELECT count(*) FROM hits`)
			for _, tc := range []struct {
				query, code, field string
				status             int
			}{
				{"limit=0", "bad_parameter", "limit", 400},
				{"limit=1001", "bad_parameter", "limit", 400},
				{"limit=ten", "bad_parameter", "limit", 400},
				{"cursor=%21%21", "bad_parameter", "cursor", 400},
				{"status=deleted", "bad_parameter", "status", 400},
				{"status=ACTIVE", "bad_parameter", "status", 400},
				{"review_before=tomorrow", "bad_parameter", "review_before", 400},
				{"review_before=2031-02-30", "bad_parameter", "review_before", 400},
				{"owner=XX", "bad_parameter", "owner", 400},
				{"owner=FRANCE&purpose=alert", "bad_parameter", "owner", 400},
				{"owner=ZZZ&purpose=alert", "bad_parameter", "owner", 400},
				{"onwer=FRA", "bad_parameter", "onwer", 400},
				{"owner=FRA&owner=DEU&purpose=alert", "bad_parameter", "owner", 400},
				{"purpose=curiosity", "purpose_unknown", "purpose", 403},
			} {
				status, body, err := fra.Raw(ctx, "GET", "/api/v1/databases/firearms/records?"+tc.query, "", nil)
				var got struct {
					Error client.Error `json:"error"`
				}
				if err != nil || json.Unmarshal(body, &got) != nil || status != tc.status || got.Error.Code != tc.code || got.Error.Field != tc.field || got.Error.Message == "" {
					t.Errorf("?%s: %d %s, want %d %s on %s", tc.query, status, body, tc.status, tc.code, tc.field)
				}
			}
			_, err = fra.ListRecords(ctx, "guns", client.RecordQuery{}, client.ListOptions{})
			if ae := wantCode(t, err, 404, "not_found"); ae.Field != "db" {
				t.Errorf("an unknown database: %+v", ae)
			}
			if after := e.count(`SELECT count(*) FROM hits`); after != before {
				t.Errorf("refused listings made %d hits", after-before)
			}
		})
	})
}

func TestPurposes(t *testing.T) {
	e := newEnv(t, t.TempDir()+"/node.db")
	ctx := context.Background()
	ps := must[[]client.Purpose](t)(e.as("fra.border-officer").Purposes(ctx))
	var ids, border []string
	for _, p := range ps {
		ids = append(ids, p.ID)
		if p.Meaning == "" {
			t.Errorf("purpose %s has no meaning", p.ID)
		}
		if p.BorderPoint {
			border = append(border, p.ID)
		}
	}
	if strings.Join(ids, ",") != "locate-wanted-person,identification,criminal-investigation,alert,forensic,border-control,security-check,threat-analysis" {
		t.Errorf("purposes: %v", ids)
	}
	if strings.Join(border, ",") != "border-control,security-check" {
		t.Errorf("a border point's purposes: %v", border)
	}
	_, err := e.anon().Purposes(ctx)
	wantCode(t, err, 401, "unauthenticated")
	// Refusals for want of a purpose list them, wherever a purpose is asked.
	_, err = e.as("fra.border-officer").Check(ctx, "", client.CheckItem{Kind: "document", Number: "19FV04321", Country: "FRA"})
	if ae := wantCode(t, err, 403, "purpose_required"); ae.Field != "purpose" || !strings.Contains(ae.Message, "border-control, security-check") || strings.Contains(ae.Message, "forensic") {
		t.Errorf("a border point's check without a purpose: %+v", ae)
	}
}
