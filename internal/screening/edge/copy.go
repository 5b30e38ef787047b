package edge

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/ncbnet/ncbnet/internal/atomicfile"
)

var (
	// ErrTampered: the file does not match its signature, cannot be read,
	// or does not produce the state its note states.
	ErrTampered = errors.New("edge file tampered with or damaged")
	// ErrUnknownSigner: the file carries no signature by the verifier's key.
	ErrUnknownSigner = errors.New("edge file not signed by the expected key")
	// ErrWrongKey: the file's identifiers are hashed under another key, so
	// every lookup in it would miss.
	ErrWrongKey = errors.New("edge file made with another identifier key")
	// ErrWrongType: a delta given as a snapshot, or the reverse.
	ErrWrongType = errors.New("wrong kind of edge file")
	// ErrWrongBase: the delta starts from a state the copy does not hold.
	ErrWrongBase = errors.New("delta does not apply to the state held")
	// ErrStale: the snapshot is not newer than the state held.
	ErrStale = errors.New("snapshot not newer than the state held")
)

// Copy is an edge node's verified offline copy. Lookups may run while a
// Replace or Apply goes on: they see the state before or after, never a mix.
type Copy struct {
	dir      string
	verifier note.Verifier
	hash     *keyedHash
	keyID    string

	// mu orders Replace and Apply, and with them the files in dir.
	mu    sync.Mutex
	state atomic.Pointer[state]
}

type state struct {
	seq     uint64
	created time.Time
	digest  [32]byte
	table   *table
}

// Open loads the copy kept in dir (created if missing): the newest snapshot
// and the deltas that follow it, each verified again with verifier, since
// the disk is no more trusted than the link. A folder with no snapshot gives
// an empty copy at seq 0. A file that fails verification stops Open with an
// error naming it: the copy never answers from data it cannot verify.
func Open(dir string, verifier note.Verifier, key []byte) (*Copy, error) {
	if verifier == nil {
		return nil, fmt.Errorf("open edge copy %s: no verifier", dir)
	}
	kh, err := newKeyedHash(key)
	if err != nil {
		return nil, fmt.Errorf("open edge copy %s: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open edge copy %s: %w", dir, err)
	}
	c := &Copy{dir: dir, verifier: verifier, hash: kh, keyID: keyID(key)}
	empty := &table{}
	empty.index()
	c.state.Store(&state{digest: empty.digest(), table: empty})

	files, err := listFiles(dir)
	if err != nil {
		return nil, fmt.Errorf("open edge copy %s: %w", dir, err)
	}
	if files.snapshot != "" {
		s, err := c.readSnapshot(files.snapshot)
		if err != nil {
			return nil, fmt.Errorf("open edge copy: %w", err)
		}
		c.state.Store(s)
	}
	for {
		cur := c.state.Load()
		name, ok := files.deltas[cur.seq]
		if !ok {
			break
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("open edge copy: read %s: %w", name, err)
		}
		s, err := c.verifyDelta(cur, data)
		if err != nil {
			return nil, fmt.Errorf("open edge copy: delta %s: %w", name, err)
		}
		c.state.Store(s)
	}
	c.removeSuperseded()
	return c, nil
}

func (c *Copy) readSnapshot(name string) (*state, error) {
	data, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	s, err := c.verifySnapshot(data)
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", name, err)
	}
	return s, nil
}

// Seq is the sequence of the state held; 0 before any snapshot or delta.
func (c *Copy) Seq() uint64 { return c.state.Load().seq }

// Created is when the central node made the state held: how old the copy
// is, for the officer to see.
func (c *Copy) Created() time.Time { return c.state.Load().created }

// Digest is the SHA-256 of the state held, the one the central node signed.
func (c *Copy) Digest() [32]byte { return c.state.Load().digest }

// Len is the number of (identifier, record) entries held.
func (c *Copy) Len() int { return c.state.Load().table.len() }

// Lookup returns the records holding the identifier; nil when none does.
// kind and value must be normalised as the central node normalised them;
// country counts only for document kinds. A miss allocates nothing.
func (c *Copy) Lookup(kind, country, value string) []Match {
	t := c.state.Load().table
	if t.len() == 0 {
		return nil
	}
	lo, hi := t.find(c.hash.sum(kind, country, value))
	if lo == hi {
		return nil
	}
	out := make([]Match, 0, hi-lo)
	for i := lo; i < hi; i++ {
		p := &t.slots[i]
		cl := &t.classes[p.cls]
		out = append(out, Match{
			Database: cl.database,
			RecordID: p.record.String(),
			Owner:    cl.owner,
			Action:   slices.Clone(cl.action),
			Urgent:   cl.urgent,
		})
	}
	return out
}

