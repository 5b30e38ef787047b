package audit

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// stage stages entries with AppendTx in a transaction of their own.
func stage(t *testing.T, db *store.DB, l *Log, entries ...Entry) {
	t.Helper()
	ctx := context.Background()
	if err := db.InTx(ctx, func(tx *store.Tx) error { return l.AppendTx(ctx, tx, entries...) }); err != nil {
		t.Fatal(err)
	}
}

type pendingRow struct {
	id       string
	stagedAt int64
	body     []byte
	mac      []byte
}

func pendingRows(t *testing.T, db *store.DB) []pendingRow {
	t.Helper()
	rows, err := db.Query(context.Background(), `SELECT id, staged_at, entry, mac FROM audit_pending ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []pendingRow
	for rows.Next() {
		var r pendingRow
		if err := rows.Scan(&r.id, &r.stagedAt, &r.body, &r.mac); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// waitIntegrated waits until the integrator has emptied the queue.
func waitIntegrated(t *testing.T, db *store.DB) {
	t.Helper()
	checkFor(t, 5*time.Second, 5*time.Millisecond, func() error {
		if n := len(pendingRows(t, db)); n != 0 {
			return fmt.Errorf("%d staged rows left", n)
		}
		return nil
	})
}

// Someone with SQL access alone cannot have an entry integrated: a staged
// row without the right authentication code is moved aside, its rejection
// is itself an entry, and the queue goes on.
func TestForgedStagedRowsRejected(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		skey, vkey := testKey(t)
		l := openLog(t, db, skey, clk)
		stage(t, db, l, sample("user.create", "staged-ok", "FRA"))
		stage(t, db, l, sample("user.create", "staged-then-edited", "FRA"))
		legit := pendingRows(t, db)
		if len(legit) != 2 || len(legit[0].mac) != 32 {
			t.Fatalf("staged rows %+v", legit)
		}

		a := newAttacker(t, db)
		insert := func(id string, body, mac []byte) {
			a.exec(`INSERT INTO audit_pending (id, staged_at, entry, mac) VALUES (?, ?, ?, ?)`, id, store.Micros(t0), body, mac)
		}
		backdated := sample("record.read", "mallory", "FRA")
		backdated.ID, backdated.Time = "forged", t0.AddDate(0, -1, 0)
		forgedBody, err := encodeBody(backdated)
		if err != nil {
			t.Fatal(err)
		}
		randomMAC := make([]byte, 32)
		rand.Read(randomMAC)
		insert("forged-random-mac", forgedBody, randomMAC)
		insert("forged-replayed-mac", legit[0].body, legit[0].mac)
		edited := strings.Replace(string(legit[1].body), "staged-then-edited", "mallory", 1)
		a.exec(`UPDATE audit_pending SET entry = ? WHERE id = ?`, []byte(edited), legit[1].id)
		// A row authenticated but not a valid entry (a node's bug, not an
		// attack) is rejected the same way.
		insert("invalid-entry", []byte(`{"seq":0}`), pendingMAC(l.macKey, "invalid-entry", []byte(`{"seq":0}`)))

		run(t, l)
		waitIntegrated(t, db)

		if got, err := l.Entries(ctx, Filter{Actor: "mallory"}); err != nil || len(got) != 0 {
			t.Fatalf("forged entries integrated: %+v, %v", got, err)
		}
		if got, err := l.Entries(ctx, Filter{Actor: "staged-ok"}); err != nil || len(got) != 1 {
			t.Fatalf("the authentic staged entry: %+v, %v", got, err)
		}
		rejections, err := l.Entries(ctx, Filter{Action: RejectedAction})
		if err != nil {
			t.Fatal(err)
		}
		bySeq := map[int64]string{}
		for _, e := range rejections {
			if e.Outcome != OutcomeFailure || e.Actor.Name != "system" || e.Details["error"] == "" {
				t.Fatalf("rejection entry %+v", e)
			}
			bySeq[e.Seq] = e.Details["pending_id"]
		}
		want := []string{"forged-random-mac", "forged-replayed-mac", "invalid-entry", legit[1].id}
		if got := slices.Sorted(maps.Values(bySeq)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
			t.Fatalf("rejected rows %v, want %v", got, want)
		}

		rows, err := db.Query(ctx, `SELECT seq, pending_id, entry FROM audit_rejected ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		kept := 0
		for rows.Next() {
			var seq int64
			var pid string
			var body []byte
			if err := rows.Scan(&seq, &pid, &body); err != nil {
				t.Fatal(err)
			}
			if bySeq[seq] != pid || len(body) == 0 {
				t.Fatalf("audit_rejected row (%d, %s) does not match the entry recording it (%s)", seq, pid, bySeq[seq])
			}
			kept++
		}
		if kept != len(want) {
			t.Fatalf("%d rows in audit_rejected, want %d", kept, len(want))
		}

		report, err := Verify(ctx, db, vkey)
		if err != nil {
			t.Fatal(err)
		}
		if len(report.Warnings) != 1 || !strings.Contains(report.Warnings[0], "4 staged rows were rejected") {
			t.Fatalf("warnings %q", report.Warnings)
		}
	})
}

