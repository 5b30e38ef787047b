package audit

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ncbnet/ncbnet/internal/atomicfile"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

// The journal is a write-ahead file beside the store for Record: entries
// are durable once synced there, in groups, which costs a fraction of a
// millisecond, while putting them in the tree (a store transaction with
// the tree's hashes and a signed checkpoint) costs about a millisecond a
// batch. The integrator takes journaled entries into the tree right after,
// in batches; the writer begins a new generation of the file (journalfile.go)
// at its next write once the integrator has caught up (at most once a
// second), or once the generation is large and mostly integrated. At start, entries left in the
// file by a crash are integrated first (those already in the tree are
// recognised by ID and skipped). Each record carries the HMAC-SHA256 of the
// staged-row key over the entry's ID and body: one that fails it was not
// written by a node holding the signing key, and the node refuses to start
// on it.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrJournalTampered is returned when the journal holds a record that its
// authentication code does not cover, or a damaged record before others.
var ErrJournalTampered = errors.New("audit: the journal holds an entry not written by this log's key, or is damaged")

// ErrJournalInUse is returned when another process holds the journal: two
// logs on one journal would integrate its entries twice.
var ErrJournalInUse = errors.New("audit: the journal is in use by another process (is a node running on this data folder?)")

// maxJournalRecord bounds one record (an entry's body is far smaller).
const maxJournalRecord = 1 << 20

// journal is the write-ahead file and its writer.
type journal struct {
	path string
	f    *os.File
	// reqs carries Record calls to the writer goroutine (Log.runJournal).
	reqs chan *journalRequest
	// gen is the generation in force, its records from start; batch is
	// the number of the next batch and off where it goes; allocated is the
	// file's size. The writer alone uses them once the log runs.
	gen       uint64
	start     int64
	batch     uint64
	off       int64
	allocated int64
	buf       []byte
	// mac is an HMAC of the staged-row key, for the writer's records.
	mac hash.Hash
	// failed is set when a write, a sync or a header failed: nothing more
	// is written in the generation in force, whose file may now hold a
	// batch its callers were told failed; a new generation must begin
	// first. The writer's alone.
	failed bool
	// slots holds what the two header slots hold.
	slots [2][]byte
	// written counts the entries of the generation in force (carried over
	// ones included); those in ready and taken are not in the tree yet, the
	// others are. Under mu.
	mu      sync.Mutex
	written int64
	// ready holds the entries written and not yet taken by the integrator;
	// taken those it is integrating (a new generation carries both over).
	ready []item
	taken []item
	// nudge wakes the integrator when entries are ready.
	nudge chan struct{}
	// seq numbers the entries written, in order (item.jseq), under mu;
	// progress is closed (and replaced) whenever the integrator has
	// settled a batch (Settle).
	seq      uint64
	progress chan struct{}
	// wakeDue is set while the integrator is to be woken for attachments.
	wakeDue atomic.Bool
	// emptied is when the writer last began a generation (under mu).
	emptied time.Time
}

type journalRequest struct {
	items []item
	done  chan error
}

// openJournal opens (creating) the journal at path and returns the entries
// it still holds, in the order written.
func (l *Log) openJournal(path string) (*journal, []item, error) {
	f, err := lockJournal(path)
	if err != nil {
		return nil, nil, err
	}
	j, left, err := l.loadJournal(f, path)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return j, left, nil
}

// lockJournal opens (creating) the file at path and locks it for this
// process. The lock goes with the file descriptor: released when it
// closes, also when the process dies.
func lockJournal(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit: open journal: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrJournalInUse
		}
		return nil, fmt.Errorf("audit: lock journal: %w", err)
	}
	// Another process may have replaced the file (converting it) between
	// the open and the lock: then this lock is on a file no one uses.
	held, err1 := f.Stat()
	named, err2 := os.Stat(path)
	if err1 != nil || err2 != nil || !os.SameFile(held, named) {
		f.Close()
		return nil, ErrJournalInUse
	}
	return f, nil
}

