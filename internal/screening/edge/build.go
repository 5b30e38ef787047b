package edge

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// Build makes the snapshot at sequence seq (1 or more) of entries, each
// identifier turned into a keyed hash under key (KeySize random bytes, kept
// apart from the snapshot: whoever holds both can test guesses), signed by
// signer. The same arguments always give the same bytes.
func Build(key []byte, seq uint64, created time.Time, entries []Entry, signer note.Signer) ([]byte, error) {
	if seq == 0 {
		return nil, errors.New("build snapshot: seq 0 is the empty copy; start at 1")
	}
	kh, err := newKeyedHash(key)
	if err != nil {
		return nil, fmt.Errorf("build snapshot: %w", err)
	}
	t, err := buildTable(kh, entries)
	if err != nil {
		return nil, fmt.Errorf("build snapshot %d: %w", seq, err)
	}
	h := &header{
		fileType: typeSnapshot,
		seq:      seq,
		entries:  uint64(t.len()),
		created:  created,
		key:      keyID(key),
		state:    t.digest(),
	}
	return seal(h, encodeSnapshot(t), signer)
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
	d := diffTables(base, next)
	h := &header{
		fileType:  typeDelta,
		base:      from,
		baseState: base.digest(),
		removes:   uint64(len(d.removes)),
		adds:      uint64(len(d.adds)),
		seq:       to,
		entries:   uint64(next.len()),
		created:   created,
		key:       keyID(key),
		state:     next.digest(),
	}
	return seal(h, encodeDelta(d), signer)
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
