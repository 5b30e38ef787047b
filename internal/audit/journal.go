package audit

import (
	"bufio"
	"context"
	"crypto/hmac"
	"encoding/binary"
	"errors"
	"fmt"
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
// are durable once fsync'd there, in groups, which costs a fraction of a
// millisecond, while putting them in the tree (a store transaction with
// the tree's hashes and a signed checkpoint) costs about a millisecond a
// batch. The integrator takes journaled entries into the tree right after,
// in batches; once it has caught up with everything written, the file is
// emptied. At start, entries left in the file by a crash are integrated
// first (those already in the tree are recognised by ID and skipped).
//
// A record is: length of the rest (4 bytes, big-endian), CRC-32C of the
// rest (4 bytes), the HMAC-SHA256 of the staged-row key over the entry's ID
// and body (32 bytes), the body (the entry's canonical JSON, Seq 0). A
// record cut short or failing its CRC at the end of the file is a write a
// crash interrupted (never acknowledged) and is dropped; one that fails its
// HMAC was not written by a node holding the signing key: the node refuses
// to start on it.

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
	// written counts the entries written to the file since it was last
	// emptied; integrated how many of those the integrator has put in the
	// tree. Both move under mu; the file is emptied when they meet.
	mu         sync.Mutex
	written    int64
	integrated int64
	// ready holds the entries written and not yet taken by the integrator.
	ready []item
	// nudge wakes the integrator when entries are ready.
	nudge chan struct{}
	size  atomic.Int64
	// emptied is when the writer last emptied the file (under mu).
	emptied time.Time
}

type journalRequest struct {
	items []item
	done  chan error
}

// openJournal opens (creating) the journal at path and returns the entries
// it still holds, in the order written.
func (l *Log) openJournal(path string) (*journal, []item, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("audit: open journal: %w", err)
	}
	// The lock goes with the file descriptor: released when it closes,
	// also when the process dies.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, nil, ErrJournalInUse
		}
		return nil, nil, fmt.Errorf("audit: lock journal: %w", err)
	}
	if err := atomicfile.SyncDir(filepath.Dir(path)); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("audit: journal: %w", err)
	}
	left, end, err := l.readJournal(f)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	// Drop a torn tail, and write after the last whole record.
	if err := f.Truncate(end); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("audit: journal: %w", err)
	}
	if _, err := f.Seek(end, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("audit: journal: %w", err)
	}
	j := &journal{path: path, f: f, reqs: make(chan *journalRequest), nudge: make(chan struct{}, 1)}
	j.size.Store(end)
	j.written = int64(len(left))
	return j, left, nil
}

// readJournal reads every whole record of f and returns their entries and
// the offset after the last whole record.
func (l *Log) readJournal(f *os.File) ([]item, int64, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, 0, fmt.Errorf("audit: journal: %w", err)
	}
	size := st.Size()
	r := bufio.NewReader(f)
	var (
		out []item
		off int64
	)
	// A bad record is a write the crash cut short only when it is the last
	// thing in the file (never acknowledged: its caller waited for the
	// sync); with whole records after it, acknowledged entries would be lost
	// with it, so the node refuses to start.
	torn := func(end int64) ([]item, int64, error) {
		if end >= size {
			return out, off, nil
		}
		return nil, 0, fmt.Errorf("%w (a damaged record at byte %d, with %d bytes after it)", ErrJournalTampered, off, size-end)
	}
	for {
		var head [8]byte
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return out, off, nil // end of file, or a torn header
		}
		n := binary.BigEndian.Uint32(head[:4])
		end := off + 8 + int64(n)
		if n < 32 || n > maxJournalRecord {
			return torn(end)
		}
		rest := make([]byte, n)
		if _, err := io.ReadFull(r, rest); err != nil || crc32.Checksum(rest, castagnoli) != binary.BigEndian.Uint32(head[4:]) {
			return torn(end)
		}
		mac, body := rest[:32], rest[32:]
		e, err := decodeLeaf(body)
		if err != nil || !hmac.Equal(mac, pendingMAC(l.macKey, e.ID, body)) {
			return nil, 0, fmt.Errorf("%w (at byte %d)", ErrJournalTampered, off)
		}
		if err := validate(e); err != nil {
			return nil, 0, fmt.Errorf("%w (at byte %d): %v", ErrJournalTampered, off, err)
		}
		out = append(out, item{entry: e, body: body})
		off += 8 + int64(n)
	}
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
	if len(entries) == 0 {
		return nil
	}
	if l.journal == nil {
		_, err := l.Append(ctx, entries...)
		return err
	}
	prepared, bodies, err := l.prepareAll(entries)
	if err != nil {
		return err
	}
	req := &journalRequest{items: make([]item, len(entries)), done: make(chan error, 1)}
	for i := range prepared {
		req.items[i] = item{entry: prepared[i], body: bodies[i]}
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
	var buf []byte
	last := 0 // callers served by the previous write
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
		j.emptyIfIntegrated()
		buf = buf[:0]
		for _, req := range batch {
			for _, it := range req.items {
				buf = appendRecord(buf, l.macKey, it)
			}
		}
		err := j.write(buf)
		if err != nil {
			l.logger.Error("audit journal write failed", "entries", n, "err", err)
			err = fault.Wrap(fault.Unavailable, err, "the audit log could not record the entries")
		}
		// The entries are handed to the integrator before their callers
		// hear back: a Sync made after Record returns must find them.
		if err == nil {
			var items []item
			for _, req := range batch {
				items = append(items, req.items...)
			}
			j.mu.Lock()
			j.written += int64(len(items))
			j.ready = append(j.ready, items...)
			full := len(j.ready) >= journalBatch
			j.mu.Unlock()
			// The integrator takes the entries on its next tick, or now when
			// a batch is full: few large batches leave the disk to the
			// journal's syncs, which callers wait for.
			if full {
				select {
				case j.nudge <- struct{}{}:
				default:
				}
			}
		}
		for _, req := range batch {
			req.done <- err
		}
	}
}

