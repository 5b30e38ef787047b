package edge

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/ncbnet/ncbnet/internal/atomicfile"
)

// evolve returns entries changed as a day of the central node changes them:
// some records deleted, some payloads changed, some records created.
func evolve(entries []Entry, step int) []Entry {
	var out []Entry
	for i, e := range entries {
		switch {
		case (i+step)%11 == 0:
			continue
		case (i+step)%13 == 0:
			e.Action = []string{"arrest"}
			e.Urgent = !e.Urgent
		case (i+step)%17 == 0:
			e.Owner = "CHE"
		}
		out = append(out, e)
	}
	for i := range 50 {
		n := 100000*(step+1) + i
		out = append(out, Entry{Kind: "serial", Value: recordID(n)[10:], Database: "firearms", RecordID: recordID(n), Owner: "AUS", Action: []string{"seize", "locate"}, Urgent: i%2 == 0})
	}
	return out
}

func TestDeltaGivesTheSnapshotState(t *testing.T) {
	k := newKeys(t, "central.test")
	dir := t.TempDir()
	c := mustOpen(t, dir, k)
	states := [][]Entry{synthEntries(2000)}
	if err := c.Replace(mustBuild(t, k, 1, states[0])); err != nil {
		t.Fatal(err)
	}
	for step := 1; step <= 4; step++ {
		old, new := states[step-1], evolve(states[step-1], step)
		states = append(states, new)
		if err := c.Apply(mustDiff(t, k, uint64(step), uint64(step+1), old, new)); err != nil {
			t.Fatalf("delta %d→%d: %v", step, step+1, err)
		}
		want := mustBuild(t, k, uint64(step+1), new)
		if c.Seq() != uint64(step+1) || c.Digest() != stateOf(t, want, k) {
			t.Fatalf("after delta %d→%d: seq %d, state differs from the snapshot built at %d", step, step+1, c.Seq(), step+1)
		}
		rebuilt := mustOpen(t, t.TempDir(), k)
		if err := rebuilt.Replace(want); err != nil {
			t.Fatal(err)
		}
		if rebuilt.Len() != c.Len() {
			t.Fatalf("len %d after deltas, %d from the snapshot", c.Len(), rebuilt.Len())
		}
		for _, e := range new {
			if !sameMatches(c.Lookup(e.Kind, e.Country, e.Value), rebuilt.Lookup(e.Kind, e.Country, e.Value)) {
				t.Fatalf("lookup after deltas differs from the snapshot's for record %s", e.RecordID)
			}
		}
	}
	for _, e := range states[0] {
		gone := !slices.ContainsFunc(states[4], func(n Entry) bool { return n.RecordID == e.RecordID })
		if gone && c.Lookup(e.Kind, e.Country, e.Value) != nil {
			t.Fatalf("deleted record %s still found", e.RecordID)
		}
	}

	// A restart finds the same state from the folder.
	again := mustOpen(t, dir, k)
	if again.Seq() != 5 || again.Digest() != c.Digest() || again.Len() != c.Len() {
		t.Fatalf("after restart: seq %d, len %d; want 5, %d and the same state", again.Seq(), again.Len(), c.Len())
	}
	for _, e := range states[4][:100] {
		if len(again.Lookup(e.Kind, e.Country, e.Value)) == 0 {
			t.Fatalf("after restart, record %s not found", e.RecordID)
		}
	}

	// A newer snapshot replaces the snapshot and deltas on disk.
	if err := again.Replace(mustBuild(t, k, 9, states[4])); err != nil {
		t.Fatal(err)
	}
	files, err := listFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if files.snapshotSeq != 9 || len(files.deltas) != 0 {
		t.Errorf("after Replace: snapshot %d, %d deltas left; want 9 and none", files.snapshotSeq, len(files.deltas))
	}
	if c := mustOpen(t, dir, k); c.Seq() != 9 {
		t.Errorf("reopened at seq %d, want 9", c.Seq())
	}
}

func TestDeltaFromEmpty(t *testing.T) {
	k := newKeys(t, "central.test")
	dir := t.TempDir()
	c := mustOpen(t, dir, k)
	if err := c.Apply(mustDiff(t, k, 0, 3, nil, lookupEntries)); err != nil {
		t.Fatal(err)
	}
	if c.Seq() != 3 || c.Digest() != stateOf(t, mustBuild(t, k, 3, lookupEntries), k) {
		t.Fatalf("seq %d or state differs from the snapshot at 3", c.Seq())
	}
	if c := mustOpen(t, dir, k); c.Seq() != 3 || c.Len() != 6 {
		t.Fatalf("reopened at seq %d, len %d; want 3, 6", c.Seq(), c.Len())
	}
}