// loadJournal reads the locked journal file f and makes it ready to write:
// a new file gets its first generation, one of the earlier layout is
// converted, and writing goes on after the last whole batch.
func (l *Log) loadJournal(f *os.File, path string) (*journal, []item, error) {
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, fmt.Errorf("audit: read journal: %w", err)
	}
	j := &journal{path: path, f: f, reqs: make(chan *journalRequest), nudge: make(chan struct{}, 1), progress: make(chan struct{}), mac: hmac.New(sha256.New, l.macKey)}
	h, v1, err := journalHeaderOf(data)
	if err != nil {
		return nil, nil, err
	}
	if v1 {
		left, err := l.parseJournalV1(data)
		if err != nil {
			return nil, nil, err
		}
		if err := j.create(left); err != nil {
			return nil, nil, err
		}
		return j, left, nil
	}
	st, err := l.parseJournal(data, h)
	if err != nil {
		return nil, nil, err
	}
	j.gen, j.start, j.batch, j.off, j.allocated = h.gen, h.start, st.batch, st.off, int64(len(data))
	j.slots = [2][]byte{bytes.Clone(data[:headerLen]), bytes.Clone(data[journalSlot : journalSlot+headerLen])}
	j.written = int64(len(st.items))
	return j, st.items, nil
}

// create writes a new journal holding items (none for a new node, or the
// entries of a file of the earlier layout) beside the file and puts it in
// its place, so that a crash leaves one or the other whole. The new file is
// locked before it is named, and replaces j.f.
func (j *journal) create(items []item) error {
	tmp := j.path + ".new"
	_ = os.Remove(tmp)
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("audit: create journal: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return fmt.Errorf("audit: lock journal: %w", err)
	}
	fail := func(err error) error {
		f.Close()
		_ = os.Remove(tmp)
		return fmt.Errorf("audit: create journal: %w", err)
	}
	h := journalHeader{gen: 1, start: journalRecords, carried: uint32(len(items))}
	body := make([]byte, journalRecords)
	copy(body[slotOf(h.gen):], h.encode())
	for i, it := range items {
		body = appendJournalRecord(body, j.mac, recordPlace{gen: h.gen, index: uint32(i), count: h.carried}, it)
	}
	size := allocationFor(int64(len(body)), 0)
	if _, err := f.WriteAt(body, 0); err != nil {
		return fail(err)
	}
	if err := zeroFill(f, int64(len(body)), size); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, j.path); err != nil {
		return fail(err)
	}
	if err := atomicfile.SyncDir(filepath.Dir(j.path)); err != nil {
		f.Close()
		return fmt.Errorf("audit: create journal: %w", err)
	}
	j.f.Close()
	j.f = f
	j.gen, j.start, j.batch, j.off, j.allocated = h.gen, h.start, 1, int64(len(body)), size
	j.slots = [2][]byte{bytes.Clone(body[:headerLen]), bytes.Clone(body[journalSlot : journalSlot+headerLen])}
	j.written = int64(len(items))
	return nil
}

// allocationFor is the size to allocate for a file that must hold need
// bytes and holds have: doubling, by journalMaxGrowth at most a step.
func allocationFor(need, have int64) int64 {
	size := max(have, journalInitial)
	for size < need {
		size += min(size, journalMaxGrowth)
	}
	return size
}

// zeroFill writes zeros over f from..to: blocks really allocated, so that
// writes over them later change no metadata.
func zeroFill(f *os.File, from, to int64) error {
	zeros := make([]byte, min(to-from, 1<<20))
	for off := from; off < to; {
		n := min(int64(len(zeros)), to-off)
		if _, err := f.WriteAt(zeros[:n], off); err != nil {
			return err
		}
		off += n
	}
	return nil
}

