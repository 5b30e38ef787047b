package app_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// next waits for the next value of a stream.
func next[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v, ok := <-ch:
		if !ok {
			t.Fatalf("%s: the stream closed", what)
		}
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: nothing arrived within 5 s", what)
	}
	panic("unreachable")
}

// The owner is told at once, confirms within the deadline, and the checking
// border point sees the answer live; only the owner's NCB may answer, once.
func TestHitConfirmation(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		border, owner := e.as("fra.border-officer"), e.as("deu.officer")
		checked := must[<-chan client.CheckedHit](t)(border.StreamCheckedHits(ctx))
		bureau := must[<-chan client.CheckedHit](t)(e.as("fra.officer").StreamCheckedHits(ctx))
		owned := must[<-chan client.Hit](t)(owner.StreamHits(ctx, ""))

		r := one(t, border, "border-control", client.CheckItem{Kind: "person", Name: "Sergei Volkov", BirthDate: "1979-02-11"})
		if r.Outcome != "hit" {
			t.Fatalf("%+v, want a hit", r)
		}
		id := r.Hits[0].HitID
		if h := next(t, owned, "owner's stream"); h.ID != id || h.Source != "check" || h.Confirmation != "pending" || h.Urgency != "urgent" || h.Searcher.Country != "FRA" {
			t.Fatalf("owner's stream: %+v", h)
		}
		if h := next(t, checked, "border point's stream"); h.HitID != id || h.Confirmation != "pending" {
			t.Fatalf("border point's stream: %+v", h)
		}
		if h := next(t, bureau, "checking NCB's stream"); h.HitID != id {
			t.Fatalf("checking NCB's stream: %+v", h)
		}

		// Only the owner's NCB answers, and the answer is checked. To
		// anyone outside the owner's bureau the hit does not exist, whatever
		// else would refuse them: the same answer as for an unknown ID.
		for _, user := range []string{"fra.officer", "usa.border-officer", "usa.analyst", "usa.dpo"} {
			_, err := e.as(user).ConfirmHit(ctx, id, "confirmed", "")
			wantCode(t, err, 404, "not_found")
		}
		_, err := e.as("usa.border-officer").ConfirmHit(ctx, "01J00000000000000000000000", "confirmed", "")
		wantCode(t, err, 404, "not_found")
		_, err = e.as("deu.dpo").ConfirmHit(ctx, id, "confirmed", "")
		wantCode(t, err, 403, "role_not_permitted")
		_, err = owner.ConfirmHit(ctx, id, "maybe", "")
		wantCode(t, err, 422, "invalid_field")
		_, err = owner.ConfirmHit(ctx, id, "confirmed", strings.Repeat("x", 3000))
		wantCode(t, err, 422, "invalid_field")
		_, err = owner.ConfirmHit(ctx, id, "confirmed", "let him pass\u202e ssap mih dloh")
		wantCode(t, err, 422, "invalid_field")
		_, err = owner.ConfirmHit(ctx, "01J00000000000000000000000", "confirmed", "")
		wantCode(t, err, 404, "not_found")
		if n := e.count(`SELECT count(*) FROM hits WHERE confirmation <> 'pending'`); n != 0 {
			t.Fatalf("refused answers changed %d hits", n)
		}

		e.clock.Advance(3 * time.Minute)
		h, err := owner.ConfirmHit(ctx, id, "confirmed", "hold him: an extradition request follows")
		if err != nil {
			t.Fatal(err)
		}
		if h.Confirmation != "confirmed" || h.AnsweredAt == nil || h.AnsweredBy != "deu.officer" {
			t.Fatalf("answer: %+v", h)
		}
		got := next(t, checked, "border point's stream after the answer")
		if got.HitID != id || got.Confirmation != "confirmed" || got.AnsweredAt == nil {
			t.Fatalf("the border point sees %+v", got)
		}
		// The owner writes its note for the checking side: the border
		// point reads it, and which bureau and unit answered.
		if got.Note != "hold him: an extradition request follows" || got.AnsweredBy == nil || got.AnsweredBy.Bureau != "DEU" {
			t.Errorf("the border point sees %+v", got)
		}
		if got := next(t, bureau, "checking NCB's stream after the answer"); got.Note != "hold him: an extradition request follows" {
			t.Errorf("the checking NCB sees %+v", got)
		}
		_, err = owner.ConfirmHit(ctx, id, "denied", "")
		wantCode(t, err, 409, "conflict")

		list := must[client.Page[client.CheckedHit]](t)(border.CheckedHits(ctx, client.ListOptions{}))
		if len(list.Items) != 1 || list.Items[0].Confirmation != "confirmed" {
			t.Fatalf("the border point's list: %+v", list.Items)
		}
		// What a border point gets of its hits: the workflow, the owner's
		// answer and what it checked, nothing of the record.
		status, raw, err := border.Raw(ctx, "GET", "/api/v1/checks/hits", "", nil)
		if err != nil || status != 200 {
			t.Fatalf("%d %s %v", status, raw, err)
		}
		var page struct {
			Items []map[string]json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(raw, &page); err != nil || len(page.Items) != 1 {
			t.Fatalf("%s: %v", raw, err)
		}
		allowed := []string{"hit_id", "database", "record_id", "owner", "action", "urgency", "deadline", "confirmation", "answered_at", "answered_by", "note", "escalated_at", "time", "unit_id", "checked"}
		for k := range page.Items[0] {
			if !slices.Contains(allowed, k) {
				t.Errorf("a border point's hit carries %q", k)
			}
		}
		// Another country's border point follows its own checks only.
		if other := must[client.Page[client.CheckedHit]](t)(e.as("deu.border-officer").CheckedHits(ctx, client.ListOptions{})); len(other.Items) != 0 {
			t.Errorf("DEU's border point sees FRA's checks: %+v", other.Items)
		}
		_, err = e.as("fra.analyst").CheckedHits(ctx, client.ListOptions{})
		wantCode(t, err, 403, "role_not_permitted")
		if err := e.node.Audit.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		entries := e.count(`SELECT count(*) FROM audit_entries WHERE action = 'hit.answer' AND outcome = 'success'`)
		if entries != 1 {
			t.Errorf("%d hit.answer audit entries, want 1", entries)
		}
	})
}

