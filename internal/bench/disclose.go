package bench

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/store"
)

// DiscloseRound is the disclosure path measured alone, in process: workers
// goroutines disclose Hits hits, Per at a time (1 as a check that hits, 10
// as a search that shows ten records), each disclosure with its audit
// entry, until every hit is durable and audited (in the audit journal) and
// stored in the hits table.
type DiscloseRound struct {
	Per, Workers int
	Rate         Rate // Requests counts hits
}

// discloser is the checking unit the measured disclosures come from.
var discloser = access.Principal{ID: "01JBENCHBORDER000000000000", Name: "bench.border", Country: "FRA", UnitID: "01JBENCHBORDERPOINT0000000", UnitKind: access.KindBorderPoint}

// benchDisclose runs one DiscloseRound on n.
func benchDisclose(ctx context.Context, n *app.Node, total, per, workers int) (DiscloseRound, error) {
	round := DiscloseRound{Per: per, Workers: workers}
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	batches := (total + per - 1) / per
	start := time.Now()
	for w := range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				b := int(next.Add(1)) - 1
				if b >= batches || ctx.Err() != nil {
					return
				}
				now := time.Now()
				deadline := now.Add(hits.DeadlineOf(hits.Routine))
				hs := make([]hits.Hit, per)
				for i := range hs {
					k := b*per + i
					hs[i] = hits.Hit{
						ID: fmt.Sprintf("01JBENCHHIT%015d", k), RecordID: fmt.Sprintf("01JBENCHREC%015d", k), Database: "sltd", Owner: "DEU",
						Searcher: hits.SearcherOf(discloser), Purpose: access.PurposeBorderControl, Score: 1, Match: true,
						Matched: []string{"number = BX" + strconv.Itoa(k)}, Time: now, Source: hits.SourceCheck,
						Action: []string{"seize"}, Urgency: hits.Routine, Deadline: &deadline, Confirmation: hits.Pending,
						SubjectKey: "bench-" + strconv.Itoa(w) + "-" + strconv.Itoa(k),
					}
				}
				entry := audit.Entry{Actor: audit.ActorOf(discloser), Action: string(access.CheckRun), Purpose: string(access.PurposeBorderControl),
					Outcome: audit.OutcomeSuccess, Details: map[string]string{"bench": "disclose"}}
				if err := n.Disclose.Disclose(ctx, entry, hs); err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return round, first
	}
	if err := n.Disclose.Settle(ctx); err != nil {
		return round, err
	}
	elapsed := time.Since(start)
	var stored int
	if err := n.DB.QueryRow(ctx, `SELECT count(*) FROM hits WHERE searcher_id = ? AND id >= ? AND id < ?`, discloser.ID,
		fmt.Sprintf("01JBENCHHIT%015d", 0), fmt.Sprintf("01JBENCHHIT%015d", batches*per)).Scan(&stored); err != nil {
		return round, err
	}
	if stored != batches*per {
		return round, fmt.Errorf("disclosed %d hits, %d stored", batches*per, stored)
	}
	round.Rate = Rate{Requests: stored, Elapsed: elapsed, PerSecond: float64(stored) / elapsed.Seconds()}
	// The next round starts from an empty table.
	err := n.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM hits WHERE searcher_id = ?`, discloser.ID)
		return err
	})
	return round, err
}
