package index

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit/audittest"
	"github.com/ncbnet/ncbnet/internal/bus"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// followFixture is a records service whose changes reach the index through
// the bus only (no observer), as another node's do.
type followFixture struct {
	db      *store.DB
	records *records.Service
	x       *Index
	fra     access.Principal
	// silent makes changes without events: the ones a node misses.
	silent *records.Service
}

func newFollowFixture(t *testing.T, db *store.DB) *followFixture {
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	ids := id.NewGenerator(clk, nil)
	log := audittest.Start(t, db, clk, ids)
	if err := member.NewService(db, log, nil, clk, ids).SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	ncb, err := member.NCBOf(ctx, db, "FRA")
	if err != nil {
		t.Fatal(err)
	}
	events := bus.NewLocal(bus.Limits{})
	t.Cleanup(func() { events.Close() })
	x := New(0)
	stop, err := x.Follow(events, db, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return &followFixture{
		db: db, x: x,
		records: records.NewService(records.Config{DB: db, Audit: log, Clock: clk, IDs: ids, Events: events, Logger: quiet}),
		silent:  records.NewService(records.Config{DB: db, Audit: log, Clock: clk, IDs: ids, Logger: quiet}),
		fra:     access.Principal{ID: "01JFRAOFFICER0000000000000", Name: "fra.officer", Country: "FRA", UnitID: ncb.ID, UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}},
	}
}

func (f *followFixture) passport(t *testing.T, number string) records.Record {
	t.Helper()
	r, _, err := f.records.Create(context.Background(), f.fra, "sltd", records.NewRecord{Schema: "Passport", Properties: map[string][]string{
		"number": {number}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f *followFixture) waitCount(t *testing.T, number string, want int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		n := f.x.CountIdentifier(records.KindDocumentNumber, number)
		if n == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the index finds %d record(s) numbered %s, want %d", n, number, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestIndexFollowsRecordEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFollowFixture(t, db)
		ctx := context.Background()
		r := f.passport(t, "FOLLOW01")
		f.waitCount(t, "FOLLOW01", 1)
		blocked := records.StatusBlocked
		if _, err := f.records.Update(ctx, f.fra, r.ID, records.Patch{Status: &blocked}); err != nil {
			t.Fatal(err)
		}
		f.waitCount(t, "FOLLOW01", 0)
		active := records.StatusActive
		if _, err := f.records.Update(ctx, f.fra, r.ID, records.Patch{Status: &active}); err != nil {
			t.Fatal(err)
		}
		f.waitCount(t, "FOLLOW01", 1)
		// An event applied twice, or after the record is gone, changes nothing.
		e := records.Event{Database: "sltd", IDs: []string{r.ID}, Change: records.ChangeUpdated}
		for range 2 {
			if err := f.x.Apply(ctx, db, e); err != nil {
				t.Fatal(err)
			}
		}
		f.waitCount(t, "FOLLOW01", 1)
		if err := f.records.Delete(ctx, f.fra, r.ID); err != nil {
			t.Fatal(err)
		}
		f.waitCount(t, "FOLLOW01", 0)
		if err := f.x.Apply(ctx, db, e); err != nil {
			t.Fatal(err)
		}
		f.waitCount(t, "FOLLOW01", 0)
	})
}

// Told that events were missed, the index rebuilds itself from the store:
// records it never heard of appear, and those deleted meanwhile go.
func TestIndexRebuildsWhenEventsWereMissed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFollowFixture(t, db)
		ctx := context.Background()
		kept, gone := f.passport(t, "MISSED01"), f.passport(t, "MISSED02")
		f.waitCount(t, "MISSED02", 1)
		// Changes this index never hears of: a record deleted, another made.
		if err := f.silent.Delete(ctx, f.fra, gone.ID); err != nil {
			t.Fatal(err)
		}
		made, _, err := f.silent.Create(ctx, f.fra, "sltd", records.NewRecord{Schema: "Passport", Properties: map[string][]string{
			"number": {"MISSED03"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
		if err != nil {
			t.Fatal(err)
		}
		hidden, _, err := f.silent.Create(ctx, f.fra, "sltd", records.NewRecord{Schema: "Passport", Properties: map[string][]string{
			"number": {"MISSED04"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}},
			Restrictions: &access.Restrictions{ExcludedCountries: []string{"DEU"}}})
		if err != nil {
			t.Fatal(err)
		}
		if f.x.CountIdentifier(records.KindDocumentNumber, "MISSED02") != 1 || f.x.CountIdentifier(records.KindDocumentNumber, "MISSED03") != 0 {
			t.Fatal("the index heard of changes made without events")
		}
		(&follower{x: f.x, db: db, logger: quiet}).Missed(ctx)
		for number, want := range map[string]int{"MISSED01": 1, "MISSED02": 0, "MISSED03": 1, "MISSED04": 1} {
			if n := f.x.CountIdentifier(records.KindDocumentNumber, number); n != want {
				t.Errorf("after the rebuild the index finds %d record(s) numbered %s, want %d", n, number, want)
			}
		}
		if got := f.x.Stats().Records; got != 3 {
			t.Errorf("after the rebuild the index holds %d records, want 3 (%s, %s, %s)", got, kept.ID, made.ID, hidden.ID)
		}
		// The owner's restrictions came with the rebuild.
		lookup := func(p access.Principal) int {
			return len(f.x.LookupIdentifier(p, records.KindDocumentNumber, "MISSED04", []string{"sltd"}))
		}
		if fra, deu := lookup(f.fra), lookup(deuOfficer); fra != 1 || deu != 0 {
			t.Errorf("after the rebuild FRA finds %d, DEU %d of a record withheld from DEU", fra, deu)
		}
	})
}

// A record's first version never replaces what the index holds of it: a
// newer version, or its deletion.
func TestFirstVersionNeverOverwrites(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	v1 := passport(ids, "FIRST001", "FRA")
	v1.Version = 1
	v2 := v1
	v2.Version, v2.Properties = 2, map[string][]string{"number": {"SECOND01"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}
	v2.Status = records.StatusBlocked
	x.RecordChanged(v2)
	x.RecordChanged(v1) // late
	if n := x.CountIdentifier(records.KindDocumentNumber, "FIRST001"); n != 0 {
		t.Fatalf("the first version came back over the second: %d live", n)
	}
	gone := passport(ids, "GONE0001", "FRA")
	gone.Version = 1
	x.RecordChanged(gone)
	x.RecordDeleted(gone)
	x.RecordChanged(gone)
	if n := x.CountIdentifier(records.KindDocumentNumber, "GONE0001"); n != 0 {
		t.Fatalf("a deleted record came back: %d live", n)
	}
}