// Hits nobody answered go to the owner's supervisors when their deadline
// passes: urgent ones after 10 minutes, routine ones after an hour, once.
func TestHitEscalation(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		border := e.as("fra.border-officer")
		owned := must[<-chan client.Hit](t)(e.as("nga.supervisor").StreamHits(ctx, ""))
		urgent := one(t, border, "border-control", client.CheckItem{Kind: "vehicle", VIN: "1M8GDM9AXKP042788"}).Hits[0]
		routine := one(t, border, "border-control", client.CheckItem{Kind: "person", Name: "Mohammed Abdullahi", BirthDate: "1988"}).Hits[0]
		if urgent.Urgency != "urgent" || routine.Urgency != "routine" {
			t.Fatalf("urgencies %s, %s", urgent.Urgency, routine.Urgency)
		}
		next(t, owned, "NGA's new hit")
		checked := must[<-chan client.CheckedHit](t)(border.StreamCheckedHits(ctx))

		escalate := func() int {
			n, err := e.node.Hits.Escalate(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		e.clock.Advance(9 * time.Minute)
		if n := escalate(); n != 0 {
			t.Fatalf("%d escalated before any deadline", n)
		}
		e.clock.Advance(2 * time.Minute)
		if n := escalate(); n != 1 {
			t.Fatalf("%d escalated after 11 minutes, want the urgent one", n)
		}
		if got := next(t, checked, "the escalation, checking side"); got.HitID != urgent.HitID || got.EscalatedAt == nil {
			t.Fatalf("%+v", got)
		}
		if n := escalate(); n != 0 {
			t.Fatalf("escalated again: %d", n)
		}
		e.clock.Advance(50 * time.Minute)
		if n := escalate(); n != 1 {
			t.Fatalf("%d escalated after an hour, want the routine one", n)
		}
		if h := next(t, owned, "the escalation, owner's supervisor"); h.ID != routine.HitID || h.EscalatedAt == nil || h.Confirmation != "pending" {
			t.Fatalf("%+v", h)
		}
		// A late answer still counts, and is marked late in the audit.
		if _, err := e.as("nga.officer").ConfirmHit(ctx, routine.HitID, "denied", "not our subject"); err != nil {
			t.Fatal(err)
		}
		if err := e.node.Audit.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if n := e.count(`SELECT count(*) FROM audit_entries WHERE action = 'hit.escalate'`); n != 2 {
			t.Errorf("%d escalations audited, want 2", n)
		}
	})
}

