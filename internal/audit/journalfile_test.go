package audit

import (
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// journalFixture is a store and a key, and a journal path to open logs on.
type journalFixture struct {
	db   *store.DB
	skey string
	path string
	clk  *clock.Fake
}

func newJournalFixture(t *testing.T) journalFixture {
	skey, _ := testKey(t)
	return journalFixture{db: storetest.Open(t, storetest.SQLiteDSN(t)), skey: skey, path: filepath.Join(t.TempDir(), "audit-journal"), clk: clock.NewFake(t0)}
}

func (f journalFixture) open(t *testing.T) (*Log, error) {
	t.Helper()
	return openJournaled(t, f.db, f.skey, f.path, f.clk)
}

// entryItem is e ready for the journal.
func entryItem(t *testing.T, l *Log, e Entry) item {
	t.Helper()
	it, err := l.prepareItem(e)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// checkItem is an entry of action ready for the journal.
func checkItem(t *testing.T, l *Log, action string) item {
	t.Helper()
	return entryItem(t, l, Entry{Actor: SystemActor("test"), Action: action, Outcome: OutcomeSuccess})
}

// A journal that an earlier version of the node left (records from byte 0,
// no header) is converted when it is opened, and its entries integrated.
func TestJournalEarlierLayoutConverted(t *testing.T) {
	f := newJournalFixture(t)
	l, err := f.open(t)
	if err != nil {
		t.Fatal(err)
	}
	var old []byte
	for range 3 {
		it := checkItem(t, l, "check.v1")
		n := 32 + len(it.body)
		rec := binary.BigEndian.AppendUint32(nil, uint32(n))
		rest := append(pendingMAC(l.macKey, it.entry.ID, it.body), it.body...)
		rec = binary.BigEndian.AppendUint32(rec, crc32.Checksum(rest, castagnoli))
		old = append(old, append(rec, rest...)...)
	}
	l.journal.f.Close()
	// And a write cut short after them.
	old = append(old, 0, 0, 1, 0, 9, 9)
	if err := os.WriteFile(f.path, old, 0o600); err != nil {
		t.Fatal(err)
	}
	l2, err := f.open(t)
	if err != nil {
		t.Fatalf("open a journal of the earlier layout: %v", err)
	}
	run(t, l2)
	checkEntries(t, l2, "check.v1", 3)
	data, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	if _, v1, err := journalHeaderOf(data); v1 || err != nil {
		t.Fatalf("the journal was not converted: earlier layout %v, %v", v1, err)
	}
	if _, err := os.Stat(f.path + ".new"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the conversion left its temporary file: %v", err)
	}
}

// Once the tree holds what the journal holds, the journal starts a new
// generation over the old records, which are not read again; a journal
// that must hold more than its first allocation grows.
func TestJournalGenerations(t *testing.T) {
	f := newJournalFixture(t)
	l, err := f.open(t)
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, l)
	recordN(t, l, "check.first", 40)
	checkEntries(t, l, "check.first", 40)
	gen := l.journal.gen
	// The next write finds everything integrated: a new generation.
	recordN(t, l, "check.second", 2)
	if l.journal.gen != gen+1 {
		t.Fatalf("generation %d after the tree caught up, want %d", l.journal.gen, gen+1)
	}
	stop()

	// Reopened: only the new generation's two entries are read.
	data, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	h, _, err := journalHeaderOf(data)
	if err != nil || h.gen != gen+1 {
		t.Fatalf("generation in force %d (%v), want %d", h.gen, err, gen+1)
	}
	st, err := l.parseJournal(data, h)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.items) != 2 || st.items[0].entry.Action != "check.second" {
		t.Fatalf("read %d entries from the new generation, want the 2 of check.second", len(st.items))
	}

	// A batch larger than the file's first allocation grows it.
	l2, err := f.open(t)
	if err != nil {
		t.Fatal(err)
	}
	big := make([]Entry, 0, 600)
	for range cap(big) {
		big = append(big, Entry{Actor: SystemActor("test"), Action: "check.big", Outcome: OutcomeSuccess, Purpose: strings.Repeat("p", 2000)})
	}
	run(t, l2)
	if err := l2.Record(context.Background(), big...); err != nil {
		t.Fatal(err)
	}
	if l2.journal.allocated <= journalInitial {
		t.Fatalf("the journal holds %d bytes, allocated %d", l2.journal.off, l2.journal.allocated)
	}
	checkEntries(t, l2, "check.big", 600)
	checkEntries(t, l2, "check.second", 2)
}