// Replace verifies snapshot and adopts it: written durably to the folder
// first, then answering lookups. A snapshot older than the state held is
// ErrStale (one at the same seq with the same state is accepted and changes
// nothing), so a replayed old snapshot cannot bring back removed records or
// hide new ones.
func (c *Copy) Replace(snapshot []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, err := c.verifySnapshot(snapshot)
	if err != nil {
		return fmt.Errorf("replace edge copy: %w", err)
	}
	cur := c.state.Load()
	if s.seq < cur.seq || s.seq == cur.seq && s.digest != cur.digest {
		return fmt.Errorf("replace edge copy: snapshot %d: %w (held: %d)", s.seq, ErrStale, cur.seq)
	}
	if s.seq == cur.seq {
		return nil
	}
	if err := atomicfile.Write(filepath.Join(c.dir, snapshotName(s.seq)), snapshot); err != nil {
		return fmt.Errorf("replace edge copy: save snapshot %d: %w", s.seq, err)
	}
	c.state.Store(s)
	c.removeSuperseded()
	return nil
}

// Apply verifies delta and applies it: ErrWrongBase unless it starts from
// the state held (its seq and digest), ErrTampered unless it leads to the
// state its note states. The delta is written durably before lookups see it.
func (c *Copy) Apply(delta []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	cur := c.state.Load()
	s, err := c.verifyDelta(cur, delta)
	if err != nil {
		return fmt.Errorf("apply edge delta: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(c.dir, deltaName(cur.seq, s.seq)), delta); err != nil {
		return fmt.Errorf("apply edge delta: save %d→%d: %w", cur.seq, s.seq, err)
	}
	c.state.Store(s)
	return nil
}

func (c *Copy) verifySnapshot(data []byte) (*state, error) {
	h, body, err := unseal(data, c.verifier, typeSnapshot)
	if err != nil {
		return nil, err
	}
	if h.key != c.keyID {
		return nil, fmt.Errorf("snapshot %d: %w", h.seq, ErrWrongKey)
	}
	t, err := decodeSnapshot(body)
	if err != nil {
		return nil, fmt.Errorf("snapshot %d: %w: %v", h.seq, ErrTampered, err)
	}
	if uint64(t.len()) != h.entries || t.digest() != h.state {
		return nil, fmt.Errorf("snapshot %d: %w: body is not the state signed", h.seq, ErrTampered)
	}
	return &state{seq: h.seq, created: h.created, digest: h.state, table: t}, nil
}

// verifyDelta returns the state delta turns cur into, or why it does not.
func (c *Copy) verifyDelta(cur *state, data []byte) (*state, error) {
	h, body, err := unseal(data, c.verifier, typeDelta)
	if err != nil {
		return nil, err
	}
	if h.key != c.keyID {
		return nil, fmt.Errorf("delta %d→%d: %w", h.base, h.seq, ErrWrongKey)
	}
	if h.base != cur.seq || h.baseState != cur.digest {
		return nil, fmt.Errorf("delta %d→%d: %w (held: %d)", h.base, h.seq, ErrWrongBase, cur.seq)
	}
	if h.seq <= h.base {
		return nil, fmt.Errorf("delta %d→%d: %w: goes backwards", h.base, h.seq, ErrTampered)
	}
	d, err := decodeDelta(body)
	if err != nil {
		return nil, fmt.Errorf("delta %d→%d: %w: %v", h.base, h.seq, ErrTampered, err)
	}
	if uint64(len(d.removes)) != h.removes || uint64(len(d.adds)) != h.adds {
		return nil, fmt.Errorf("delta %d→%d: %w: counts differ from the note", h.base, h.seq, ErrTampered)
	}
	t, err := applyDelta(cur.table, d)
	if err != nil {
		return nil, fmt.Errorf("delta %d→%d: %w: %v", h.base, h.seq, ErrTampered, err)
	}
	if uint64(t.len()) != h.entries || t.digest() != h.state {
		return nil, fmt.Errorf("delta %d→%d: %w: result is not the state signed", h.base, h.seq, ErrTampered)
	}
	return &state{seq: h.seq, created: h.created, digest: h.state, table: t}, nil
}
