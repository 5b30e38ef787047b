package edge

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/ncbnet/ncbnet/internal/id"
)

// table is a state of the copy: slots sorted by (hash, record). A table is
// never changed once built; a delta makes a new one.
type table struct {
	slots   []slot
	classes []class

	// start[b] is the first slot whose hash has b as its top bits, one
	// bucket per 4 slots or fewer: a lookup reads start, then its bucket's
	// 2 or 3 cache lines, which hold the payload too. Binary search over the
	// whole table would cost 20 dependent reads, most of them cache misses.
	// Derived, never stored.
	start []uint32
	shift uint
}

// slot is a row as the copy holds it: 28 bytes, the hash split so that the
// struct is 4-byte aligned and a slice of them packs without padding.
type slot struct {
	hashHi, hashLo uint32
	record         id.Binary
	cls            uint32
}

func (s *slot) hash() uint64 { return uint64(s.hashHi)<<32 | uint64(s.hashLo) }

// row is a table row while tables are built and merged.
type row struct {
	hash   uint64
	record id.Binary
	cls    uint32
}

func compareRows(a, b row) int {
	if c := cmp.Compare(a.hash, b.hash); c != 0 {
		return c
	}
	return compareRecords(a.record, b.record)
}

func compareRecords(a, b id.Binary) int {
	if c := cmp.Compare(binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(b[:8])); c != 0 {
		return c
	}
	return cmp.Compare(binary.BigEndian.Uint64(a[8:]), binary.BigEndian.Uint64(b[8:]))
}

func (t *table) len() int { return len(t.slots) }

func (t *table) row(i int) row {
	s := &t.slots[i]
	return row{s.hash(), s.record, s.cls}
}

func slotOf(r row) slot { return slot{uint32(r.hash >> 32), uint32(r.hash), r.record, r.cls} }

// buildTable turns entries into a table: identifiers hashed, repeats of one
// (identifier, record) merged, classes interned in a canonical order so the
// same entries always give the same bytes. Every entry of one record must
// carry the same payload: the copy holds one payload per (identifier, record),
// and a record owned twice over would make the answer depend on order.
func buildTable(kh *keyedHash, entries []Entry) (*table, error) {
	byCanon := map[string]uint32{}
	var classes []class
	var canon []byte
	payload := make(map[id.Binary]uint32, len(entries))
	rows := make([]row, 0, len(entries))
	for i := range entries {
		e := &entries[i]
		rec, err := checkEntry(e)
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", i, err)
		}
		action := actionSet(e.Action)
		canon = appendCanon(canon[:0], e.Database, e.Owner, action, e.Urgent)
		ci, ok := byCanon[string(canon)]
		if !ok {
			ci = uint32(len(classes))
			c := class{database: e.Database, owner: e.Owner, action: slices.Clone(action), urgent: e.Urgent, canon: string(canon)}
			byCanon[c.canon] = ci
			classes = append(classes, c)
		}
		if prev, ok := payload[rec]; !ok {
			payload[rec] = ci
		} else if prev != ci {
			return nil, fmt.Errorf("entry %d: %w: record %s has two payloads", i, errInvalidEntry, e.RecordID)
		}
		rows = append(rows, row{kh.sum(e.Kind, e.Country, e.Value), rec, ci})
	}
	classes, remap := sortClasses(classes)
	for i := range rows {
		rows[i].cls = remap[rows[i].cls]
	}
	slices.SortFunc(rows, compareRows)
	rows = slices.CompactFunc(rows, func(a, b row) bool { return compareRows(a, b) == 0 })
	return tableOf(rows, classes), nil
}

// sortClasses orders classes by their canonical form and returns, for each
// old index, the new one.
func sortClasses(classes []class) ([]class, []uint32) {
	order := make([]uint32, len(classes))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return cmp.Compare(classes[a].canon, classes[b].canon) })
	sorted := make([]class, len(classes))
	remap := make([]uint32, len(classes))
	for n, old := range order {
		sorted[n] = classes[old]
		remap[old] = uint32(n)
	}
	return sorted, remap
}

func tableOf(rows []row, classes []class) *table {
	t := &table{
		slots:   make([]slot, len(rows)),
		classes: classes,
	}
	for i, r := range rows {
		t.slots[i] = slotOf(r)
	}
	t.index()
	return t
}

// index builds the bucket starts: 4 bytes a bucket, one bucket for every 2
// to 4 slots, so 1 to 2 bytes a slot.
func (t *table) index() {
	n := len(t.slots)
	bits := 0
	for (1<<bits)*4 < n {
		bits++
	}
	t.shift = uint(64 - bits)
	buckets := 1 << bits
	t.start = make([]uint32, buckets+1)
	j := 0
	for b := 0; b <= buckets; b++ {
		for j < n && t.bucket(t.slots[j].hash()) < b {
			j++
		}
		t.start[b] = uint32(j)
	}
}

func (t *table) bucket(h uint64) int {
	if t.shift >= 64 {
		return 0
	}
	return int(h >> t.shift)
}

// find returns the rows [lo, hi) whose hash is h.
func (t *table) find(h uint64) (lo, hi int) {
	if len(t.slots) == 0 {
		return 0, 0
	}
	b := t.bucket(h)
	lo, end := int(t.start[b]), int(t.start[b+1])
	// A bucket is a few slots side by side: reading them in order costs no
	// more cache misses than halving and predicts better.
	for lo < end && t.slots[lo].hash() < h {
		lo++
	}
	hi = lo
	for hi < len(t.slots) && t.slots[hi].hash() == h {
		hi++
	}
	return lo, hi
}

// digest is the SHA-256 of the state: every row in order, each with its
// payload in canonical form. It does not depend on how classes are numbered,
// so a snapshot and a base with deltas applied agree exactly when they hold
// the same rows.
func (t *table) digest() [32]byte {
	h := sha256.New()
	buf := make([]byte, 0, 64<<10)
	buf = append(buf, "ncbnet edge state v1\n"...)
	for i := range t.slots {
		s := &t.slots[i]
		buf = binary.BigEndian.AppendUint64(buf, s.hash())
		buf = append(buf, s.record[:]...)
		buf = append(buf, t.classes[s.cls].canon...)
		if len(buf) > 60<<10 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	h.Write(buf)
	var d [32]byte
	h.Sum(d[:0])
	return d
}

// checkOrder refuses a table whose rows are not strictly increasing or whose
// classes do not exist: lookups rely on both.
func (t *table) checkOrder() error {
	for i := range t.slots {
		if int(t.slots[i].cls) >= len(t.classes) {
			return fmt.Errorf("row %d: class %d of %d", i, t.slots[i].cls, len(t.classes))
		}
		if i > 0 && compareRows(t.row(i-1), t.row(i)) >= 0 {
			return fmt.Errorf("row %d: out of order", i)
		}
	}
	return nil
}