// The file's damage is told apart from a write a crash cut short.
func TestJournalDamage(t *testing.T) {
	f := newJournalFixture(t)
	l, err := f.open(t)
	if err != nil {
		t.Fatal(err)
	}
	// A generation emptied, then four batches of one entry in the second.
	j := l.journal
	if err := j.write([]item{checkItem(t, l, "check.before")}); err != nil {
		t.Fatal(err)
	}
	j.written = 1
	if err := j.rotate(); err != nil {
		t.Fatal(err)
	}
	if j.gen != 2 {
		t.Fatalf("generation %d, want 2", j.gen)
	}
	for range 4 {
		if err := j.write([]item{checkItem(t, l, "check.run")}); err != nil {
			t.Fatal(err)
		}
	}
	j.f.Close()
	good, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	last := journalRecords // the offset of the last record
	for range 3 {
		_, _, _, size, _ := recordAt(good, last)
		last += size
	}
	for _, tc := range []struct {
		name    string
		damage  func(b []byte)
		refused bool
		entries int
	}{
		{"untouched", func([]byte) {}, false, 4},
		{"last batch damaged: taken for a torn write", func(b []byte) { b[last+20] ^= 1 }, false, 3},
		{"first batch damaged, others after it", func(b []byte) { b[journalRecords+20] ^= 1 }, true, 0},
		{"the next generation's header cut short", func(b []byte) { copy(b[journalSlot:], journalHeader{gen: 3, start: journalRecords}.encode()[:12]) }, false, 4},
		{"the header in force damaged", func(b []byte) { b[10] ^= 1 }, true, 0},
		{"both headers damaged", func(b []byte) { b[10] ^= 1; b[journalSlot+10] ^= 1 }, true, 0},
		{"the header in force starts past the end of the file", func(b []byte) {
			copy(b[journalSlot:], journalHeader{gen: 3, start: int64(len(b)) + journalRecords}.encode())
		}, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := append([]byte(nil), good...)
			tc.damage(b)
			if err := os.WriteFile(f.path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			l, err := f.open(t)
			if tc.refused {
				if !errors.Is(err, ErrJournalTampered) {
					t.Fatalf("opened a damaged journal: %v, want ErrJournalTampered", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer l.journal.f.Close()
			if got := len(l.journal.ready); got != tc.entries {
				t.Fatalf("%d entries to integrate, want %d", got, tc.entries)
			}
		})
	}
}

// A generation that grows past journalRotate while the integrator is
// behind is replaced by one that carries over the entries not yet in the
// tree; the generations after it reuse the file's space.
func TestJournalCarriesOver(t *testing.T) {
	f := newJournalFixture(t)
	l, err := f.open(t)
	if err != nil {
		t.Fatal(err)
	}
	j := l.journal
	big := func(action string, n int) []item {
		items := make([]item, n)
		for i := range items {
			items[i] = entryItem(t, l, Entry{Actor: SystemActor("test"), Action: action, Outcome: OutcomeSuccess, Purpose: strings.Repeat("p", 2000)})
		}
		return items
	}
	read := func() journalState { return readJournalFile(t, l, f.path) }
	// fill writes batches of 500 until the generation is due to rotate;
	// the integrator has taken the last batch but one, and not the last.
	fill := func(action string) (taken, ready []item) {
		for j.off-j.start < journalRotate {
			items := big(action, 500)
			if err := j.write(items); err != nil {
				t.Fatal(err)
			}
			j.written += int64(len(items))
			taken, ready = ready, items
		}
		j.taken, j.ready = taken, ready
		return taken, ready
	}

	taken, ready := fill("check.first")
	firstStart, firstEnd, firstWritten := j.start, j.off, j.written
	before, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	if !j.rotateDue() {
		t.Fatalf("a generation of %d bytes, %d of %d entries in the tree, not due to rotate", j.off-j.start, j.written-int64(len(taken)+len(ready)), j.written)
	}
	if err := j.rotate(); err != nil {
		t.Fatal(err)
	}
	if j.gen != 2 {
		t.Fatalf("generation %d after growing past %d bytes, want 2", j.gen, journalRotate)
	}
	st := read()
	if st.carried != uint32(len(taken)+len(ready)) || len(st.items) != len(taken)+len(ready) {
		t.Fatalf("carried %d entries (%d read), want %d", st.carried, len(st.items), len(taken)+len(ready))
	}
	if st.items[0].entry.ID != taken[0].entry.ID || st.items[len(st.items)-1].entry.ID != ready[len(ready)-1].entry.ID {
		t.Fatal("the carried entries are not those the tree lacks, in order")
	}
	if st.start != firstEnd {
		t.Fatalf("carried over at byte %d, want after the generation in force (%d)", st.start, firstEnd)
	}
	if j.written != int64(len(st.items)) {
		t.Fatalf("written %d after carrying %d over", j.written, len(st.items))
	}
	// A generation that holds only what it carried is not due again, large
	// as it may be: copying a backlog over and over would only add to it.
	if j.rotateDue() {
		t.Fatal("a generation of carried entries alone is due to rotate")
	}
	// The integrator's batch fails: its entries go back in front, and the
	// tree lacks them still.
	j.settle(taken)
	if len(j.ready) != len(taken)+len(ready) || j.ready[0].entry.ID != taken[0].entry.ID || len(j.taken) != 0 {
		t.Fatalf("after a failed batch: %d ready, %d taken", len(j.ready), len(j.taken))
	}
	j.ready = ready // the integrator succeeds this time

	// A crash before the new header was synced: the generation before is
	// in force, whole, the carried entries with it.
	crashed := append([]byte(nil), before...)
	after, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	copy(crashed[firstEnd:], after[firstEnd:j.off])
	h, _, err := journalHeaderOf(crashed)
	if err != nil || h.gen != 1 || h.start != firstStart {
		t.Fatalf("after a crash before the header: generation %d from %d (%v), want 1 from %d", h.gen, h.start, err, firstStart)
	}
	old, err := l.parseJournal(crashed, h)
	if err != nil || int64(len(old.items)) != firstWritten {
		t.Fatalf("the generation before: %d entries (%v), want the %d written", len(old.items), err, firstWritten)
	}
	if old.items[len(old.items)-1].entry.ID != ready[len(ready)-1].entry.ID {
		t.Fatal("the generation before lost its last entries")
	}

	// The next generation carried over fits before the one in force.
	fill("check.second")
	if err := j.rotate(); err != nil {
		t.Fatal(err)
	}
	if st := read(); j.gen != 3 || st.start != journalRecords || len(st.items) == 0 {
		t.Fatalf("generation %d from byte %d with %d entries, want 3 from %d", j.gen, st.start, len(st.items), journalRecords)
	}
	j.f.Close()
}

// A write that fails fails its callers, and the next batch begins a new
// generation: the file may hold what failed, which is then never read. The
// journal goes on and opens again. An entry too large for a record is
// refused before it is written.
func TestJournalWriteFails(t *testing.T) {
	f := newJournalFixture(t)
	l, err := f.open(t)
	if err != nil {
		t.Fatal(err)
	}
	stop := run(t, l)
	recordN(t, l, "check.before", 3)
	gen := l.journal.gen

	// The file as a read-only descriptor: the next write fails.
	rw := l.journal.f
	ro, err := os.Open(f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	l.journal.f = ro
	err = l.Record(context.Background(), Entry{Actor: SystemActor("test"), Action: "check.failed", Outcome: OutcomeSuccess})
	if err == nil {
		t.Fatal("a record whose write failed was acknowledged")
	}
	l.journal.f = rw

	recordN(t, l, "check.after", 2)
	if l.journal.gen != gen+1 {
		t.Fatalf("generation %d after a failed write, want %d: nothing more is written where it failed", l.journal.gen, gen+1)
	}
	checkEntries(t, l, "check.before", 3)
	checkEntries(t, l, "check.after", 2)
	checkEntries(t, l, "check.failed", 0)

	huge := Entry{Actor: SystemActor("test"), Action: "check.huge", Outcome: OutcomeSuccess, Details: map[string]string{"x": strings.Repeat("x", maxJournalRecord)}}
	if err := l.Record(context.Background(), huge); err == nil || !strings.Contains(err.Error(), "larger than the journal takes") {
		t.Fatalf("an entry larger than a journal record: %v", err)
	}
	stop()

	l2, err := f.open(t)
	if err != nil {
		t.Fatalf("reopen after a failed write: %v", err)
	}
	run(t, l2)
	checkEntries(t, l2, "check.after", 2)
	checkEntries(t, l2, "check.failed", 0)
}

// A journaled entry put back after a batch whose outcome could not be told
// is integrated only if the tree does not hold it yet: never twice.
func TestJournalRecheck(t *testing.T) {
	f := newJournalFixture(t)
	l, err := f.open(t)
	if err != nil {
		t.Fatal(err)
	}
	run(t, l)
	push := func(items ...item) {
		l.journal.mu.Lock()
		l.journal.ready = append(l.journal.ready, items...)
		l.journal.written += int64(len(items))
		l.journal.mu.Unlock()
	}
	dup := checkItem(t, l, "check.dup")
	push(dup)
	checkEntries(t, l, "check.dup", 1)

	// The same entry back, as after a failed commit that took effect.
	again, fresh := dup, checkItem(t, l, "check.fresh")
	again.recheck, fresh.recheck = true, true
	push(again, fresh)
	checkEntries(t, l, "check.dup", 1)
	checkEntries(t, l, "check.fresh", 1)
}
