package bench

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/store"
)

// AuditResult is the outcome of AuditAppend.
type AuditResult struct {
	Entries   int
	Elapsed   time.Duration
	PerSecond float64
}

// AuditAppend measures appends on db: it opens a Log with a fresh key, runs
// total appends of one typical entry each from workers concurrent callers,
// and returns the rate at which they completed (stored, in the tree and
// covered by a signed checkpoint). db must be migrated and is written to.
func AuditAppend(ctx context.Context, db *store.DB, workers, total int) (AuditResult, error) {
	if workers < 1 || total < 1 {
		return AuditResult{}, errors.New("bench audit append: workers and total must be positive")
	}
	skey, _, err := audit.GenerateKey("bench.ncbnet.local")
	if err != nil {
		return AuditResult{}, err
	}
	l, err := audit.New(ctx, audit.Config{DB: db, Signer: skey})
	if err != nil {
		return AuditResult{}, err
	}
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- l.Run(runCtx) }()
	defer func() {
		stop()
		<-ran
	}()

	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := next.Add(1)
				if n > int64(total) {
					return
				}
				if _, err := l.Append(ctx, auditEntry(n)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		return AuditResult{}, fmt.Errorf("bench audit append: %w", err)
	}
	return AuditResult{Entries: total, Elapsed: elapsed, PerSecond: float64(total) / elapsed.Seconds()}, nil
}

// auditEntry returns the n-th entry of a benchmark: a record read by an
// officer of one bureau about a record of another.
func auditEntry(n int64) audit.Entry {
	countries := []string{"FRA", "DEU", "ITA", "ESP", "NLD", "BEL", "POL", "PRT"}
	actor := countries[n%int64(len(countries))]
	subject := countries[(n/3)%int64(len(countries))]
	return audit.Entry{
		Actor: audit.Actor{
			ID: "01HZX3T5R6Y7A8B9C0PQRSTVWX", Name: "officer" + strconv.FormatInt(n%500, 10),
			Country: actor, UnitID: "01HZX3T5R6Y7A8B9C0PQRSTVWY", UnitKind: "ncb",
		},
		Action:    "record.read",
		Resources: []string{"REC" + strconv.FormatInt(n%100000, 10)},
		Purpose:   "criminal-investigation",
		Outcome:   audit.OutcomeSuccess,
		Subjects:  []string{subject},
		Details:   map[string]string{"database": "sltd"},
	}
}
