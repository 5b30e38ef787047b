package bench

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/app"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/store"
)

// DueResult is what escalating many hits that fell due at once did to the
// checks running meanwhile.
type DueResult struct {
	// Hits fell due together; Escalated of them were escalated, in Took.
	Hits, Escalated int
	Took            time.Duration
	// Before is a round of checks just before; During the checks answered
	// while the escalation ran, over its duration.
	Before, During Rate
}

// benchDue measures the deadline watcher's bulk case: due urgent hits of
// checks, unanswered, all past their deadline at once (as after a busy
// hour with the owners' desks closed), escalated while clients send
// checks. It compares the checks' rate during the escalation with a round
// just before.
func benchDue(ctx context.Context, n *app.Node, target, token string, due, checks, clients int, body func(int) []byte) (DueResult, error) {
	res := DueResult{Hits: due}
	var err error
	if res.Before, _, err = benchRequests(ctx, target, token, checks, clients, body); err != nil {
		return res, err
	}
	// The hits, stored as checks 10 minutes ago would have left them.
	past := time.Now().Add(-11 * time.Minute)
	deadline := past.Add(hits.DeadlineOf(hits.Urgent))
	for start := 0; start < due; start += 5000 {
		hs := make([]hits.Hit, 0, 5000)
		for k := start; k < min(start+5000, due); k++ {
			hs = append(hs, hits.Hit{
				ID: fmt.Sprintf("01JBENCHDUE%015d", k), RecordID: fmt.Sprintf("01JBENCHDUEREC%012d", k), Database: "sltd", Owner: "DEU",
				Searcher: hits.SearcherOf(discloser), Purpose: access.PurposeBorderControl, Score: 1, Match: true,
				Matched: []string{"number"}, Time: past, Source: hits.SourceCheck, Action: []string{"arrest"},
				Urgency: hits.Urgent, Deadline: &deadline, Confirmation: hits.Pending,
			})
		}
		if err := n.DB.InTx(ctx, func(tx *store.Tx) error { return hits.Insert(ctx, tx, hs) }); err != nil {
			return res, err
		}
	}
	if err := n.Audit.Sync(ctx); err != nil {
		return res, err
	}
	// Checks from the clients; the escalation starts once they run, and
	// the checks answered while it runs are counted.
	var answered atomic.Int64
	counting := func(i int, answer []byte) int { answered.Add(1); return checkHit(i, answer) }
	type escalation struct {
		n          int
		took       time.Duration
		from, upTo int64
		err        error
	}
	done := make(chan escalation, 1)
	round, stop := context.WithCancel(ctx)
	defer stop()
	go func() {
		for answered.Load() < int64(clients) && round.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		e := escalation{from: answered.Load()}
		t0 := time.Now()
		// The node's own deadline watcher may take part: the escalation
		// is over when every due hit is escalated, by either.
		if _, e.err = n.Hits.Escalate(ctx); e.err == nil {
			e.n, e.err = escalatedDue(ctx, n)
			for e.err == nil && e.n < due && ctx.Err() == nil {
				time.Sleep(time.Millisecond)
				e.n, e.err = escalatedDue(ctx, n)
			}
		}
		e.took, e.upTo = time.Since(t0), answered.Load()
		done <- e
		stop() // the round ends with the escalation
	}()
	const most = 10_000_000
	_, _, err = benchRequestsCounting(round, target, token, most, clients, body, counting)
	e := <-done
	switch {
	case e.err != nil:
		return res, e.err
	case err == nil:
		return res, fmt.Errorf("the escalation outlasted %d checks", most)
	case !errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return res, err
	}
	res.Escalated, res.Took = e.n, e.took
	res.During = Rate{Requests: int(e.upTo - e.from), Elapsed: e.took, PerSecond: float64(e.upTo-e.from) / e.took.Seconds()}
	return res, nil
}

// escalatedDue counts the due hits of benchDue escalated so far.
func escalatedDue(ctx context.Context, n *app.Node) (int, error) {
	var c int
	err := n.DB.QueryRow(ctx, `SELECT count(*) FROM hits WHERE id LIKE '01JBENCHDUE%' AND escalated_at IS NOT NULL`).Scan(&c)
	return c, err
}
