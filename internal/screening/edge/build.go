package edge

import (
	"errors"
	"fmt"
	"github.com/ncbnet/ncbnet/internal/id"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// Build makes the snapshot at sequence seq (1 or more) of entries, each
// identifier turned into a keyed hash under key (KeySize random bytes, kept
// apart from the snapshot: whoever holds both can test guesses), signed by
// signer. The same arguments always give the same bytes.
func Build(key []byte, seq uint64, created time.Time, entries []Entry, signer note.Signer) ([]byte, error) {
	body, _, err := BuildState(key, seq, created, entries, signer)
	return body, err
}

// State is a copy's state as the node that made it keeps it to make the
// next delta from (DiffFrom): 28 bytes an entry, where the entries it was
// made of take about 150.
type State struct {
	t      *table
	digest [32]byte
	key    string // keyID of the key it was made under
}

// Len is how many rows (identifier, record) the state holds.
func (s *State) Len() int { return s.t.len() }

// newState keeps t as a state made under key. The node never looks up in
// it: the lookup index is dropped.
func newState(t *table, key string) *State {
	t.start = nil
	return &State{t: t, digest: t.digest(), key: key}
}

// BuildState is Build, also returning the state the snapshot describes.
func BuildState(key []byte, seq uint64, created time.Time, entries []Entry, signer note.Signer) ([]byte, *State, error) {
	if seq == 0 {
		return nil, nil, errors.New("build snapshot: seq 0 is the empty copy; start at 1")
	}
	kh, err := newKeyedHash(key)
	if err != nil {
		return nil, nil, fmt.Errorf("build snapshot: %w", err)
	}
	t, err := buildTable(kh, entries)
	if err != nil {
		return nil, nil, fmt.Errorf("build snapshot %d: %w", seq, err)
	}
	st := newState(t, keyID(key))
	h := &header{
		fileType: typeSnapshot,
		seq:      seq,
		entries:  uint64(t.len()),
		created:  created,
		key:      st.key,
		state:    st.digest,
	}
	body, err := seal(h, encodeSnapshot(t), signer)
	if err != nil {
		return nil, nil, err
	}
	return body, st, nil
}

// DiffFrom makes the delta from base, the state at seq from, to the state
// at seq to in which each record in changed holds exactly its entries in
// fresh (none: it is gone) and every other record what it holds in base,
// and returns that state too. The bytes are those Diff makes from base's
// entries and the same entries so changed, without hashing and sorting
// them all again: only the changed records' rows are compared.
func DiffFrom(key []byte, from, to uint64, created time.Time, base *State, changed []string, fresh []Entry, signer note.Signer) ([]byte, *State, error) {
	if to <= from {
		return nil, nil, fmt.Errorf("diff %d→%d: the target must come after the base", from, to)
	}
	if base == nil || base.key != keyID(key) {
		return nil, nil, fmt.Errorf("diff %d→%d: the base state was not made under this key", from, to)
	}
	kh, err := newKeyedHash(key)
	if err != nil {
		return nil, nil, fmt.Errorf("diff %d→%d: %w", from, to, err)
	}
	touched := make(map[id.Binary]bool, len(changed))
	for _, r := range changed {
		rec, ok := id.Parse(r)
		if !ok {
			return nil, nil, fmt.Errorf("diff %d→%d: %w: record ID %q", from, to, errInvalidEntry, r)
		}
		touched[rec] = true
	}
	now, err := buildTable(kh, fresh)
	if err != nil {
		return nil, nil, fmt.Errorf("diff %d→%d: new entries: %w", from, to, err)
	}
	for i := range now.slots {
		if !touched[now.slots[i].record] {
			return nil, nil, fmt.Errorf("diff %d→%d: %w: an entry of record %s, which is not among the changed", from, to, errInvalidEntry, now.slots[i].record)
		}
	}
	// What the changed records hold in base, in its order.
	var held []row
	if len(touched) > 0 {
		for i := range base.t.slots {
			if touched[base.t.slots[i].record] {
				held = append(held, base.t.row(i))
			}
		}
	}
	d := diffTables(&table{slots: slotsOf(held), classes: base.t.classes}, now)
	st := base // nothing changed: the same state, under a new seq
	if len(d.removes) > 0 || len(d.adds) > 0 {
		next, err := applyDelta(base.t, d)
		if err != nil {
			return nil, nil, fmt.Errorf("diff %d→%d: %w", from, to, err)
		}
		st = newState(next, base.key)
	}
	body, err := sealDelta(d, from, base.digest, to, st, created, signer)
	if err != nil {
		return nil, nil, err
	}
	return body, st, nil
}

// sealDelta signs d, which turns the state of digest baseState (at seq
// from) into next (at seq to).
func sealDelta(d *delta, from uint64, baseState [32]byte, to uint64, next *State, created time.Time, signer note.Signer) ([]byte, error) {
	return seal(&header{
		fileType:  typeDelta,
		base:      from,
		baseState: baseState,
		removes:   uint64(len(d.removes)),
		adds:      uint64(len(d.adds)),
		seq:       to,
		entries:   uint64(next.t.len()),
		created:   created,
		key:       next.key,
		state:     next.digest,
	}, encodeDelta(d), signer)
}

func slotsOf(rows []row) []slot {
	out := make([]slot, len(rows))
	for i, r := range rows {
		out[i] = slotOf(r)
	}
	return out
}

// Diff makes the delta that turns the state at seq from, made of the entries
// old, into the state at seq to (greater than from), made of new: exactly the
// state Build(key, to, …, new, …) describes. A record whose payload changed
// is removed and added again. From 0 with no old entries makes a delta a copy
// that never held a snapshot can apply.
func Diff(key []byte, from, to uint64, created time.Time, old, new []Entry, signer note.Signer) ([]byte, error) {
	if to <= from {
		return nil, fmt.Errorf("diff %d→%d: the target must come after the base", from, to)
	}
	kh, err := newKeyedHash(key)
	if err != nil {
		return nil, fmt.Errorf("diff %d→%d: %w", from, to, err)
	}
	base, err := buildTable(kh, old)
	if err != nil {
		return nil, fmt.Errorf("diff %d→%d: old entries: %w", from, to, err)
	}
	next, err := buildTable(kh, new)
	if err != nil {
		return nil, fmt.Errorf("diff %d→%d: new entries: %w", from, to, err)
	}
	return sealDelta(diffTables(base, next), from, base.digest(), to, &State{t: next, digest: next.digest(), key: keyID(key)}, created, signer)
}

// diffTables walks both sorted tables once. Classes are compared by their
// canonical form since each table numbers its own.
func diffTables(base, next *table) *delta {
	d := &delta{}
	used := map[uint32]uint32{}
	add := func(r row) {
		c, ok := used[r.cls]
		if !ok {
			c = uint32(len(d.classes))
			used[r.cls] = c
			d.classes = append(d.classes, next.classes[r.cls])
		}
		r.cls = c
		d.adds = append(d.adds, r)
	}
	i, j := 0, 0
	for i < base.len() || j < next.len() {
		switch {
		case j == next.len():
			d.removes = append(d.removes, base.row(i))
			i++
		case i == base.len():
			add(next.row(j))
			j++
		default:
			a, b := base.row(i), next.row(j)
			switch c := compareRows(a, b); {
			case c < 0:
				d.removes = append(d.removes, a)
				i++
			case c > 0:
				add(b)
				j++
			default:
				if base.classes[a.cls].canon != next.classes[b.cls].canon {
					d.removes = append(d.removes, a)
					add(b)
				}
				i++
				j++
			}
		}
	}
	return d
}

var (
	errAbsentRemove = errors.New("removes a row the base does not hold")
	errPresentAdd   = errors.New("adds a row the base already holds")
)

// applyDelta makes the table that d turns t into, leaving t as it was. Delta
// classes join t's by canonical form, so a long chain of deltas does not
// repeat payloads.
func applyDelta(t *table, d *delta) (*table, error) {
	classes := t.classes
	remap := make([]uint32, len(d.classes))
	if len(d.classes) > 0 {
		byCanon := make(map[string]uint32, len(t.classes))
		for i, c := range t.classes {
			byCanon[c.canon] = uint32(i)
		}
		classes = append([]class(nil), t.classes...)
		for i, c := range d.classes {
			ci, ok := byCanon[c.canon]
			if !ok {
				ci = uint32(len(classes))
				byCanon[c.canon] = ci
				classes = append(classes, c)
			}
			remap[i] = ci
		}
	}
	n := t.len() - len(d.removes) + len(d.adds)
	if n < 0 {
		return nil, errAbsentRemove
	}
	rows := make([]row, 0, n)
	i, rm, ad := 0, 0, 0
	for i < t.len() || ad < len(d.adds) {
		if rm < len(d.removes) && (i == t.len() || compareRows(d.removes[rm], t.row(i)) < 0) {
			return nil, errAbsentRemove
		}
		if i < t.len() && rm < len(d.removes) && compareRows(d.removes[rm], t.row(i)) == 0 {
			rm++
			i++
			continue
		}
		if ad < len(d.adds) && (i == t.len() || compareRows(d.adds[ad], t.row(i)) <= 0) {
			if i < t.len() && compareRows(d.adds[ad], t.row(i)) == 0 {
				return nil, errPresentAdd
			}
			r := d.adds[ad]
			r.cls = remap[r.cls]
			rows = append(rows, r)
			ad++
			continue
		}
		rows = append(rows, t.row(i))
		i++
	}
	if rm < len(d.removes) {
		return nil, errAbsentRemove
	}
	return tableOf(rows, classes), nil
}