// An entry whose time is far from the integrator's clock keeps it, and
// says when it was integrated.
func TestLateEntriesMarked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFake(t0)
		skey, _ := testKey(t)
		l := openLog(t, db, skey, clk)

		staged := sample("user.create", "staged-early", "FRA")
		stage(t, db, l, staged)
		clk.Advance(10 * time.Minute)
		run(t, l)
		waitIntegrated(t, db)
		got, err := l.Entries(ctx, Filter{Actor: "staged-early"})
		if err != nil || len(got) != 1 {
			t.Fatalf("%+v, %v", got, err)
		}
		if !got[0].Time.Equal(t0) || got[0].Details["integrated_at"] != clk.Now().Format(time.RFC3339Nano) {
			t.Fatalf("staged entry integrated 10 minutes late: time %v, details %v", got[0].Time, got[0].Details)
		}

		now := clk.Now()
		tests := []struct {
			name   string
			offset time.Duration
			marked bool
		}{
			{"backdated an hour", -time.Hour, true},
			{"an hour ahead", time.Hour, true},
			{"four minutes old", -4 * time.Minute, false},
			{"just now", 0, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				details := map[string]string{"k": "v"}
				e := sample("record.read", "officer", "FRA")
				e.Time, e.Details = now.Add(tt.offset), details
				out, err := l.Append(ctx, e)
				if err != nil {
					t.Fatal(err)
				}
				if !out[0].Time.Equal(e.Time) {
					t.Fatalf("time %v, want %v kept", out[0].Time, e.Time)
				}
				at, marked := out[0].Details["integrated_at"]
				if marked != tt.marked || (marked && at != now.Format(time.RFC3339Nano)) {
					t.Fatalf("details %v, marked want %v", out[0].Details, tt.marked)
				}
				if len(details) != 1 {
					t.Fatalf("the caller's details were written to: %v", details)
				}
				stored, _, err := l.Entry(ctx, out[0].Seq)
				if err != nil || !reflect.DeepEqual(stored, out[0]) {
					t.Fatalf("stored %+v, returned %+v (%v)", stored, out[0], err)
				}
			})
		}
	})
}

// Verify warns about staged entries that wait for an integrator, without
// failing.
func TestVerifyWarnsAboutWaitingEntries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := clock.NewFake(time.Now())
		skey, vkey := testKey(t)
		l := openLog(t, db, skey, clk) // not running: nothing integrates
		stage(t, db, l, sample("user.create", "waiting", "FRA"))
		report, err := Verify(ctx, db, vkey)
		if err != nil || len(report.Warnings) != 0 {
			t.Fatalf("fresh staged entry: %+v, %v", report, err)
		}
		newAttacker(t, db).exec(`UPDATE audit_pending SET staged_at = staged_at - ?`, (2 * PendingWarnAge).Microseconds())
		report, err = Verify(ctx, db, vkey)
		if err != nil {
			t.Fatal(err)
		}
		if len(report.Warnings) != 1 || !strings.Contains(report.Warnings[0], "1 staged entries have waited more than 1m0s") {
			t.Fatalf("warnings %q", report.Warnings)
		}
	})
}

// A refusal is recorded whatever the request put in the resource's country,
// purpose and resource IDs.
func TestAuthorizeRecordsRefusalOfBadInput(t *testing.T) {
	dpo := access.Principal{ID: "U-dpo", Name: "fra.dpo", Country: "FRA", UnitKind: access.KindNCB, Roles: []access.Role{access.RoleDPO}}
	long := strings.Repeat("é", 100)
	tests := []struct {
		name, country string
		subjects      []string
		detail        string // the country detail kept, "" for none
	}{
		{"valid country", "DEU", []string{"DEU"}, ""},
		{"lower case", "deu", nil, "deu"},
		{"two letters", "DE", nil, "DE"},
		{"invalid UTF-8", "D\xffU", nil, "D\uFFFDU"},
		{"long", long, nil, long[:64]},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l, _ := startLog(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := access.Resource{Country: tt.country}
				d := access.Decide(dpo, access.AuditRead, r, "")
				if d.Allowed {
					t.Fatalf("the case must be a refusal")
				}
				err := l.Authorize(ctx, dpo, access.AuditRead, r, access.Purpose("p\xff"+long), "R1", "", "R\xfe")
				if fault.CodeOf(err) != d.Reason {
					t.Fatalf("Authorize = %v, want the refusal %s", err, d.Reason)
				}
				got, err := l.Entries(ctx, Filter{Limit: 1})
				if err != nil || len(got) != 1 {
					t.Fatal(err)
				}
				e := got[0]
				if e.Outcome != OutcomeDenied || e.Reason != string(d.Reason) || !slices.Equal(e.Subjects, tt.subjects) ||
					e.Details["country"] != tt.detail || !slices.Equal(e.Resources, []string{"R1", "R\uFFFD"}) ||
					!utf8.ValidString(e.Purpose) || len(e.Purpose) > 64 {
					b, _ := json.Marshal(e)
					t.Fatalf("refusal entry %s", b)
				}
			})
		}
	})
}
