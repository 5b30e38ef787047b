package store_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// Concurrent callers share commits; a caller whose function fails is
// rolled back alone (a row it wrote before failing is gone, the others'
// rows are there); what each registered with AfterCommit runs once, in the
// caller, only when its write committed; a stopped group refuses.
func TestGroup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		g := store.NewGroup(db, 64)
		stop := g.Start()
		const callers = 200
		var (
			wg    sync.WaitGroup
			after atomic.Int64
			boom  = errors.New("refused")
			errs  = make([]error, callers)
		)
		for i := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = g.InTx(ctx, func(tx *store.Tx) error {
					const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					iso2 := string([]byte{digits[i/36], digits[i%36]})
					if _, err := tx.Exec(ctx, `INSERT INTO members (iso3, iso2, name, region) VALUES (?, ?, ?, ?)`, "Q"+iso2, iso2, "test", "Europe"); err != nil {
						return err
					}
					tx.AfterCommit(func(context.Context) { after.Add(1) })
					if i%10 == 3 {
						return boom // after writing: its row must go
					}
					return nil
				})
			}()
		}
		wg.Wait()
		failed := 0
		for i, err := range errs {
			switch {
			case i%10 == 3 && !errors.Is(err, boom):
				t.Fatalf("caller %d: %v, want its own error", i, err)
			case i%10 == 3:
				failed++
			case err != nil:
				t.Fatalf("caller %d: %v", i, err)
			}
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT count(*) FROM members WHERE name = ?`, "test").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != callers-failed {
			t.Fatalf("%d rows, want %d (the failed callers' rolled back)", n, callers-failed)
		}
		if got := after.Load(); got != int64(callers-failed) {
			t.Fatalf("after-commit ran %d times, want %d", got, callers-failed)
		}
		// A failure the store reports (a duplicate key) is the caller's alone.
		err := g.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO members (iso3, iso2, name, region) VALUES (?, ?, ?, ?)`, "Q00", "#0", "again", "Europe")
			return err
		})
		if err == nil {
			t.Fatal("a duplicate key committed")
		}
		if err := g.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO members (iso3, iso2, name, region) VALUES (?, ?, ?, ?)`, "S00", "#1", "test", "Europe")
			return err
		}); err != nil {
			t.Fatalf("the next write after a failed one: %v", err)
		}
		stop()
		stop()
		if err := g.InTx(ctx, func(*store.Tx) error { return nil }); !errors.Is(err, store.ErrGroupStopped) {
			t.Fatalf("after stop: %v", err)
		}
	})
}
