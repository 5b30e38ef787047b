package screening

import (
	"bytes"
	"encoding/json"
	"testing"
)

// An answer is written byte for byte as encoding/json writes it, with or
// without the fast path.
func TestAnswerJSON(t *testing.T) {
	type plain Answer
	hit := Hit{HitID: "h1", Database: "sltd", RecordID: "r1", Owner: "FRA", Matched: []string{"number"}}
	for _, a := range []Answer{
		{},
		{Results: []Result{}},
		{Results: []Result{{Index: 0, Outcome: OutcomeNoHit, Hits: []Hit{}}}},
		{Results: []Result{{Index: 0, Outcome: OutcomeNoHit, Hits: []Hit{}}, {Index: 1, Outcome: OutcomeNoHit, Hits: []Hit{}}, {Index: 2, Outcome: OutcomeHit, Hits: []Hit{hit}}}},
		{Results: []Result{{Index: 7, Outcome: OutcomeNoHit}}},
		{Results: []Result{{Index: 3, Outcome: "a<b\"c", Hits: []Hit{}}}},
	} {
		want, err := json.Marshal(plain(a))
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%+v:\n got %s\nwant %s", a, got, want)
		}
		// As the API writes it (no HTML escaping).
		var gb, wb bytes.Buffer
		ge, we := json.NewEncoder(&gb), json.NewEncoder(&wb)
		ge.SetEscapeHTML(false)
		we.SetEscapeHTML(false)
		if err := ge.Encode(a); err != nil {
			t.Fatal(err)
		}
		if err := we.Encode(plain(a)); err != nil {
			t.Fatal(err)
		}
		if gb.String() != wb.String() {
			t.Errorf("%+v, as the API writes it:\n got %s\nwant %s", a, gb.String(), wb.String())
		}
	}
}