// notYetIntegrated drops from left the entries the tree already holds (a
// crash came after their integration, before the file was emptied).
func (l *Log) notYetIntegrated(ctx context.Context, left []item) ([]item, error) {
	if len(left) == 0 {
		return nil, nil
	}
	oldest := left[0].entry.Time
	for _, it := range left {
		if it.entry.Time.Before(oldest) {
			oldest = it.entry.Time
		}
	}
	rows, err := l.db.Query(ctx, `SELECT id FROM audit_entries WHERE logged_at >= ?`, store.Micros(oldest))
	if err != nil {
		return nil, fmt.Errorf("audit: replay journal: %w", err)
	}
	defer rows.Close()
	in := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("audit: replay journal: %w", err)
		}
		in[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: replay journal: %w", err)
	}
	var out []item
	for _, it := range left {
		if !in[it.entry.ID] {
			out = append(out, it)
		}
	}
	return out, nil
}

// Record writes entries to the log durably and returns before they are in
// the tree: they are in the write-ahead journal (fsync'd, several callers
// to one write), and the integrator puts them in the tree within
// milliseconds, or, after a crash, when the node starts again. It is for
// reads at a high rate (first-line checks), where waiting for a signed
// checkpoint would cost more than the read. Without a journal it is Append.
func (l *Log) Record(ctx context.Context, entries ...Entry) error {
	return l.record(ctx, entries, nil)
}

// record is Record with each entry's encoded attachment (attaches nil, or
// one for each entry, nil for none).
func (l *Log) record(ctx context.Context, entries []Entry, attaches []attached) error {
	if len(entries) == 0 {
		return nil
	}
	if l.journal == nil {
		return l.appendAttached(ctx, entries, attaches)
	}
	req := &journalRequest{items: make([]item, len(entries)), done: make(chan error, 1)}
	for i, e := range entries {
		it, err := l.prepareItem(e)
		if err != nil {
			return err
		}
		if attaches != nil {
			it.attach, it.value = attaches[i].enc, attaches[i].value
		}
		if size := recordSize(it) - 8; size > maxJournalRecord {
			return fault.Field(fault.InvalidField, "entry", "an audit entry of %d bytes with what it carries is larger than the journal takes (%d)", size-recordMeta-32, maxJournalRecord-recordMeta-32)
		}
		req.items[i] = it
	}
	select {
	case l.journal.reqs <- req:
	case <-l.stopped:
		return errStopped
	case <-ctx.Done():
		return fmt.Errorf("record audit entries: %w", ctx.Err())
	}
	// Once taken, the write is made whatever the caller does: wait for it.
	return <-req.done
}

// runJournal is the journal's writer: it takes the waiting Record calls
// together, writes and syncs them, answers them and hands the entries to
// the integrator. It returns when ctx ends. Owned by Run.
func (l *Log) runJournal(ctx context.Context) {
	j := l.journal
	last := 0        // callers served by the previous write
	var items []item // the entries of a write (reused)
	for {
		var batch []*journalRequest
		select {
		case <-ctx.Done():
			return
		case req := <-j.reqs:
			batch = append(batch, req)
		}
		n := len(batch[0].items)
		// Under concurrent load a sync costs the same for one entry as for
		// a hundred: wait a moment for the callers on their way, so that
		// fewer syncs serve more of them. A lone caller does not wait.
		if last > 1 {
			time.Sleep(journalGather)
		}
	gather:
		for n < l.maxBatch {
			select {
			case req := <-j.reqs:
				batch = append(batch, req)
				n += len(req.items)
			default:
				break gather
			}
		}
		last = len(batch)
		if j.failed || j.rotateDue() {
			if err := j.rotate(); err != nil {
				l.logger.Error("audit journal: cannot begin a new generation", "err", err)
			} else {
				j.failed = false
			}
		}
		items = items[:0]
		for _, req := range batch {
			items = append(items, req.items...)
		}
		err := errJournalFailed
		if !j.failed {
			if err = j.write(items); err != nil {
				j.failed = true
				l.logger.Error("audit journal write failed", "entries", n, "err", err)
			}
		}
		if err != nil {
			err = fault.Wrap(fault.Unavailable, err, "the audit log could not record the entries")
		}
		// The entries are handed to the integrator before their callers
		// hear back: a Sync made after Record returns must find them.
		if err == nil {
			attached := false
			j.mu.Lock()
			j.written += int64(len(items))
			for i := range items {
				j.seq++
				items[i].jseq = j.seq
				attached = attached || items[i].attach != nil
			}
			j.ready = append(j.ready, items...)
			full := len(j.ready) >= journalBatch
			j.mu.Unlock()
			// The integrator takes the entries on its next tick, or now when
			// a batch is full: few large batches leave the disk to the
			// journal's syncs, which callers wait for. Attachments go
			// within attachmentDelay: their readers (a bureau's live
			// stream) wait for them, and meanwhile the next ones gather.
			switch {
			case full:
				j.wake()
			case attached && !j.wakeDue.Load():
				j.wakeDue.Store(true)
				time.AfterFunc(attachmentDelay, func() { j.wakeDue.Store(false); j.wake() })
			}
		}
		for _, req := range batch {
			req.done <- err
		}
	}
}

