package hits_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/hits/wire"
)

// The API writes a hit as its wire form: every field of Hit but those
// never shown, by the same name and JSON key, in the same order, so that
// Hit and Hit.Wire() write the same JSON.
func TestWireIsTheHitShown(t *testing.T) {
	var shown []string
	ht := reflect.TypeFor[hits.Hit]()
	for i := range ht.NumField() {
		if f := ht.Field(i); f.Tag.Get("json") != "-" {
			shown = append(shown, f.Name+" "+string(f.Tag))
		}
	}
	var onWire []string
	wt := reflect.TypeFor[wire.Hit[json.RawMessage]]()
	for i := range wt.NumField() {
		onWire = append(onWire, wt.Field(i).Name+" "+string(wt.Field(i).Tag))
	}
	if !reflect.DeepEqual(shown, onWire) {
		t.Fatalf("hits.Hit shows\n%v\nthe wire carries\n%v", shown, onWire)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	h := hits.Hit{ID: "H1", RecordID: "R1", Database: "sltd", Owner: "FRA", Searcher: hits.Searcher{ID: "U1", Name: "usa.officer", Country: "USA", UnitID: "N1", UnitKind: "border-point"},
		Purpose: access.PurposeBorderControl, Score: 1, Match: true, Matched: []string{"number"}, Time: at, Source: hits.SourceCheck, Action: []string{"arrest"},
		Urgency: hits.Urgent, Deadline: &at, Confirmation: hits.Confirmed, AnsweredAt: &at, AnsweredBy: "FRA", AnsweredUnit: "N2", Note: "a <note> & more", EscalatedAt: &at,
		Checked: json.RawMessage(`[{"kind":"document","number":"X1"}]`), Referred: true, SubjectKey: "never shown"}
	server, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	sent, err := json.Marshal(h.Wire())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(server, sent) {
		t.Fatalf("hits.Hit writes\n%s\nits wire form\n%s", server, sent)
	}
}
