package audit

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// Transactions that stage entries return only once their entries are in the
// tree, however their syncs interleave: a sync that finds its entries already
// integrated by another one must still be answered.
func TestConcurrentStagedWritesAllReturnIntegrated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l, _ := startLog(t, db)
		const writers, each = 16, 20
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					err := db.InTx(ctx, func(tx *store.Tx) error {
						return l.AppendTx(ctx, tx, sample("user.create", "staged", "FRA"))
					})
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("staged write: %v", err)
		}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Fatal("staged writes did not return in time: a sync went unanswered")
		}
		// Every write returned after its sync, so everything is integrated now.
		cp, err := l.Checkpoint(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if cp.Size != writers*each {
			t.Fatalf("tree size %d when the writes returned, want %d", cp.Size, writers*each)
		}
	})
}
