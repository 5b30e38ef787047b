package records

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// What changed since a moment: records created or changed since, records
// deleted since (their tombstones), and tombstones pruned once too old.
func TestChangesAndTombstones(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newImportFixture(t, db)
		ctx := context.Background()
		clk := f.s.clock.(*clock.Fake)
		create := func(key, number string) Record {
			r, _, err := f.s.Create(ctx, f.officer, "sltd", NewRecord{Schema: "Passport", Key: key, Properties: map[string][]string{
				"number": {number}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		old := create("old", "11AA00001")
		doomed := create("doomed", "11AA00002")
		since := clk.Now().Add(time.Minute)
		clk.Advance(2 * time.Minute)
		fresh := create("fresh", "11AA00003")
		if err := f.s.Delete(ctx, f.officer, doomed.ID); err != nil {
			t.Fatal(err)
		}
		var changed []string
		if err := ChangedSince(ctx, db, since, clk.Now(), func(r Record) error { changed = append(changed, r.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(changed, []string{fresh.ID}) {
			t.Errorf("changed since: %v, want only %s (not %s)", changed, fresh.ID, old.ID)
		}
		deleted, err := DeletedSince(ctx, db, since)
		if err != nil || !slices.Equal(deleted, []string{doomed.ID}) {
			t.Fatalf("deleted since: %v %v, want %s", deleted, err, doomed.ID)
		}
		if err := PruneTombstones(ctx, db, clk.Now().Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if deleted, _ := DeletedSince(ctx, db, since); len(deleted) != 0 {
			t.Errorf("tombstones left after pruning: %v", deleted)
		}
	})
}
