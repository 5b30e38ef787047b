package index

// identTable is an open-addressing hash table (linear probing) from 32-bit
// identifier fingerprints to record slots, allowing several slots per
// identifier (two bureaus may report the same number). A bucket is 8 bytes:
// the fingerprint (never 0, which marks an empty bucket) and the slot. The
// fingerprint both places the bucket and tells entries apart, so the table can
// grow without keeping the identifiers.
//
// Two identifiers may share a fingerprint: with n entries, a lookup of an
// absent identifier meets a false candidate with probability about n / 2^32
// (0.2 % at 10 million documents). The search service checks every candidate
// against its record, so a false candidate costs time, never a wrong answer.
//
// Removal leaves a tombstone (fingerprint kept, slot set to tombstone) so
// that probe chains stay intact; growth drops tombstones.
type identTable struct {
	buckets []bucket
	mask    uint32
	live    int // entries
	used    int // entries and tombstones
}

type bucket struct {
	fp   uint32
	slot uint32
}

const (
	tombstone = ^uint32(0)
	// maxLoad is the fill (entries and tombstones) at which the table grows.
	maxLoad = 0.8
)

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

func (t *identTable) insert(fp, slot uint32) {
	if float64(t.used+1) > float64(len(t.buckets))*maxLoad {
		t.grow()
	}
	for i := fp & t.mask; ; i = (i + 1) & t.mask {
		b := &t.buckets[i]
		if b.fp == 0 {
			*b = bucket{fp: fp, slot: slot}
			t.live++
			t.used++
			return
		}
		if b.fp == fp && b.slot == slot {
			return
		}
	}
}

// lookup calls fn with every slot stored under fp.
func (t *identTable) lookup(fp uint32, fn func(slot uint32)) {
	for i := fp & t.mask; ; i = (i + 1) & t.mask {
		b := t.buckets[i]
		if b.fp == 0 {
			return
		}
		if b.fp == fp && b.slot != tombstone {
			fn(b.slot)
		}
	}
}

func (t *identTable) remove(fp, slot uint32) {
	for i := fp & t.mask; ; i = (i + 1) & t.mask {
		b := &t.buckets[i]
		if b.fp == 0 {
			return
		}
		if b.fp == fp && b.slot == slot {
			b.slot = tombstone
			t.live--
			return
		}
	}
}

// grow doubles the table when it is mostly live entries, and otherwise
// rebuilds it at the same size to drop tombstones.
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
			t.insert(b.fp, b.slot)
		}
	}
}

// bytes is the table's memory.
func (t *identTable) bytes() int { return len(t.buckets) * 8 }
