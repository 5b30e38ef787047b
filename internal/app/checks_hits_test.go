package app_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

// A document and its MRZ in one request are one hit, which both results
// show; the same traveller checked again by the same unit while that hit
// waits gets it back, not a second one to answer; once answered, a new
// check makes a new hit. Each hit says what was checked.
func TestCheckOneHitPerTraveller(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		border := e.as("fra.border-officer")
		doc := client.CheckItem{Kind: "document", Number: "19FV04321", Country: "FRA", Type: "P"}
		zone := client.CheckItem{Kind: "mrz", MRZ: td3(t, "FRA", "MARTIN", "CLAIRE", "19FV04321", "FRA", "850301", "F", "300101")}
		res := must[[]client.CheckResult](t)(border.Check(ctx, "border-control", doc, zone))
		if len(res) != 2 || res[0].Outcome != "hit" || res[1].Outcome != "hit" || len(res[0].Hits) != 1 || len(res[1].Hits) != 1 {
			t.Fatalf("%+v, want both items to hit", res)
		}
		first := res[0].Hits[0]
		if res[1].Hits[0].HitID != first.HitID {
			t.Fatalf("the document and its MRZ made hits %s and %s, want one", first.HitID, res[1].Hits[0].HitID)
		}
		if n := e.count(`SELECT count(*) FROM hits WHERE source = 'check'`); n != 1 {
			t.Fatalf("%d hits stored, want 1", n)
		}
		owned := must[client.Page[client.Hit]](t)(e.as("fra.officer").Hits(ctx, "", client.ListOptions{}))
		if len(owned.Items) != 1 || len(owned.Items[0].Checked) != 2 || owned.Items[0].Checked[0].Number != "19FV04321" || owned.Items[0].Checked[1].MRZ != zone.MRZ {
			t.Fatalf("the owner's hit: %+v, want what was checked: the document and the MRZ", owned.Items)
		}

		// Checked again, by MRZ alone, a minute later: the waiting hit.
		e.clock.Advance(time.Minute)
		again := one(t, border, "border-control", zone)
		if again.Outcome != "hit" || again.Hits[0].HitID != first.HitID || !again.Hits[0].Deadline.Equal(first.Deadline) {
			t.Fatalf("checked again: %+v, want hit %s with its deadline %v", again, first.HitID, first.Deadline)
		}
		if n := e.count(`SELECT count(*) FROM hits`); n != 1 {
			t.Fatalf("%d hits after the repeat, want 1", n)
		}
		// The repeat is audited as a check that found that hit (recorded in
		// the journal: in the tree once synced).
		if err := e.node.Audit.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if n := e.count(`SELECT count(*) FROM audit_entry_resources WHERE resource = ?`, first.HitID); n < 1 {
			t.Errorf("the repeated check's audit entry does not name hit %s", first.HitID)
		}

		// Another unit checking the same traveller has a hit of its own.
		other := one(t, e.as("deu.border-officer"), "border-control", doc)
		if other.Outcome != "hit" || other.Hits[0].HitID == first.HitID {
			t.Fatalf("another unit: %+v, want a hit of its own", other)
		}

		// Answered: the next check is a new encounter, a new hit.
		must[client.Hit](t)(e.as("fra.officer").ConfirmHit(ctx, first.HitID, "confirmed", "hold her"))
		after := one(t, border, "border-control", doc)
		if after.Outcome != "hit" || after.Hits[0].HitID == first.HitID || after.Hits[0].Confirmation != "pending" {
			t.Fatalf("after the answer: %+v, want a new pending hit", after)
		}
		if n := e.count(`SELECT count(*) FROM hits`); n != 3 {
			t.Fatalf("%d hits, want 3", n)
		}
	})
}

