package auth

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// A burst of parallel guesses gets no more passwords checked than the lock
// allows, and the right password sent in the same burst after them is
// refused: the lock cannot be raced.
func TestLockoutHoldsAgainstParallelGuesses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		const guesses = 40
		var wg sync.WaitGroup
		results := make(chan error, guesses)
		for range guesses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.auth.Login(ctx, "fra.officer", "a wrong guess!")
				results <- err
			}()
		}
		wg.Wait()
		close(results)
		locked := 0
		for err := range results {
			var le *LockedError
			if errors.As(err, &le) {
				locked++
			}
		}
		entries, err := e.log.Entries(ctx, audit.Filter{Action: "session.create", Outcome: audit.OutcomeFailure, Limit: audit.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		if checked := len(entries); checked > e.auth.cfg.LockAfter {
			t.Fatalf("%d guesses were checked in one burst, the lock allows %d", checked, e.auth.cfg.LockAfter)
		}
		if locked < guesses-e.auth.cfg.LockAfter {
			t.Fatalf("only %d of %d guesses were refused as locked", locked, guesses)
		}
		var le *LockedError
		if _, err := e.auth.Login(ctx, "fra.officer", testPassword); !errors.As(err, &le) {
			t.Fatalf("the right password after the burst: %v, want the account locked", err)
		}
	})
}
