package index

import (
	"slices"
	"unsafe"
)

// identTable is an open-addressing hash table (linear probing) from 32-bit
// identifier fingerprints to record slots, allowing several slots per
// identifier (two bureaus may report the same number). A bucket is 8 bytes:
// the fingerprint (never 0, which marks an empty bucket) and what it holds.
// The fingerprint both places the bucket and tells entries apart, so the table
// can grow without keeping the identifiers.
//
// A fingerprint has at most one live bucket: the common case, one record for
// an identifier, is that bucket alone, holding the slot. A fingerprint with
// several slots has its bucket point (listBit) into a side table of posting
// lists, so that a thousand (or a million) records with the same number make
// one probe chain and one list, not a run of buckets that every insert and
// every lookup would walk: inserting is O(1) amortised (an append) and a
// lookup reads the list and nothing else.
//
// Two identifiers may share a fingerprint: with n entries, a lookup of an
// absent identifier meets a false candidate with probability about n / 2^32
// (0.2 % at 10 million documents). The search service checks every candidate
// against its record, so a false candidate costs time, never a wrong answer.
//
// Removal leaves a tombstone (fingerprint kept, slot set to tombstone) so
// that probe chains stay intact; growth drops tombstones. Slots are below
// maxSlot.
type identTable struct {
	buckets []bucket
	mask    uint32
	live    int // live buckets
	used    int // live buckets and tombstones
	entries int // slots held, in buckets and lists
	lists   []postings
	free    []uint32 // indexes of unused lists
	listMem int      // bytes of the lists' arrays
}

type bucket struct {
	fp uint32
	// slot is a record slot, tombstone, or listBit|i for lists[i].
	slot uint32
}

const (
	tombstone = ^uint32(0)
	listBit   = uint32(1) << 31
	// maxSlot bounds the slots the table can hold: the bit above marks a
	// list.
	maxSlot = listBit - 1
	// maxLoad is the fill (entries and tombstones) at which the table grows.
	maxLoad = 0.8
)

// postings are the slots of one fingerprint with several. s[:sorted] is
// ascending; s[sorted:] (the tail) is ascending too and shares no slot with
// it, so a list never holds a slot twice and a lookup needs no deduplication.
// Records are numbered in the order they arrive, so a new record's slot is
// above every other and is appended; only an older record gaining the
// identifier goes to the tail (a binary search and an insertion there), and
// the tail is merged into the rest when it outgrows maxTail.
type postings struct {
	s      []uint32
	sorted int
}

// maxTail is how long the tail of a list of n slots may grow before it is
// merged: about √n, so that both an insertion in the tail and the merges,
// spread over the insertions between them, cost about √n slots moved.
func maxTail(n int) int {
	t := 64
	for t*t < n {
		t *= 2
	}
	return t
}

func (p *postings) add(slot uint32) (added bool) {
	n := len(p.s)
	if p.sorted == n && slot > p.s[n-1] { // the common case: a new record
		p.s = append(p.s, slot)
		p.sorted++
		return true
	}
	if _, found := slices.BinarySearch(p.s[:p.sorted], slot); found {
		return false
	}
	tail := p.s[p.sorted:]
	i, found := slices.BinarySearch(tail, slot)
	if found {
		return false
	}
	p.s = slices.Insert(p.s, p.sorted+i, slot)
	if len(p.s)-p.sorted > maxTail(len(p.s)) {
		p.merge()
	}
	return true
}

