package audit

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// FuzzEntryJSON: the entry encoder writes what json.Marshal writes (audit
// verify holds every leaf to it), or gives the entry to json.Marshal.
func FuzzEntryJSON(f *testing.F) {
	f.Add("01JD7Z", "u-1", "fra.border-officer", "FRA", "check.run", "border-control", "sltd:r-1", "DEU", "reason", "k", "v", int64(1732700000123456), true, int64(5))
	f.Add("", "", "system", "", "audit.pending.rejected", "", "", "", "", "", "", int64(0), false, int64(0))
	f.Add("a<b", "é", "x\"y", "F&A", "a\\b", "\u2028", "\x01", "ÿ", "r", "z", "", int64(-62135596800000000), false, int64(-1))
	f.Fuzz(func(t *testing.T, id, actorID, name, country, action, purpose, resource, subject, reason, key, value string, micros int64, token bool, seq int64) {
		e := Entry{Seq: seq, ID: id, Time: time.UnixMicro(micros).UTC(), Actor: Actor{ID: actorID, Name: name, Token: token, Country: country, UnitID: actorID, UnitKind: country},
			Action: action, Purpose: purpose, Outcome: Outcome(reason), Reason: reason}
		if resource != "" {
			e.Resources = []string{resource, id}
		}
		if subject != "" {
			e.Subjects = []string{subject}
		}
		if key != "" || value != "" {
			e.Details = map[string]string{key: value, "z" + key: value}
		}
		want, werr := json.Marshal(e)
		got, ok := appendEntryJSON(nil, e)
		if !ok {
			return
		}
		if werr != nil {
			t.Fatalf("%+v: written fast, json.Marshal fails: %v", e, werr)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%+v:\n got %s\nwant %s", e, got, want)
		}
	})
}

// The encoder takes the entries checks write, and leaves the others.
func TestEntryJSONTakes(t *testing.T) {
	plain := Entry{ID: "01JD", Time: t0, Actor: Actor{ID: "u", Name: "fra.border-officer", Country: "FRA"}, Action: "check.run", Purpose: "border-control", Outcome: OutcomeSuccess,
		Resources: []string{"r1"}, Subjects: []string{"FRA"}, Details: map[string]string{"items": "1", "hits": "0"}}
	if _, ok := appendEntryJSON(nil, plain); !ok {
		t.Error("a check's entry was left to json.Marshal")
	}
	odd := plain
	odd.Details = map[string]string{"note": "Müller & Söhne"}
	if _, ok := appendEntryJSON(nil, odd); ok {
		t.Error("an entry with text to escape was written fast")
	}
}