func TestApplyRefuses(t *testing.T) {
	k := newKeys(t, "central.test")
	base := synthEntries(300)
	next := evolve(base, 1)
	delta := mustDiff(t, k, 1, 2, base, next)
	sep := bytes.IndexByte(delta, 0)
	for _, tc := range []struct {
		name string
		file []byte
		want error
	}{
		{"base is another seq", mustDiff(t, k, 2, 3, base, next), ErrWrongBase},
		{"base is another state at the same seq", mustDiff(t, k, 1, 2, base[1:], next), ErrWrongBase},
		{"byte of the body", flip(t, delta, string(delta[sep+1:sep+60]), 50), ErrTampered},
		{"truncated", delta[:len(delta)-1], ErrTampered},
		{"target seq in the note", flip(t, delta, "seq 2", 4), ErrTampered},
		{"result digest in the note", flip(t, delta, "\nstate sha256 ", 14), ErrTampered},
		{"signed but wrong result", signedDeltaWithWrongResult(t, k, base, next), ErrTampered},
		{"other signer", mustDiff(t, newKeys(t, "central.test"), 1, 2, base, next), ErrUnknownSigner},
		{"a snapshot", mustBuild(t, k, 2, next), ErrWrongType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			c := mustOpen(t, dir, k)
			if err := c.Replace(mustBuild(t, k, 1, base)); err != nil {
				t.Fatal(err)
			}
			before := c.Digest()
			if err := c.Apply(tc.file); !errors.Is(err, tc.want) {
				t.Fatalf("Apply = %v, want %v", err, tc.want)
			}
			if c.Seq() != 1 || c.Digest() != before {
				t.Errorf("after a refused delta: seq %d; want the state held before", c.Seq())
			}
			if files, _ := listFiles(dir); len(files.deltas) != 0 {
				t.Error("a refused delta was saved")
			}
		})
	}
}

// signedDeltaWithWrongResult is a delta whose note is validly signed but
// whose body is another delta's: what a signer bug, or a key used for the
// wrong body, would produce.
func signedDeltaWithWrongResult(t *testing.T, k keys, base, next []Entry) []byte {
	t.Helper()
	kh, _ := newKeyedHash(testKey)
	bt, err := buildTable(kh, base)
	if err != nil {
		t.Fatal(err)
	}
	nt, err := buildTable(kh, next)
	if err != nil {
		t.Fatal(err)
	}
	d := diffTables(bt, nt)
	d.adds = d.adds[1:]
	h := &header{fileType: typeDelta, base: 1, baseState: bt.digest(), removes: uint64(len(d.removes)), adds: uint64(len(d.adds)),
		seq: 2, entries: uint64(nt.len()), created: testTime, key: keyID(testKey), state: nt.digest()}
	out, err := seal(h, encodeDelta(d), k.signer)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOpenRefusesDamagedFolder(t *testing.T) {
	k := newKeys(t, "central.test")
	base := synthEntries(100)
	for _, tc := range []struct {
		name  string
		files map[string][]byte
	}{
		{"damaged snapshot", map[string][]byte{snapshotName(1): mustBuild(t, k, 1, base)[10:]}},
		{"snapshot by another signer", map[string][]byte{snapshotName(1): mustBuild(t, newKeys(t, "x"), 1, base)}},
		{"damaged delta", map[string][]byte{
			snapshotName(1): mustBuild(t, k, 1, base),
			deltaName(1, 2): flip(t, mustDiff(t, k, 1, 2, base, evolve(base, 1)), "adds", 0),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tc.files {
				if err := atomicfile.Write(dir+"/"+name, data); err != nil {
					t.Fatal(err)
				}
			}
			if c, err := Open(dir, k.verifier, testKey); err == nil {
				t.Fatalf("Open succeeded at seq %d", c.Seq())
			}
		})
	}
}

// TestLookupDuringApply: checks keep being answered while deltas and a
// snapshot arrive, each from one whole state.
func TestLookupDuringApply(t *testing.T) {
	k := newKeys(t, "central.test")
	c := mustOpen(t, t.TempDir(), k)
	base := synthEntries(500)
	if err := c.Replace(mustBuild(t, k, 1, base)); err != nil {
		t.Fatal(err)
	}
	// Record 1 is in every state with one identifier and one payload.
	kept := base[1]
	stop := make(chan struct{})
	done := make(chan error)
	go func() {
		for {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if m := c.Lookup(kept.Kind, kept.Country, kept.Value); len(m) != 1 || m[0].RecordID != kept.RecordID {
				done <- errors.New("a kept record was not found during an update")
				return
			}
		}
	}()
	states := base
	for step := 1; step <= 5; step++ {
		next := evolve(states, step)
		if !slices.ContainsFunc(next, func(e Entry) bool { return e.RecordID == kept.RecordID }) {
			next = append(next, kept)
		}
		if err := c.Apply(mustDiff(t, k, uint64(step), uint64(step+1), states, next)); err != nil {
			t.Fatal(err)
		}
		states = next
	}
	if err := c.Replace(mustBuild(t, k, 10, states)); err != nil {
		t.Fatal(err)
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