// merge makes the whole list sorted.
func (p *postings) merge() {
	out := make([]uint32, 0, len(p.s)+len(p.s)/4)
	a, b := p.s[:p.sorted], p.s[p.sorted:]
	for len(a) > 0 && len(b) > 0 {
		if a[0] < b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	out = append(append(out, a...), b...)
	p.s, p.sorted = out, len(out)
}

func (p *postings) remove(slot uint32) (removed bool) {
	if i, found := slices.BinarySearch(p.s[:p.sorted], slot); found {
		p.s = slices.Delete(p.s, i, i+1)
		p.sorted--
		return true
	}
	if i, found := slices.BinarySearch(p.s[p.sorted:], slot); found {
		p.s = slices.Delete(p.s, p.sorted+i, p.sorted+i+1)
		return true
	}
	return false
}

func newIdentTable(capacity int) *identTable {
	n := 1024
	for float64(n)*maxLoad < float64(capacity) {
		n *= 2
	}
	return &identTable{buckets: make([]bucket, n), mask: uint32(n - 1)}
}

func fingerprint(h uint64) uint32 {
	fp := uint32(h) ^ uint32(h>>32)
	if fp == 0 {
		fp = 1
	}
	return fp
}

// find returns the live bucket of fp, or nil.
func (t *identTable) find(fp uint32) *bucket {
	for i := fp & t.mask; ; i = (i + 1) & t.mask {
		b := &t.buckets[i]
		if b.fp == 0 {
			return nil
		}
		if b.fp == fp && b.slot != tombstone {
			return b
		}
	}
}

// insert adds slot under fp, if it is not there already.
func (t *identTable) insert(fp, slot uint32) {
	if slot > maxSlot {
		panic("BUG: index: slot out of range")
	}
	if b := t.find(fp); b != nil {
		switch {
		case b.slot == slot:
		case b.slot&listBit == 0:
			b.slot = t.newList(b.slot, slot)
			t.entries++
		default:
			p := &t.lists[b.slot&^listBit]
			before := cap(p.s)
			if p.add(slot) {
				t.entries++
			}
			t.listMem += 4 * (cap(p.s) - before)
		}
		return
	}
	if float64(t.used+1) > float64(len(t.buckets))*maxLoad {
		t.grow()
	}
	t.place(bucket{fp: fp, slot: slot})
	t.entries++
}

// place puts a bucket for a fingerprint that has none in the first empty
// bucket of its chain.
func (t *identTable) place(nb bucket) {
	for i := nb.fp & t.mask; ; i = (i + 1) & t.mask {
		if b := &t.buckets[i]; b.fp == 0 {
			*b = nb
			t.live++
			t.used++
			return
		}
	}
}

// newList makes a list of two slots and returns what its bucket holds.
func (t *identTable) newList(a, b uint32) uint32 {
	p := postings{s: []uint32{min(a, b), max(a, b)}, sorted: 2}
	t.listMem += 4 * cap(p.s)
	if n := len(t.free); n > 0 {
		i := t.free[n-1]
		t.free = t.free[:n-1]
		t.lists[i] = p
		return listBit | i
	}
	t.lists = append(t.lists, p)
	return listBit | uint32(len(t.lists)-1)
}

// lookup calls fn with every slot stored under fp, until fn returns false.
func (t *identTable) lookup(fp uint32, fn func(slot uint32) bool) {
	b := t.find(fp)
	switch {
	case b == nil:
	case b.slot&listBit == 0:
		fn(b.slot)
	default:
		for _, s := range t.lists[b.slot&^listBit].s {
			if !fn(s) {
				return
			}
		}
	}
}

func (t *identTable) remove(fp, slot uint32) {
	b := t.find(fp)
	switch {
	case b == nil:
	case b.slot&listBit == 0:
		if b.slot == slot {
			b.slot = tombstone
			t.live--
			t.entries--
		}
	default:
		i := b.slot &^ listBit
		p := &t.lists[i]
		if !p.remove(slot) {
			return
		}
		t.entries--
		if len(p.s) == 1 { // back to a bucket alone
			b.slot = p.s[0]
			t.listMem -= 4 * cap(p.s)
			t.lists[i] = postings{}
			t.free = append(t.free, i)
		}
	}
}

// grow doubles the table when it is mostly live buckets, and otherwise
// rebuilds it at the same size to drop tombstones. Lists stay where they are.
func (t *identTable) grow() {
	old := t.buckets
	n := len(old)
	if float64(t.live+1) > float64(n)*maxLoad/2 {
		n *= 2
	}
	t.buckets = make([]bucket, n)
	t.mask = uint32(n - 1)
	t.live, t.used = 0, 0
	for _, b := range old {
		if b.fp != 0 && b.slot != tombstone {
			t.place(b)
		}
	}
}

// bytes is the table's memory: the buckets, and the lists of fingerprints
// with several slots.
func (t *identTable) bytes() int {
	return len(t.buckets)*8 + cap(t.lists)*int(unsafe.Sizeof(postings{})) + t.listMem + cap(t.free)*4
}
