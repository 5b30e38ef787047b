package edge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/ncbnet/ncbnet/internal/atomicfile"
	"github.com/ncbnet/ncbnet/internal/id"
)

// Hit is a check that matched while offline, waiting to be uploaded so the
// owner can confirm it.
type Hit struct {
	ID       string    `json:"id"`        // made by the caller; the server drops repeats of it
	RecordID string    `json:"record_id"` // the record matched
	Database string    `json:"database"`
	Owner    string    `json:"owner"`
	Kind     string    `json:"kind"` // identifier kind checked
	Time     time.Time `json:"time"`
	Matched  []string  `json:"matched,omitempty"` // the identifier kinds that matched, never their values
	Purpose  string    `json:"purpose"`
	// CopySeq is the sequence of the copy the check was answered from: it
	// dates that copy, and the central node takes a hit only from within
	// the copy's validity.
	CopySeq uint64 `json:"copy_seq"`
}

// Queue keeps hits made offline until the server acknowledges them. It is a
// file of one JSON hit a line: Add appends and syncs, Remove rewrites the
// file without the acknowledged hits. Uploading twice is harmless (the server
// drops repeats by ID) while losing a hit is not, so every step errs towards
// keeping one.
type Queue struct {
	path string

	mu      sync.Mutex
	file    *os.File // open for appending; nil once closed
	size    int64    // bytes of whole lines in the file
	pending []Hit
}

var errQueueClosed = errors.New("hit queue closed")

// OpenQueue opens the queue kept at path, creating it if missing. A last
// line cut short (a crash during Add, which therefore never returned) is
// dropped; damage anywhere else is an error, since it would lose hits.
func OpenQueue(path string) (*Queue, error) {
	q := &Queue{path: path}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("open hit queue %s: %w", path, err)
		}
	case err != nil:
		return nil, fmt.Errorf("open hit queue %s: %w", path, err)
	}
	good := 0
	for line := 1; good < len(data); line++ {
		end := bytes.IndexByte(data[good:], '\n')
		if end < 0 {
			break // cut short: the Add it belongs to failed
		}
		var h Hit
		if err := json.Unmarshal(data[good:good+end], &h); err != nil {
			return nil, fmt.Errorf("open hit queue %s: line %d: %w", path, line, err)
		}
		q.pending = append(q.pending, h)
		good += end + 1
	}
	if good < len(data) {
		if err := os.Truncate(path, int64(good)); err != nil {
			return nil, fmt.Errorf("open hit queue %s: drop cut line: %w", path, err)
		}
	}
	if err := q.reopen(); err != nil {
		return nil, fmt.Errorf("open hit queue %s: %w", path, err)
	}
	q.size = int64(good)
	return q, nil
}

func (q *Queue) reopen() error {
	f, err := os.OpenFile(q.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if err := atomicfile.SyncDir(filepath.Dir(q.path)); err != nil {
		f.Close()
		return err
	}
	q.file = f
	return nil
}

// Add keeps h; it returns once h is on disk. A hit whose ID is already
// pending is kept once.
func (q *Queue) Add(h Hit) error {
	if !id.Valid(h.ID) {
		return fmt.Errorf("add hit: ID %q is not an ID", h.ID)
	}
	if !id.Valid(h.RecordID) {
		return fmt.Errorf("add hit %s: record ID %q is not an ID", h.ID, h.RecordID)
	}
	line, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("add hit %s: %w", h.ID, err)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.file == nil {
		return fmt.Errorf("add hit %s: %w", h.ID, errQueueClosed)
	}
	if slices.ContainsFunc(q.pending, func(p Hit) bool { return p.ID == h.ID }) {
		return nil
	}
	line = append(line, '\n')
	_, err = q.file.Write(line)
	if err == nil {
		err = q.file.Sync()
	}
	if err != nil {
		// A part of a line left behind would merge with the next hit's line
		// into one that cannot be read; if it cannot be cut off, stop taking
		// hits rather than damage the ones kept.
		if terr := q.file.Truncate(q.size); terr != nil {
			q.file.Close()
			q.file = nil
		}
		return fmt.Errorf("add hit %s: %w", h.ID, err)
	}
	q.size += int64(len(line))
	q.pending = append(q.pending, h)
	return nil
}

// Pending returns the hits not yet acknowledged, oldest first.
func (q *Queue) Pending() ([]Hit, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.file == nil {
		return nil, fmt.Errorf("pending hits: %w", errQueueClosed)
	}
	out := make([]Hit, len(q.pending))
	for i, h := range q.pending {
		h.Matched = slices.Clone(h.Matched)
		out[i] = h
	}
	return out, nil
}

// Remove drops the hits the server acknowledged. IDs not pending are
// ignored. The rewritten file replaces the old one atomically: a crash keeps
// either, and at worst some hits are uploaded again.
func (q *Queue) Remove(ids []string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.file == nil {
		return fmt.Errorf("remove hits: %w", errQueueClosed)
	}
	acknowledged := make(map[string]bool, len(ids))
	for _, hitID := range ids {
		acknowledged[hitID] = true
	}
	keep := slices.DeleteFunc(slices.Clone(q.pending), func(h Hit) bool { return acknowledged[h.ID] })
	if len(keep) == len(q.pending) {
		return nil
	}
	var buf bytes.Buffer
	for _, h := range keep {
		line, err := json.Marshal(h)
		if err != nil {
			return fmt.Errorf("remove hits: %w", err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	if err := atomicfile.Write(q.path, buf.Bytes()); err != nil {
		return fmt.Errorf("remove hits: rewrite %s: %w", q.path, err)
	}
	q.pending = keep
	q.size = int64(buf.Len())
	// The append handle still points at the replaced file.
	old := q.file
	q.file = nil
	old.Close()
	if err := q.reopen(); err != nil {
		return fmt.Errorf("remove hits: reopen %s: %w", q.path, err)
	}
	return nil
}

// Close releases the file. Hits added are already on disk.
func (q *Queue) Close() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.file == nil {
		return nil
	}
	err := q.file.Close()
	q.file = nil
	if err != nil {
		return fmt.Errorf("close hit queue %s: %w", q.path, err)
	}
	return nil
}
