package edge

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func testHit(n int) Hit {
	return Hit{
		ID:       recordID(1000 + n),
		RecordID: recordID(n),
		Database: "sltd",
		Owner:    "FRA",
		Kind:     "document-number",
		Time:     testTime.Add(time.Duration(n) * time.Minute),
		Matched:  []string{"document-number"},
		Purpose:  "border-control",
	}
}

func pendingIDs(t *testing.T, q *Queue) []string {
	t.Helper()
	hits, err := q.Pending()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func mustOpenQueue(t *testing.T, path string) *Queue {
	t.Helper()
	q, err := OpenQueue(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

func TestQueueSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "edge", "hits.jsonl")
	q := mustOpenQueue(t, path)
	for n := range 4 {
		if err := q.Add(testHit(n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Add(testHit(1)); err != nil {
		t.Fatal(err)
	}
	q.Close()

	q = mustOpenQueue(t, path)
	hits, err := q.Pending()
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 4 || !reflect.DeepEqual(hits[2], testHit(2)) {
		t.Fatalf("after reopening: %d hits (third %+v), want 4 as added", len(hits), hits[2])
	}
	if err := q.Remove([]string{testHit(0).ID, testHit(2).ID, "unknown"}); err != nil {
		t.Fatal(err)
	}
	if err := q.Add(testHit(4)); err != nil {
		t.Fatal(err)
	}
	want := []string{testHit(1).ID, testHit(3).ID, testHit(4).ID}
	if got := pendingIDs(t, q); !reflect.DeepEqual(got, want) {
		t.Fatalf("pending %v, want %v", got, want)
	}
	q.Close()

	q = mustOpenQueue(t, path)
	if got := pendingIDs(t, q); !reflect.DeepEqual(got, want) {
		t.Fatalf("after reopening: pending %v, want %v", got, want)
	}
	if err := q.Remove(want); err != nil {
		t.Fatal(err)
	}
	q.Close()
	if got := pendingIDs(t, mustOpenQueue(t, path)); len(got) != 0 {
		t.Fatalf("after removing all and reopening: pending %v", got)
	}
}

func TestQueueDropsCutLastLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hits.jsonl")
	q := mustOpenQueue(t, path)
	for n := range 2 {
		if err := q.Add(testHit(n)); err != nil {
			t.Fatal(err)
		}
	}
	q.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// A crash in the middle of the second Add.
	if err := os.WriteFile(path, data[:len(data)-20], 0o600); err != nil {
		t.Fatal(err)
	}
	q = mustOpenQueue(t, path)
	if got := pendingIDs(t, q); !reflect.DeepEqual(got, []string{testHit(0).ID}) {
		t.Fatalf("pending %v, want the first hit only", got)
	}
	if err := q.Add(testHit(5)); err != nil {
		t.Fatal(err)
	}
	q.Close()
	if got := pendingIDs(t, mustOpenQueue(t, path)); !reflect.DeepEqual(got, []string{testHit(0).ID, testHit(5).ID}) {
		t.Fatalf("after a new Add and reopening: pending %v", got)
	}
}

func TestQueueRefuses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hits.jsonl")
	if err := os.WriteFile(path, []byte("{\"id\":\n{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenQueue(path); err == nil {
		t.Error("OpenQueue of a damaged line before the last succeeded")
	}
	q := mustOpenQueue(t, filepath.Join(t.TempDir(), "hits.jsonl"))
	for _, h := range []Hit{{ID: "x", RecordID: recordID(1)}, {ID: recordID(1), RecordID: ""}} {
		if err := q.Add(h); err == nil {
			t.Errorf("Add(%+v) succeeded", h)
		}
	}
	q.Close()
	if err := q.Add(testHit(1)); err == nil {
		t.Error("Add after Close succeeded")
	}
}
