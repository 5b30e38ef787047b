package edge

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
)

// changes returns the records whose entries differ between old and new,
// plus every fifth record that did not change (a record saved again as it
// was), and their entries in new.
func changes(old, new []Entry) (changed []string, fresh []Entry) {
	byRecord := func(es []Entry) map[string]string {
		m := map[string]string{}
		for _, e := range es {
			m[e.RecordID] += fmt.Sprintf("%+v;", e)
		}
		return m
	}
	o, n := byRecord(old), byRecord(new)
	touched := map[string]bool{}
	i := 0
	for r, v := range n {
		if o[r] != v || i%5 == 0 {
			touched[r] = true
		}
		i++
	}
	for r := range o {
		if _, ok := n[r]; !ok {
			touched[r] = true
		}
	}
	for r := range touched {
		changed = append(changed, r)
	}
	for _, e := range new {
		if touched[e.RecordID] {
			fresh = append(fresh, e)
		}
	}
	return changed, fresh
}

// DiffFrom writes, from the kept state and the changed records alone, the
// very bytes Diff writes from both whole entry lists, over a chain of days;
// and a copy that applies them reaches the snapshot's state.
func TestDiffFromIsDiff(t *testing.T) {
	k := newKeys(t, "central.test")
	entries := synthEntries(3000)
	_, state, err := BuildState(testKey, 1, testTime, entries, k.signer)
	if err != nil {
		t.Fatal(err)
	}
	c := mustOpen(t, t.TempDir(), k)
	if err := c.Replace(mustBuild(t, k, 1, entries)); err != nil {
		t.Fatal(err)
	}
	for step := 1; step <= 4; step++ {
		next := evolve(entries, step)
		from, to := uint64(step), uint64(step+1)
		want, err := Diff(testKey, from, to, testTime, entries, next, k.signer)
		if err != nil {
			t.Fatal(err)
		}
		changed, fresh := changes(entries, next)
		got, nextState, err := DiffFrom(testKey, from, to, testTime, state, changed, fresh, k.signer)
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("step %d: DiffFrom wrote %d bytes, Diff %d, not the same", step, len(got), len(want))
		}
		if err := c.Apply(got); err != nil {
			t.Fatalf("step %d: apply: %v", step, err)
		}
		if nextState.Len() != c.Len() {
			t.Fatalf("step %d: state of %d rows, the copy holds %d", step, nextState.Len(), c.Len())
		}
		entries, state = next, nextState
	}

	// A record of several identifiers partly changed, one given twice, a
	// changed ID that is in neither state, and a change to nothing.
	multi := recordID(900001)
	doc := func(v, owner string) Entry {
		return Entry{Kind: "document-number", Country: "FRA", Value: v, Database: "sltd", RecordID: multi, Owner: owner, Action: []string{"seize"}}
	}
	before := append(slices.Clone(entries), doc("M1", "FRA"), doc("M2", "FRA"), doc("M3", "FRA"))
	_, state, err = BuildState(testKey, 10, testTime, before, k.signer)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		after   []Entry // the multi-identifier record's entries after
		changed []string
	}{
		{"one identifier replaced", []Entry{doc("M1", "FRA"), doc("M2", "FRA"), doc("M4", "FRA")}, []string{multi}},
		{"an identifier given twice", []Entry{doc("M1", "FRA"), doc("M1", "FRA"), doc("M2", "FRA"), doc("M3", "FRA")}, []string{multi}},
		{"the payload changed", []Entry{doc("M1", "DEU"), doc("M2", "DEU"), doc("M3", "DEU")}, []string{multi}},
		{"a changed ID in neither state", []Entry{doc("M1", "FRA"), doc("M2", "FRA"), doc("M3", "FRA")}, []string{multi, recordID(900002)}},
		{"gone", nil, []string{multi}},
	} {
		after := append(slices.Clone(entries), tc.after...)
		want, err := Diff(testKey, 10, 11, testTime, before, after, k.signer)
		if err != nil {
			t.Fatal(err)
		}
		got, next, err := DiffFrom(testKey, 10, 11, testTime, state, tc.changed, tc.after, k.signer)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: DiffFrom wrote other bytes than Diff", tc.name)
		}
		if tc.name == "a changed ID in neither state" && next != state {
			t.Errorf("%s: nothing changed, yet a new state was made", tc.name)
		}
	}

	// An entry of a record not said to be changed, another key, a record
	// ID that is not one: refused.
	e := entries[0]
	if _, _, err := DiffFrom(testKey, 5, 6, testTime, state, nil, []Entry{e}, k.signer); err == nil {
		t.Error("an entry of an unchanged record was taken")
	}
	other := bytes.Repeat([]byte{9}, KeySize)
	if _, _, err := DiffFrom(other, 5, 6, testTime, state, nil, nil, k.signer); err == nil {
		t.Error("a state made under another key was taken")
	}
	if _, _, err := DiffFrom(testKey, 5, 6, testTime, state, []string{"not an id"}, nil, k.signer); err == nil {
		t.Error("a malformed record ID was taken")
	}
}