// The owner's answer reaches the checking side with its note and who
// answered (bureau and unit), and each hit says what was checked.
func TestCheckAnswerReachesChecker(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		border := e.as("fra.border-officer")
		stream := must[<-chan client.CheckedHit](t)(border.StreamCheckedHits(ctx))
		person := client.CheckItem{Kind: "person", Name: "Sergei Volkov", BirthDate: "1979-02-11"}
		r := one(t, border, "border-control", person)
		if r.Outcome != "hit" {
			t.Fatalf("%+v, want a hit", r)
		}
		id := r.Hits[0].HitID
		if h := next(t, stream, "the new hit"); h.HitID != id || h.AnsweredBy != nil || len(h.Checked) != 1 || h.Checked[0].Name != "Sergei Volkov" {
			t.Fatalf("new hit on the stream: %+v", h)
		}
		must[client.Hit](t)(e.as("deu.officer").ConfirmHit(ctx, id, "denied", "not our subject: ours was born in Omsk"))
		h := next(t, stream, "the answer")
		if h.HitID != id || h.Confirmation != "denied" || h.Note != "not our subject: ours was born in Omsk" {
			t.Fatalf("the answer on the stream: %+v", h)
		}
		if h.AnsweredBy == nil || h.AnsweredBy.Bureau != "DEU" || h.AnsweredBy.Unit == "" {
			t.Fatalf("answered_by %+v, want the owner's bureau and unit", h.AnsweredBy)
		}
		listed := must[client.Page[client.CheckedHit]](t)(border.CheckedHits(ctx, client.ListOptions{}))
		if len(listed.Items) != 1 {
			t.Fatalf("listed %+v", listed.Items)
		}
		l := listed.Items[0]
		if l.Note != h.Note || l.AnsweredBy == nil || *l.AnsweredBy != *h.AnsweredBy || len(l.Checked) != 1 || l.Checked[0] != person {
			t.Fatalf("listed %+v, want the note, who answered and what was checked", l)
		}
	})
}

// A record that the owner keeps from border points answers refer at a
// border point: no record, no silent no-hit. The owner gets the hit, the
// checking NCB sees which record it was, the border point does not.
func TestCheckReferToNCB(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		revoked := client.CheckItem{Kind: "document", Number: "20FV11873", Country: "FRA"}
		border := e.as("deu.border-officer")
		r := one(t, border, "border-control", revoked)
		if r.Outcome != "refer" || len(r.Hits) != 0 || r.Refer == nil || len(r.Refer.HitIDs) != 1 || r.Refer.Message == "" {
			t.Fatalf("%+v, want refer with the hit and what to do", r)
		}
		id := r.Refer.HitIDs[0]
		owned := must[client.Page[client.Hit]](t)(e.as("fra.officer").Hits(ctx, "", client.ListOptions{}))
		if !slices.ContainsFunc(owned.Items, func(h client.Hit) bool {
			return h.ID == id && h.Referred && h.Searcher.Country == "DEU" && h.Confirmation == "pending"
		}) {
			t.Fatalf("the owner's hits %+v lack the referred one %s", owned.Items, id)
		}
		unit := must[client.Page[client.CheckedHit]](t)(border.CheckedHits(ctx, client.ListOptions{}))
		if len(unit.Items) != 1 || unit.Items[0].HitID != id || !unit.Items[0].Referred || unit.Items[0].RecordID != "" || unit.Items[0].Owner != "" || unit.Items[0].Database != "" {
			t.Fatalf("the border point's list: %+v, want the hit without its record", unit.Items)
		}
		// Nor how urgent it is: urgency follows what the owner asks.
		if u := unit.Items[0]; u.Urgency != "" || u.Deadline != nil || len(u.Action) != 0 || u.Confirmation != "" {
			t.Fatalf("the border point learns of the referred record: %+v", u)
		}
		ncb := must[client.Page[client.CheckedHit]](t)(e.as("deu.officer").CheckedHits(ctx, client.ListOptions{}))
		if len(ncb.Items) != 1 || ncb.Items[0].RecordID == "" || ncb.Items[0].Owner != "FRA" || ncb.Items[0].Database != "sltd" {
			t.Fatalf("the checking NCB's list: %+v, want the record it refers to", ncb.Items)
		}
		// The answer the border point gets carries nothing of the record.
		status, raw, err := border.Raw(ctx, "POST", "/api/v1/checks", "application/json", []byte(`{"purpose":"border-control","items":[{"kind":"document","number":"20FV11873","country":"FRA"}]}`))
		if err != nil || status != 200 {
			t.Fatalf("%d %s %v", status, raw, err)
		}
		for _, secret := range []string{"Durand", "sltd", `"owner"`, "record_id", "seize"} {
			if strings.Contains(string(raw), secret) {
				t.Errorf("a refer answer discloses %q: %s", secret, raw)
			}
		}
	})
}