func TestManifest(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		border := e.as("fra.border-officer")
		rows := []client.ManifestRow{
			{Reference: "12A", Name: "Claire Martin", DocumentNumber: "19FV04321", DocumentCountry: "FRA", DocumentType: "P"},
			{Reference: "12B", Name: "Jean Dupont", BirthDate: "1970-01-01", DocumentNumber: "AA1234567", DocumentCountry: "FRA"},
			{Reference: "14C", Name: "Sergei Volkov", BirthDate: "1979-02-11", Nationality: "RUS", DocumentNumber: "XK1111111", DocumentCountry: "RUS"},
			{Reference: "15D", Name: "Ana Souza", BirthDate: "last spring", DocumentNumber: "BR0000001", DocumentCountry: "BRA"},
			{Reference: "16E"},
		}
		a, err := border.ScreenManifest(ctx, client.Manifest{Purpose: "border-control", Voyage: "AF0012 2026-11-27", Rows: rows})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"hit", "no-hit", "hit", "error", "error"}
		for i, r := range a.Rows {
			if r.Row != i+1 || r.Reference != rows[i].Reference || r.Outcome != want[i] {
				t.Errorf("row %d: %+v, want %s", i+1, r, want[i])
			}
		}
		if a.Rows[0].Hits[0].Database != "sltd" || a.Rows[2].Hits[0].Owner != "DEU" || a.Rows[3].Error.Field != "birthDate" {
			t.Errorf("rows: %+v", a.Rows)
		}
		if a.Summary.Rows != 5 || a.Summary.Hits != 2 || a.Summary.Errors != 2 {
			t.Errorf("summary %+v", a.Summary)
		}
		csv := "Seat,Surname,Given Names,Date of Birth,Nationality,Document Number,Issuing Country\n" +
			"12A,MARTIN,CLAIRE,1985-03-01,FRA,19FV04321,FRA\n" +
			"12B,DUPONT,JEAN,1970-01-01,FRA,AA1234567,FRA\n"
		ca, err := border.ScreenManifestCSV(ctx, "border-control", "AF0012", strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		if len(ca.Rows) != 2 || ca.Rows[0].Outcome != "hit" || ca.Rows[1].Outcome != "no-hit" || ca.Rows[0].Reference != "12A" {
			t.Errorf("CSV manifest: %+v", ca.Rows)
		}
		// A row whose document and name find the same record: one hit,
		// stored once; a manifest of many hits is answered whole. The same
		// traveller on every row is one traveller: one hit, which every
		// row shows.
		before := e.count(`SELECT count(*) FROM hits`)
		many := "reference,name,birth_date,document_number,document_country\n" + strings.Repeat("1A,Sergei Volkov,1979-02-11,C01X00T47,DEU\n", 1000)
		ma, err := border.ScreenManifestCSV(ctx, "border-control", "", strings.NewReader(many))
		if err != nil {
			t.Fatal(err)
		}
		if ma.Summary.Hits != 1000 || len(ma.Rows[0].Hits) != 1 || ma.Rows[999].Outcome != "hit" {
			t.Fatalf("summary %+v, first row %+v", ma.Summary, ma.Rows[0])
		}
		if stored := e.count(`SELECT count(*) FROM hits`) - before; stored != 1 || ma.Rows[999].Hits[0].HitID != ma.Rows[0].Hits[0].HitID {
			t.Errorf("%d hits stored for 1000 rows of the same traveller, want 1", stored)
		}

		// Bad manifests change nothing.
		before = e.count(`SELECT count(*) FROM hits`)
		_, err = border.ScreenManifest(ctx, client.Manifest{Purpose: "border-control"})
		wantCode(t, err, 422, "missing_field")
		_, err = border.ScreenManifestCSV(ctx, "border-control", "", strings.NewReader("colour,size\nred,10\n"))
		wantCode(t, err, 422, "invalid_field")
		_, err = border.ScreenManifestCSV(ctx, "border-control", "", strings.NewReader("name,document_number\n\"unterminated,1\n"))
		wantCode(t, err, 422, "invalid_field")
		_, err = border.ScreenManifestCSV(ctx, "", "", strings.NewReader(csv))
		wantCode(t, err, 403, "purpose_required")
		_, err = e.anon().ScreenManifest(ctx, client.Manifest{Purpose: "border-control", Rows: rows})
		wantCode(t, err, 401, "unauthenticated")
		big := make([]client.ManifestRow, 1001)
		for i := range big {
			big[i] = client.ManifestRow{Name: "A B"}
		}
		_, err = border.ScreenManifest(ctx, client.Manifest{Purpose: "border-control", Rows: big})
		if err == nil {
			t.Fatal("a manifest of 1001 rows was screened")
		}
		if after := e.count(`SELECT count(*) FROM hits`); after != before {
			t.Errorf("refused manifests stored %d hits", after-before)
		}
	})
}

func TestParseMRZ(t *testing.T) {
	e := newEnv(t, storetest.SQLiteDSN(t))
	ctx := context.Background()
	c := e.as("fra.border-officer")
	m, err := c.ParseMRZ(ctx, "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10")
	if err != nil {
		t.Fatal(err)
	}
	if !m.Valid || m.Format != "TD3" || m.DocumentNumber != "L898902C3" || m.Surname != "ERIKSSON" || m.GivenNames != "ANNA MARIA" || m.BirthDate != "1974-08-12" || len(m.Checks) != 5 {
		t.Errorf("%+v", m)
	}
	bad, err := c.ParseMRZ(ctx, "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408123F1204159ZE184226B<<<<<10")
	if err != nil {
		t.Fatal(err)
	}
	if bad.Valid {
		t.Errorf("a wrong birth date check digit reads as valid: %+v", bad)
	}
	for _, ch := range bad.Checks {
		if ch.Field == "birth_date" && ch.OK {
			t.Errorf("the birth date check passes: %+v", bad.Checks)
		}
	}
	_, err = c.ParseMRZ(ctx, "P<UTOERIKSSON\nshort")
	ae := wantCode(t, err, 422, "invalid_field")
	if ae.Field != "mrz" || !strings.Contains(ae.Message, "line") {
		t.Errorf("the error does not name the line: %+v", ae)
	}
	_, err = c.ParseMRZ(ctx, "")
	wantCode(t, err, 422, "missing_field")
	_, err = e.anon().ParseMRZ(ctx, "x")
	wantCode(t, err, 401, "unauthenticated")
}
