package hits_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/audit/audittest"
	"github.com/ncbnet/ncbnet/internal/bus"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// The PostgreSQL driver keeps a goroutine per pool; none of ours may stay.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/jackc/pgx/v5/pgxpool.(*Pool).backgroundHealthCheck"),
		goleak.IgnoreTopFunction("database/sql.(*DB).connectionOpener"))
}

type fixture struct {
	db     *store.DB
	log    *audit.Log
	broker *hits.Broker
	d      *hits.Discloser
	svc    *hits.Service
	clock  *clock.Fake
	ids    id.Source
}

func newFixture(t *testing.T, dsn string) *fixture {
	t.Helper()
	db := storetest.Open(t, dsn)
	clk := clock.NewFake(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	ids := id.NewGenerator(clk, nil)
	events := bus.NewLocal(bus.Limits{})
	t.Cleanup(func() { events.Close() })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	b := hits.NewBroker(events, db, quiet)
	stop, err := b.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	// As a node runs it: with a journal, the hits' store registered first.
	var d *hits.Discloser
	log := audittest.StartJournaled(t, db, clk, ids, func(l *audit.Log) { d = hits.NewDiscloser(l, b, quiet) })
	return &fixture{db: db, log: log, broker: b, d: d, svc: hits.NewService(db, log, d, clk, quiet), clock: clk, ids: ids}
}

func (f *fixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var checker = access.Principal{ID: "01JBORDER00000000000000000", Name: "fra.border", Country: "FRA", UnitID: "01JFRABORDERPOINT000000000", UnitKind: access.KindBorderPoint}

// checkHit is a pending hit of a check by checker on a record of owner.
func (f *fixture) checkHit(owner string, deadline time.Time) hits.Hit {
	return hits.Hit{
		ID: f.ids.New(), RecordID: f.ids.New(), Database: "sltd", Owner: owner, Searcher: hits.SearcherOf(checker),
		Purpose: access.PurposeBorderControl, Score: 1, Match: true, Matched: []string{"number = X"}, Time: f.clock.Now(),
		Source: hits.SourceCheck, Action: []string{"seize"}, Urgency: hits.Urgent, Deadline: &deadline, Confirmation: hits.Pending,
	}
}

// A disclosure records the entry that disclosed the hits (each record a
// resource, each owner a subject) with the hits, which are stored in the
// transaction that puts the entry in the tree and announced once stored; a
// hit disclosed twice is stored once; a hit without its record or owner, or
// whose entry cannot be recorded, is refused and nothing is written. A
// check's hit waits for its answer from the moment it is disclosed.
func TestDisclose(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, b.DSN(t))
			ctx := context.Background()
			d := f.d
			owned, cancel, err := f.broker.Follow(ctx, "DEU", "")
			if err != nil {
				t.Fatal(err)
			}
			defer cancel()
			h := f.checkHit("DEU", f.clock.Now().Add(time.Hour))
			h.SubjectKey = "traveller-1"
			entry := audit.Entry{Actor: audit.ActorOf(checker), Action: string(access.CheckRun), Outcome: audit.OutcomeSuccess, Subjects: []string{"FRA"}}
			if err := d.Disclose(ctx, entry, []hits.Hit{h}); err != nil {
				t.Fatal(err)
			}
			// Waiting for its answer at once, stored or not yet.
			waiting, err := d.Waiting(ctx, f.db, checker.UnitID, []string{h.RecordID})
			if err != nil {
				t.Fatal(err)
			}
			if w, ok := waiting[[2]string{h.RecordID, "traveller-1"}]; !ok || w.ID != h.ID {
				t.Fatalf("the hit just disclosed is not waiting: %+v", waiting)
			}
			select {
			case got := <-owned:
				if got.ID != h.ID || got.Owner != "DEU" || got.Confirmation != hits.Pending {
					t.Fatalf("announced %+v", got)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the owner's stream got nothing")
			}
			// Announced once stored: the stream loads what it pushes from
			// the table, where the entry is too.
			if n := f.count(t, `SELECT count(*) FROM hits WHERE id = ? AND subject_key = ?`, h.ID, "traveller-1"); n != 1 {
				t.Fatalf("%d stored hits, want 1", n)
			}
			if n := f.count(t, `SELECT count(*) FROM audit_entry_resources WHERE resource = ?`, h.RecordID); n != 1 {
				t.Fatalf("%d entries name the record, want 1", n)
			}
			for _, c := range []string{"DEU", "FRA"} {
				if n := f.count(t, `SELECT count(*) FROM audit_entry_countries WHERE country = ?`, c); n != 1 {
					t.Errorf("%d entries concern %s, want 1", n, c)
				}
			}

			// The same hit again: audited again, stored once.
			if err := d.Disclose(ctx, entry, []hits.Hit{h}); err != nil {
				t.Fatal(err)
			}
			if err := d.Settle(ctx); err != nil {
				t.Fatal(err)
			}
			if n := f.count(t, `SELECT count(*) FROM hits`); n != 1 {
				t.Fatalf("%d hits, want 1", n)
			}
			if n := f.count(t, `SELECT count(*) FROM audit_entry_resources WHERE resource = ?`, h.RecordID); n != 2 {
				t.Fatalf("%d entries name the record, want 2", n)
			}

			// A hit without its record or owner is refused, and so is one
			// whose entry the log refuses: nothing written.
			entries := f.count(t, `SELECT count(*) FROM audit_entries`)
			bad := h
			bad.ID, bad.Owner = f.ids.New(), ""
			if err := d.Disclose(ctx, entry, []hits.Hit{bad}); err == nil {
				t.Fatal("a hit without an owner was disclosed")
			}
			unaudited := f.checkHit("DEU", f.clock.Now().Add(time.Hour))
			if err := d.Disclose(ctx, audit.Entry{Actor: audit.ActorOf(checker), Action: string(access.CheckRun)}, []hits.Hit{unaudited}); err == nil {
				t.Fatal("a hit whose entry has no outcome was disclosed")
			}
			if err := f.log.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			if n := f.count(t, `SELECT count(*) FROM hits`); n != 1 {
				t.Fatalf("%d hits, want 1", n)
			}
			if n := f.count(t, `SELECT count(*) FROM audit_entries`); n != entries {
				t.Fatalf("refused disclosures audited %d entries", n-entries)
			}
			if waiting, err := d.Waiting(ctx, f.db, checker.UnitID, []string{unaudited.RecordID}); err != nil || len(waiting) != 0 {
				t.Fatalf("a refused hit waits: %v, %v", waiting, err)
			}

			// Answered, it waits no more.
			owner := access.Principal{ID: "01JDEUOFFICER0000000000000", Name: "deu.officer", Country: "DEU", UnitID: "01JDEUNCB00000000000000000", UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}}
			if _, err := f.svc.Confirm(ctx, owner, h.ID, hits.Answer{Confirmation: hits.Confirmed}); err != nil {
				t.Fatal(err)
			}
			if waiting, err := d.Waiting(ctx, f.db, checker.UnitID, []string{h.RecordID}); err != nil || len(waiting) != 0 {
				t.Fatalf("an answered hit waits: %v, %v", waiting, err)
			}
		})
	}
}