// errJournalFailed answers the callers of a batch not written because the
// journal could not begin a new generation after a failure.
var errJournalFailed = errors.New("the audit journal failed and could not begin again")

// write writes items as the next batch and syncs it. After a failure the
// writer begins a new generation before writing again (journal.failed).
func (j *journal) write(items []item) error {
	buf := j.buf[:0]
	for i, it := range items {
		buf = appendJournalRecord(buf, j.mac, recordPlace{gen: j.gen, batch: j.batch, index: uint32(i), count: uint32(len(items))}, it)
	}
	j.buf = buf
	end := j.off + int64(len(buf))
	if end > j.allocated {
		if err := j.grow(end); err != nil {
			return err
		}
	}
	if _, err := j.f.WriteAt(buf, j.off); err != nil {
		return fmt.Errorf("write audit journal: %w", err)
	}
	if err := fdatasync(j.f); err != nil {
		return fmt.Errorf("sync audit journal: %w", err)
	}
	j.off = end
	j.batch++
	return nil
}

// grow allocates the file to hold need bytes (a metadata change: a full
// sync, once in a while).
func (j *journal) grow(need int64) error {
	size := allocationFor(need, j.allocated)
	if err := zeroFill(j.f, j.allocated, size); err != nil {
		return fmt.Errorf("grow audit journal: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("grow audit journal: %w", err)
	}
	j.allocated = size
	return nil
}

// fdatasync flushes f's data (and the metadata needed to read it back).
func fdatasync(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		if err != syscall.EINTR {
			return err
		}
	}
}

// take hands the integrator the entries ready, at most max.
func (j *journal) take(max int) []item {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := min(max, len(j.ready))
	out := j.ready[:n:n]
	j.ready = j.ready[n:]
	j.taken = out
	return out
}

// readyAtLeast reports whether n entries or more wait for the integrator.
func (j *journal) readyAtLeast(n int) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.ready) >= n
}

// settle ends the integrator's hold on the entries it took: those in back
// (a failed batch's, not in the tree) go back in front of the others, in
// one step, so that a new generation begun meanwhile never misses them.
func (j *journal) settle(back []item) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.ready = append(back[:len(back):len(back)], j.ready...)
	j.taken = nil
	close(j.progress)
	j.progress = make(chan struct{})
}

// settledThrough is the number (jseq) through which every entry written is
// in the tree: entries are integrated in the order written, and a failed
// batch's go back in front. Under mu.
func (j *journal) settledThrough() uint64 {
	switch {
	case len(j.taken) > 0:
		return j.taken[0].jseq - 1
	case len(j.ready) > 0:
		return j.ready[0].jseq - 1
	}
	return j.seq
}

// journalGather is how long the writer waits for more callers once the
// load is concurrent (a lone caller does not wait): fewer, larger syncs.
// Measured with the file written in place (1 M documents, 2 cores, pairs
// of runs): at 16 clients 60 µs gave 25,800-26,300 checks a second, 40 µs
// 25,300-26,000, 20 µs 23,000-25,500, 100 µs 21,400-22,400, 200 µs
// 14,700-15,200 (and, in an earlier run, without any wait 22,200-23,000
// against 22,100 for 100 µs). Two syncs at a time, tried too, gave
// nothing more.
const journalGather = 60 * time.Microsecond

