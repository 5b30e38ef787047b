package hits

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/audit/audittest"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// A hit held as waiting whose announcement never came (a commit whose
// outcome could not be told, found written) and that the owner answered
// since is not given back as waiting: the table is right, and the hit is
// let go. One not stored yet is still waiting.
func TestWaitingTrustsTheTable(t *testing.T) {
	db := storetest.Open(t, storetest.SQLiteDSN(t))
	clk := clock.NewFake(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	ids := id.NewGenerator(clk, nil)
	var d *Discloser
	audittest.StartJournaled(t, db, clk, ids, func(l *audit.Log) { d = NewDiscloser(l, nil, slog.New(slog.NewTextHandler(io.Discard, nil))) })
	ctx := context.Background()
	unit := "01JFRABORDERPOINT000000000"
	deadline := clk.Now().Add(10 * time.Minute)
	hit := func(subject string) Hit {
		return Hit{ID: ids.New(), RecordID: "01JRECORD00000000000000000", Database: "sltd", Owner: "DEU",
			Searcher: Searcher{ID: "u", Name: "fra.border", Country: "FRA", UnitID: unit, UnitKind: string(access.KindBorderPoint)},
			Purpose:  access.PurposeBorderControl, Score: 1, Match: true, Matched: []string{"number"}, Time: clk.Now(),
			Source: SourceCheck, Urgency: Urgent, Deadline: &deadline, Confirmation: Pending, SubjectKey: subject}
	}
	answered, unstored := hit("traveller-1"), hit("traveller-2")
	d.hold([]Hit{answered, unstored})
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		if err := Insert(ctx, tx, []Hit{answered}); err != nil {
			return err
		}
		return SetAnswer(ctx, tx, answered.ID, Confirmed, "deu.officer", "NCB Wiesbaden", "", clk.Now())
	}); err != nil {
		t.Fatal(err)
	}
	waiting, err := d.Waiting(ctx, db, unit, []string{answered.RecordID})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := waiting[[2]string{answered.RecordID, "traveller-1"}]; ok {
		t.Fatal("an answered hit is given back as waiting")
	}
	if w, ok := waiting[[2]string{unstored.RecordID, "traveller-2"}]; !ok || w.ID != unstored.ID {
		t.Fatalf("the hit not stored yet is not waiting: %+v", waiting)
	}
	d.mu.Lock()
	left := len(d.waiting)
	d.mu.Unlock()
	if left != 1 {
		t.Fatalf("%d hits held, want the unstored one alone", left)
	}
}
