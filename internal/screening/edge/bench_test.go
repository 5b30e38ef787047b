package edge

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// A national export is about 10⁶ identifiers; a border point runs on a
// small device, so size and lookup time are measured at that scale.
const million = 1_000_000

var millionSnapshot = sync.OnceValues(func() ([]byte, keys) {
	k, err := fuzzKeys()
	if err != nil {
		panic(err)
	}
	snap, err := Build(testKey, 1, testTime, synthEntries(million), k.signer)
	if err != nil {
		panic(err)
	}
	return snap, k
})

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestSizePerEntry holds the copy to 32 bytes an entry, in memory and on
// disk, at 10⁶ entries.
func TestSizePerEntry(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 10⁶ entries")
	}
	snap, k := millionSnapshot()
	dir := t.TempDir()
	c := mustOpen(t, dir, k)
	before := heapInUse()
	if err := c.Replace(snap); err != nil {
		t.Fatal(err)
	}
	after := heapInUse()
	runtime.KeepAlive(snap)
	if c.Len() != million {
		t.Fatalf("len %d, want %d", c.Len(), million)
	}
	info, err := os.Stat(filepath.Join(dir, snapshotName(1)))
	if err != nil {
		t.Fatal(err)
	}
	mem := float64(after-before) / million
	disk := float64(info.Size()) / million
	t.Logf("per entry: %.2f bytes in memory, %.2f bytes on disk", mem, disk)
	if mem > 32 || disk > 32 {
		t.Errorf("per entry: %.2f bytes in memory, %.2f on disk; want at most 32", mem, disk)
	}
	e := synthEntries(million / 2)[million/2-1]
	if len(c.Lookup(e.Kind, e.Country, e.Value)) != 1 {
		t.Error("entry not found in the 10⁶ copy")
	}
}

var benchMatches []Match

func BenchmarkLookup(b *testing.B) {
	snap, k := millionSnapshot()
	c := mustOpen(b, b.TempDir(), k)
	if err := c.Replace(snap); err != nil {
		b.Fatal(err)
	}
	// Checks spread over the whole table, in an order unrelated to it, so
	// that each lookup pays the cache misses a lone check at a desk pays
	// rather than finding its rows cached by an earlier round. The queries
	// themselves are laid out in order so that reading them costs little.
	type query struct{ kind, country, value, missValue string }
	all := synthEntries(million)
	queries := make([]query, 1<<16)
	for i := range queries {
		e := &all[(i*7919)%million]
		queries[i] = query{e.Kind, e.Country, strings.Clone(e.Value), e.Value + "Z"}
	}
	all = nil
	b.Run("hit", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			q := &queries[i%len(queries)]
			benchMatches = c.Lookup(q.kind, q.country, q.value)
			i++
		}
	})
	b.Run("miss", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			q := &queries[i%len(queries)]
			benchMatches = c.Lookup(q.kind, q.country, q.missValue)
			i++
		}
	})
}

func BenchmarkBuild(b *testing.B) {
	k, err := fuzzKeys()
	if err != nil {
		b.Fatal(err)
	}
	entries := synthEntries(million)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(testKey, 1, testTime, entries, k.signer); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDelta makes a day's delta of a million-entry copy (a hundred
// records changed) with DiffFrom, from the kept state, against Diff, from
// both whole entry lists.
func BenchmarkDelta(b *testing.B) {
	k, err := fuzzKeys()
	if err != nil {
		b.Fatal(err)
	}
	old := synthEntries(million)
	_, state, err := BuildState(testKey, 1, testTime, old, k.signer)
	if err != nil {
		b.Fatal(err)
	}
	next := append([]Entry(nil), old...)
	var changed []string
	for i := 0; i < 100; i++ {
		e := &next[i*9973]
		e.Owner = "CHE"
		changed = append(changed, e.RecordID)
	}
	fresh := make([]Entry, 0, len(changed))
	for i := 0; i < 100; i++ {
		fresh = append(fresh, next[i*9973])
	}
	b.Run("DiffFrom", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := DiffFrom(testKey, 1, 2, testTime, state, changed, fresh, k.signer); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Diff", func(b *testing.B) {
		for b.Loop() {
			if _, err := Diff(testKey, 1, 2, testTime, old, next, k.signer); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkReplace(b *testing.B) {
	snap, k := millionSnapshot()
	b.ReportAllocs()
	for b.Loop() {
		c := mustOpen(b, b.TempDir(), k)
		if err := c.Replace(snap); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKeyedHash is the part of a lookup that does not depend on the
// table's size.
func BenchmarkKeyedHash(b *testing.B) {
	kh, err := newKeyedHash(testKey)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var sink uint64
	for b.Loop() {
		sink += kh.sum("document-number", "FRA", "12AB34567")
	}
	benchSum = sink
}

var benchSum uint64