// journalBatch is how many journaled entries make the integrator take
// them at once rather than at its next tick.
const journalBatch = 2048

// attachmentDelay is how soon the integrator takes entries with
// attachments (the hits of checks): soon, for the owner's live stream, but
// not each at once, which under load had the integrator commit without
// pause, its syncs slowing the journal's that every check waits for. A
// reader of what they store does not wait for it (Settle wakes the
// integrator).
const attachmentDelay = 20 * time.Millisecond

// wake has the integrator take the entries ready now.
func (j *journal) wake() {
	select {
	case j.nudge <- struct{}{}:
	default:
	}
}

// emptyEvery is how often at most the file is emptied once the tree holds
// everything in it: emptying costs a sync of its own, so it is not done
// after every batch, and a restart has at most about this much to look up
// again.
const emptyEvery = time.Second

// rotateDue reports whether a new generation should begin: the tree holds
// everything the generation holds (at most every emptyEvery), or the
// generation has grown past journalRotate and at least half of its entries
// are in the tree (while the integrator cannot write, the file must keep
// them all: copying them over and over would only add to the load).
func (j *journal) rotateDue() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	live := int64(len(j.ready) + len(j.taken))
	if live == 0 {
		return j.written > 0 && time.Since(j.emptied) >= emptyEvery
	}
	return j.off-j.start >= journalRotate && j.written-live >= live
}

// rotate begins a new generation, carrying over the entries not in the
// tree yet (journalfile.go). Called by the writer only, between writes;
// the integrator goes on meanwhile (entries it integrates after they were
// copied are recognised by ID after a crash). On failure the generation in
// force stays in force, and the writer writes nothing until a rotation
// succeeds.
func (j *journal) rotate() error {
	j.mu.Lock()
	carried := append(append([]item(nil), j.taken...), j.ready...)
	j.mu.Unlock()
	h := journalHeader{gen: j.gen + 1, start: journalRecords, carried: uint32(len(carried))}
	buf := j.buf[:0]
	for i, it := range carried {
		buf = appendJournalRecord(buf, j.mac, recordPlace{gen: h.gen, index: uint32(i), count: h.carried}, it)
	}
	j.buf = buf
	// The carried entries go where the generation in force has nothing.
	if h.start+int64(len(buf)) > j.start {
		h.start = j.off
	}
	end := h.start + int64(len(buf))
	if end > j.allocated {
		if err := j.grow(end); err != nil {
			return err
		}
	}
	if len(buf) > 0 {
		if _, err := j.f.WriteAt(buf, h.start); err != nil {
			return fmt.Errorf("carry audit journal entries over: %w", err)
		}
		if err := fdatasync(j.f); err != nil {
			return fmt.Errorf("carry audit journal entries over: %w", err)
		}
	}
	slot := slotOf(h.gen)
	_, err := j.f.WriteAt(h.encode(), slot)
	if err == nil {
		err = fdatasync(j.f)
	}
	if err != nil {
		// The slot held the generation before the one in force: put it
		// back (or nothing). Should that fail too, the disk may hold the
		// new header: its generation is whole (the carried entries were
		// synced first), and the next rotation writes the same generation
		// again.
		_, _ = j.f.WriteAt(j.slots[h.gen%2], slot)
		_ = fdatasync(j.f)
		return fmt.Errorf("write audit journal header: %w", err)
	}
	j.slots[h.gen%2] = h.encode()
	j.mu.Lock()
	j.emptied = time.Now()
	j.gen, j.start, j.batch, j.off = h.gen, h.start, 1, end
	j.written = int64(len(carried))
	j.mu.Unlock()
	// A file that grew while the integrator was behind is cut back when
	// nothing in force lies past the cut.
	if j.allocated > journalKeep && end <= journalKeep && j.f.Truncate(journalKeep) == nil {
		j.allocated = journalKeep
		_ = j.f.Sync()
	}
	return nil
}