// Escalation runs in batches: 1,201 overdue hits are escalated in three
// transactions with one audit entry each, every hit once even when two
// watchers (two nodes) run at the same time; answered and not yet due
// hits are left alone.
func TestEscalateInBatches(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, b.DSN(t))
			ctx := context.Background()
			var due []hits.Hit
			for i := range 1201 {
				due = append(due, f.checkHit([]string{"DEU", "USA", "NGA"}[i%3], f.clock.Now().Add(10*time.Minute)))
			}
			later := f.checkHit("DEU", f.clock.Now().Add(time.Hour))
			answered := f.checkHit("DEU", f.clock.Now().Add(time.Minute))
			if err := f.db.InTx(ctx, func(tx *store.Tx) error {
				return hits.Insert(ctx, tx, append(due, later, answered))
			}); err != nil {
				t.Fatal(err)
			}
			if err := f.db.InTx(ctx, func(tx *store.Tx) error {
				return hits.SetAnswer(ctx, tx, answered.ID, hits.Confirmed, "deu.officer", "NCB Wiesbaden", "", f.clock.Now())
			}); err != nil {
				t.Fatal(err)
			}
			if n, err := f.svc.Escalate(ctx); err != nil || n != 0 {
				t.Fatalf("before the deadline: %d, %v", n, err)
			}
			f.clock.Advance(11 * time.Minute)
			var (
				wg     sync.WaitGroup
				counts [2]int
				errs   [2]error
			)
			for i := range counts {
				wg.Add(1)
				go func() { defer wg.Done(); counts[i], errs[i] = f.svc.Escalate(ctx) }()
			}
			wg.Wait()
			if err := errors.Join(errs[:]...); err != nil {
				t.Fatal(err)
			}
			if counts[0]+counts[1] != len(due) {
				t.Fatalf("escalated %v, want %d in all", counts, len(due))
			}
			if n := f.count(t, `SELECT count(*) FROM hits WHERE escalated_at IS NOT NULL`); n != len(due) {
				t.Fatalf("%d hits marked escalated, want %d", n, len(due))
			}
			if n := f.count(t, `SELECT count(*) FROM hits WHERE escalated_at IS NOT NULL AND id IN (?, ?)`, later.ID, answered.ID); n != 0 {
				t.Fatal("a hit not due, or answered, was escalated")
			}
			if err := f.log.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			entries := f.count(t, `SELECT count(*) FROM audit_entries WHERE action = 'hit.escalate'`)
			if entries < 3 || entries > 5 {
				t.Fatalf("%d escalation entries for 1,201 hits, want one a batch of 500", entries)
			}
			for _, h := range []hits.Hit{due[0], due[600], due[1200]} {
				if n := f.count(t, `SELECT count(*) FROM audit_entry_resources WHERE resource = ?`, h.ID); n != 1 {
					t.Errorf("hit %s is named by %d escalation entries, want 1", h.ID, n)
				}
			}
			if n, err := f.svc.Escalate(ctx); err != nil || n != 0 {
				t.Fatalf("escalated again: %d, %v", n, err)
			}
		})
	}
}