func appendRecord(buf, key []byte, it item) []byte {
	n := 32 + len(it.body)
	start := len(buf)
	buf = binary.BigEndian.AppendUint32(buf, uint32(n))
	buf = append(buf, 0, 0, 0, 0)
	buf = append(buf, pendingMAC(key, it.entry.ID, it.body)...)
	buf = append(buf, it.body...)
	binary.BigEndian.PutUint32(buf[start+4:], crc32.Checksum(buf[start+8:], castagnoli))
	return buf
}

// write appends and syncs. A failed write is cut off again, so that the
// file never holds an entry whose caller was told it failed.
func (j *journal) write(b []byte) error {
	at := j.size.Load()
	if _, err := j.f.Write(b); err != nil {
		_ = j.f.Truncate(at)
		_, _ = j.f.Seek(at, io.SeekStart)
		return fmt.Errorf("write audit journal: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		_ = j.f.Truncate(at)
		_, _ = j.f.Seek(at, io.SeekStart)
		return fmt.Errorf("sync audit journal: %w", err)
	}
	j.size.Store(at + int64(len(b)))
	return nil
}

// take hands the integrator the entries ready, at most max.
func (j *journal) take(max int) []item {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := min(max, len(j.ready))
	out := j.ready[:n:n]
	j.ready = j.ready[n:]
	return out
}

// readyAtLeast reports whether n entries or more wait for the integrator.
func (j *journal) readyAtLeast(n int) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.ready) >= n
}

// putBack returns entries the integrator failed to integrate, in front.
func (j *journal) putBack(items []item) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.ready = append(items[:len(items):len(items)], j.ready...)
}

// integratedN notes that n more journaled entries are in the tree.
func (j *journal) integratedN(n int) {
	j.mu.Lock()
	j.integrated += int64(n)
	j.mu.Unlock()
}

// journalGather is how long the writer waits for more callers once the
// load is concurrent (measured: 100 µs gives about 40 % more checks a
// second at 32 clients, and costs a lone caller nothing).
const journalGather = 100 * time.Microsecond

// journalBatch is how many journaled entries make the integrator take
// them at once rather than at its next tick.
const journalBatch = 2048

// emptyEvery is how often at most the file is emptied once the tree holds
// everything in it: emptying costs a metadata update at the next sync, so
// it is not done after every batch, and a restart has at most about this
// much to look up again.
const emptyEvery = time.Second

// emptyIfIntegrated empties the file when the tree holds everything it
// holds, at most every emptyEvery. Called by the writer only, between
// writes.
func (j *journal) emptyIfIntegrated() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.written == 0 || j.integrated < j.written || time.Since(j.emptied) < emptyEvery {
		return
	}
	j.emptied = time.Now()
	if err := j.f.Truncate(0); err != nil {
		return
	}
	if _, err := j.f.Seek(0, io.SeekStart); err != nil {
		return
	}
	j.size.Store(0)
	j.written, j.integrated = 0, 0
}