// A manifest row whose document and name find one record is one hit that
// keeps both as what was checked, so that the owner confirms against the
// whole traveller.
func TestManifestHitKeepsTheRow(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		border := e.as("fra.border-officer")
		csv := "reference,name,birth_date,document_number,document_country\n1A,Sergei Volkov,1979-02-11,C01X00T47,DEU\n"
		a, err := border.ScreenManifestCSV(ctx, "border-control", "AF0012", strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Rows) != 1 || len(a.Rows[0].Hits) != 1 {
			t.Fatalf("%+v, want one hit", a.Rows)
		}
		owned := must[client.Page[client.Hit]](t)(e.as("deu.officer").Hits(ctx, "", client.ListOptions{}))
		if len(owned.Items) != 1 || len(owned.Items[0].Checked) != 2 {
			t.Fatalf("the owner's hit %+v, want the row's document and name as what was checked", owned.Items)
		}
		kinds := []string{owned.Items[0].Checked[0].Kind, owned.Items[0].Checked[1].Kind}
		if !slices.Contains(kinds, "document") || !slices.Contains(kinds, "person") {
			t.Fatalf("checked %+v", owned.Items[0].Checked)
		}
	})
}

// A stream asked to resume after something that is no hit ID is refused
// (400) and opens nothing, so nothing is audited as opened; one that
// resumes after a real hit first gets the hits stored since.
func TestHitStreamResumes(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		owner := e.as("fra.officer")
		open := func(path, last string) (*http.Response, error) {
			req, err := http.NewRequestWithContext(ctx, "GET", e.url+path, nil)
			if err != nil {
				return nil, err
			}
			req.Header.Set("Authorization", "Bearer "+owner.Token())
			req.Header.Set("Last-Event-ID", last)
			return http.DefaultClient.Do(req)
		}
		if err := e.node.Audit.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		before := e.count(`SELECT count(*) FROM audit_entries WHERE action IN ('hit.read', 'check.read')`)
		for _, path := range []string{"/api/v1/hits/stream", "/api/v1/checks/hits/stream"} {
			resp, err := open(path, "not-a-hit")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("%s with a bad Last-Event-ID: %d, want 400", path, resp.StatusCode)
			}
		}
		if err := e.node.Audit.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if n := e.count(`SELECT count(*) FROM audit_entries WHERE action IN ('hit.read', 'check.read')`); n != before {
			t.Fatalf("refused streams audited %d openings", n-before)
		}

		// Two hits; resuming after the first gives the second first.
		border := e.as("sgp.border-officer")
		first := one(t, border, "border-control", client.CheckItem{Kind: "document", Number: "19FV04321", Country: "FRA"}).Hits[0].HitID
		r := one(t, border, "border-control", client.CheckItem{Kind: "document", Number: "20FV11873", Country: "FRA"})
		if r.Refer == nil {
			t.Fatalf("%+v, want refer", r)
		}
		second := r.Refer.HitIDs[0]
		sctx, cancel := context.WithCancel(ctx)
		defer cancel()
		ch := must[<-chan client.Hit](t)(owner.StreamHitsFrom(sctx, "", first))
		if h := next(t, ch, "the hit stored after the last one seen"); h.ID != second {
			t.Fatalf("resumed with %s, want %s", h.ID, second)
		}
	})
}