// A stream that stops reading is ended rather than holding the broker up,
// while another gets every hit; reconnecting with the last hit it got, it
// gets the ones it missed, each once. Streams closed leave no goroutine
// behind (TestMain).
func TestBrokerSlowStreamResumes(t *testing.T) {
	f := newFixture(t, storetest.SQLiteDSN(t))
	ctx := context.Background()
	d := f.d
	slow, cancelSlow, err := f.broker.Follow(ctx, "DEU", "")
	if err != nil {
		t.Fatal(err)
	}
	defer cancelSlow()
	fast, cancelFast, err := f.broker.Follow(ctx, "DEU", "")
	if err != nil {
		t.Fatal(err)
	}
	defer cancelFast()
	const n = 400 // more than a stream holds
	got := make(chan []string)
	go func() {
		var seen []string
		for h := range fast {
			if seen = append(seen, h.ID); len(seen) == n {
				got <- seen
				return
			}
		}
	}()
	for i := range n {
		h := f.checkHit("DEU", f.clock.Now().Add(time.Hour))
		entry := audit.Entry{Actor: audit.ActorOf(checker), Action: string(access.CheckRun), Outcome: audit.OutcomeSuccess, Details: map[string]string{"i": fmt.Sprint(i)}}
		if err := d.Disclose(ctx, entry, []hits.Hit{h}); err != nil {
			t.Fatal(err)
		}
	}
	var all []string
	select {
	case all = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("a stream that keeps up did not get every hit while another stalled")
	}
	var first []string
	for h := range slow { // ended: the channel closes after what it held
		first = append(first, h.ID)
	}
	if len(first) == 0 || len(first) >= n {
		t.Fatalf("the stalled stream gave %d hits before it ended, want some but not all", len(first))
	}
	rest, cancelRest, err := f.broker.Follow(ctx, "DEU", first[len(first)-1])
	if err != nil {
		t.Fatal(err)
	}
	defer cancelRest()
	for len(first) < n {
		select {
		case h := <-rest:
			first = append(first, h.ID)
		case <-time.After(5 * time.Second):
			t.Fatalf("resumed: %d of %d hits", len(first), n)
		}
	}
	if !slices.Equal(first, all) {
		t.Fatal("the resumed stream's hits differ from the other stream's")
	}
	if _, _, err := f.broker.Follow(ctx, "DEU", "not-an-id"); err == nil {
		t.Fatal("a Last-Event-ID that is no hit ID was taken")
	}
}
