package hits_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
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
	svc    *hits.Service
	clock  *clock.Fake
	ids    id.Source
}

func newFixture(t *testing.T, dsn string) *fixture {
	t.Helper()
	db := storetest.Open(t, dsn)
	clk := clock.NewFake(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	ids := id.NewGenerator(clk, nil)
	log := audittest.Start(t, db, clk, ids)
	events := bus.NewLocal(bus.Limits{})
	t.Cleanup(func() { events.Close() })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	b := hits.NewBroker(events, db, quiet)
	stop, err := b.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return &fixture{db: db, log: log, broker: b, svc: hits.NewService(db, log, b, clk, quiet), clock: clk, ids: ids}
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

// Disclose stores the hits with the entry that disclosed them (each
// record a resource, each owner a subject) and announces them only once the
// transaction commits; a rolled-back one leaves nothing and tells no one.
func TestDisclose(t *testing.T) {
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, b.DSN(t))
			ctx := context.Background()
			d := hits.NewDiscloser(f.log, f.broker)
			owned, cancel := f.broker.Subscribe("DEU")
			defer cancel()
			h := f.checkHit("DEU", f.clock.Now().Add(time.Hour))
			entry := audit.Entry{Actor: audit.ActorOf(checker), Action: string(access.CheckRun), Outcome: audit.OutcomeSuccess, Subjects: []string{"FRA"}}

			boom := errors.New("the check failed after its hits")
			err := f.db.InTx(ctx, func(tx *store.Tx) error {
				if err := d.Disclose(ctx, tx, entry, []hits.Hit{h}); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatal(err)
			}
			if n := f.count(t, `SELECT count(*) FROM hits`); n != 0 {
				t.Fatalf("a rolled-back disclosure stored %d hits", n)
			}
			select {
			case got := <-owned:
				t.Fatalf("a rolled-back disclosure was announced: %+v", got)
			case <-time.After(50 * time.Millisecond):
			}

			if err := f.db.InTx(ctx, func(tx *store.Tx) error { return d.Disclose(ctx, tx, entry, []hits.Hit{h}) }); err != nil {
				t.Fatal(err)
			}
			select {
			case got := <-owned:
				if got.ID != h.ID || got.Owner != "DEU" || got.Confirmation != hits.Pending {
					t.Fatalf("announced %+v", got)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the owner's stream got nothing")
			}
			// The audit entry names the record and both bureaus.
			if n := f.count(t, `SELECT count(*) FROM audit_entry_resources WHERE resource = ?`, h.RecordID); n != 1 {
				t.Fatalf("%d entries name the record, want 1", n)
			}
			for _, c := range []string{"DEU", "FRA"} {
				if n := f.count(t, `SELECT count(*) FROM audit_entry_countries WHERE country = ?`, c); n != 1 {
					t.Errorf("%d entries concern %s, want 1", n, c)
				}
			}
			// A hit without its record or owner is refused, and writes nothing.
			bad := h
			bad.ID, bad.Owner = f.ids.New(), ""
			if err := f.db.InTx(ctx, func(tx *store.Tx) error { return d.Disclose(ctx, tx, entry, []hits.Hit{bad}) }); err == nil {
				t.Fatal("a hit without an owner was disclosed")
			}
			if n := f.count(t, `SELECT count(*) FROM hits`); n != 1 {
				t.Fatalf("%d hits, want 1", n)
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

// A stream that stops reading misses hits rather than holding the broker
// up; streams closed leave no goroutine behind (TestMain).
func TestBrokerSlowStream(t *testing.T) {
	f := newFixture(t, storetest.SQLiteDSN(t))
	ctx := context.Background()
	d := hits.NewDiscloser(f.log, f.broker)
	slow, cancelSlow := f.broker.Subscribe("DEU")
	defer cancelSlow()
	fast, cancelFast := f.broker.Subscribe("DEU")
	defer cancelFast()
	const n = 300 // more than a stream holds
	got := make(chan int)
	go func() {
		seen := 0
		for range fast {
			if seen++; seen == n {
				got <- seen
				return
			}
		}
	}()
	for i := range n {
		h := f.checkHit("DEU", f.clock.Now().Add(time.Hour))
		entry := audit.Entry{Actor: audit.ActorOf(checker), Action: string(access.CheckRun), Outcome: audit.OutcomeSuccess, Details: map[string]string{"i": fmt.Sprint(i)}}
		if err := f.db.InTx(ctx, func(tx *store.Tx) error { return d.Disclose(ctx, tx, entry, []hits.Hit{h}) }); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("a stream that keeps up did not get every hit while another stalled")
	}
	if len(slow) == 0 || len(slow) >= n {
		t.Fatalf("the stalled stream holds %d hits, want some but not all", len(slow))
	}
}
