package audit

import (
	"bytes"
	"crypto/hmac"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/crc32"
)

// The journal's file layout.
//
// The file is written in place, never appended to: it is allocated ahead
// (zeros, synced once) and records overwrite what is there, so that a sync
// after a write flushes data only. Growing a file changes its size, and an
// fsync then also commits the file system's journal: on the development
// machine that doubled the cost of each sync (about 350 µs against 180 µs
// under load), and every check waits for one.
//
// Emptying the file starts a new generation instead of truncating it: its
// records are written from a new start, and whatever an older generation
// left is not read.
//
//	header slot 0 at byte 0, slot 1 at byte 512:
//	    magic "NCBJRN03" | generation (8) | start (8) | records carried over (4) |
//	    CRC-32C of the 28 bytes before (4)
//	records of the generation from start (byte 4096 or further), each:
//	    length of the rest (4) | CRC-32C of the rest (4) |
//	    generation (8) | batch (8) | index in the batch (4) | records in the batch (4) |
//	    HMAC-SHA256 of the staged-row key over the entry's ID and body (32) | body
//
// (Integers are big-endian.) The generation in force is the higher of the
// two valid header slots. A batch is one write and one sync, and its
// records are acknowledged together, after the sync; batches are numbered
// from 1 in a generation.
//
// A new generation begins when the tree holds everything the file holds,
// or when the generation has grown past journalRotate and at least half of
// its entries are in the tree (a steady load never lets the integrator
// catch up), or after a failed write. The entries not yet in the tree are
// carried over: written first, as the new
// generation's batch 0, where they overlap nothing the generation in force
// still needs (at byte 4096 when they fit before its start, else after its
// end), and synced. Then the new header is written to the other slot and
// synced. A crash before that leaves the previous generation in force,
// whole; a torn header write leaves it too.
//
// Reading stops at the first record that is not the next one of the
// generation in force. The batch it belongs to may be the one a crash cut
// short (never acknowledged: all of it is dropped, records already read
// included), or the file is damaged: a batch is written only once the one
// before is synced, so a whole record of the generation in force further on,
// of a batch after the next, proves that an acknowledged batch cannot be
// read, and the node refuses to start (ErrJournalTampered). So does a
// record of the next generation past its batch 0: that generation's header
// was synced before it, and has been damaged since. Damage to the last
// batch written cannot be told from a write the crash cut short: it is
// dropped as such (whatever of it the tree already holds stays there).

const (
	journalMagic = "NCBJRN03"
	// journalSlot is the distance between the two header slots.
	journalSlot = 512
	// journalRecords is where a generation's records begin.
	journalRecords = 4096
	// recordMeta is a record's generation, batch, index and count.
	recordMeta = 24
	// recordMin is the size of a record with an empty body.
	recordMin = 8 + recordMeta + 32
	// journalInitial is the size a journal is allocated at first; it
	// doubles as it needs, by journalMaxGrowth at most at a time.
	journalInitial   = 1 << 20
	journalMaxGrowth = 64 << 20
	// journalRotate is how far a generation may grow before a new one is
	// begun, carrying over what the tree does not hold yet.
	journalRotate = 16 << 20
	// journalKeep is the size a journal is cut back to when a new
	// generation leaves the space after it free (an integrator that fell
	// far behind for a while).
	journalKeep = 64 << 20
	// headerLen is a header slot's length.
	headerLen = 32
)

// journalHeader is what a header slot says.
type journalHeader struct {
	gen   uint64
	start int64
	// carried is the size of batch 0, the entries carried over.
	carried uint32
}

// encode returns the header slot of h.
func (h journalHeader) encode() []byte {
	b := make([]byte, 0, headerLen)
	b = append(b, journalMagic...)
	b = binary.BigEndian.AppendUint64(b, h.gen)
	b = binary.BigEndian.AppendUint64(b, uint64(h.start))
	b = binary.BigEndian.AppendUint32(b, h.carried)
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// slotAt returns the header in the slot at data[off:], if it holds a
// valid one.
func slotAt(data []byte, off int) (journalHeader, bool) {
	if len(data) < off+headerLen {
		return journalHeader{}, false
	}
	b := data[off : off+headerLen]
	if string(b[:8]) != journalMagic || crc32.Checksum(b[:28], castagnoli) != binary.BigEndian.Uint32(b[28:]) {
		return journalHeader{}, false
	}
	return journalHeader{gen: binary.BigEndian.Uint64(b[8:]), start: int64(binary.BigEndian.Uint64(b[16:])), carried: binary.BigEndian.Uint32(b[24:])}, true
}

// journalHeaderOf returns the header in force in data: the valid slot of
// the higher generation. v1 reports a file of the earlier layout (records
// from byte 0, no header): empty, or beginning with a whole record.
func journalHeaderOf(data []byte) (h journalHeader, v1 bool, err error) {
	h0, ok0 := slotAt(data, 0)
	h1, ok1 := slotAt(data, journalSlot)
	switch {
	case ok0 && ok1:
		h = h0
		if h1.gen > h0.gen {
			h = h1
		}
	case ok0:
		h = h0
	case ok1:
		h = h1
	case len(data) == 0 || isV1Record(data):
		return h, true, nil
	default:
		return h, false, fmt.Errorf("%w (neither header is readable)", ErrJournalTampered)
	}
	// The older slot may point past a file cut back since; the one in
	// force may not.
	if h.start < journalRecords || h.start > int64(len(data)) {
		return h, false, fmt.Errorf("%w (generation %d starts at byte %d, in a file of %d bytes)", ErrJournalTampered, h.gen, h.start, len(data))
	}
	return h, false, nil
}

// isV1Record reports whether data begins with a whole record of the
// earlier layout.
func isV1Record(data []byte) bool {
	if len(data) < 8 {
		return false
	}
	n := int(binary.BigEndian.Uint32(data))
	return n >= 32 && n <= maxJournalRecord && 8+n <= len(data) && crc32.Checksum(data[8:8+n], castagnoli) == binary.BigEndian.Uint32(data[4:])
}

// slotOf is the offset of generation gen's header slot.
func slotOf(gen uint64) int64 { return int64(gen % 2 * journalSlot) }

// recordPlace says where a record stands: its generation, its batch, its
// index in the batch and the batch's size.
type recordPlace struct {
	gen, batch   uint64
	index, count uint32
}

// appendJournalRecord appends the record of it at place p; mac is an HMAC
// of the staged-row key.
func appendJournalRecord(buf []byte, mac hash.Hash, p recordPlace, it item) []byte {
	start := len(buf)
	buf = binary.BigEndian.AppendUint32(buf, uint32(recordSize(it)-8))
	buf = append(buf, 0, 0, 0, 0)
	buf = binary.BigEndian.AppendUint64(buf, p.gen)
	buf = binary.BigEndian.AppendUint64(buf, p.batch)
	buf = binary.BigEndian.AppendUint32(buf, p.index)
	buf = binary.BigEndian.AppendUint32(buf, p.count)
	// The MAC covers the body as written: the entry, and its attachment
	// after a zero byte.
	macAt := len(buf)
	buf = append(buf, make([]byte, 32)...)
	body := len(buf)
	buf = append(buf, it.body...)
	if it.attach != nil {
		buf = append(append(buf, 0), it.attach...)
	}
	appendPendingMAC(buf[macAt:macAt], mac, it.entry.ID, buf[body:])
	binary.BigEndian.PutUint32(buf[start+4:], crc32.Checksum(buf[start+8:], castagnoli))
	return buf
}

// recordSize is the size of it's journal record.
func recordSize(it item) int {
	n := 8 + recordMeta + 32 + len(it.body)
	if it.attach != nil {
		n += 1 + len(it.attach)
	}
	return n
}

// recordAt reads the record at data[off:]: its place, its MAC and body and
// its whole size. ok is false when no whole record with a matching CRC is
// there (zeros, a torn write, the middle of an older record).
func recordAt(data []byte, off int) (p recordPlace, mac, body []byte, size int, ok bool) {
	if off < 0 || len(data)-off < recordMin {
		return p, nil, nil, 0, false
	}
	n := int(binary.BigEndian.Uint32(data[off:]))
	if n < recordMeta+32 || n > maxJournalRecord || len(data)-off-8 < n {
		return p, nil, nil, 0, false
	}
	rest := data[off+8 : off+8+n]
	if crc32.Checksum(rest, castagnoli) != binary.BigEndian.Uint32(data[off+4:]) {
		return p, nil, nil, 0, false
	}
	p = recordPlace{
		gen:   binary.BigEndian.Uint64(rest[0:]),
		batch: binary.BigEndian.Uint64(rest[8:]),
		index: binary.BigEndian.Uint32(rest[16:]),
		count: binary.BigEndian.Uint32(rest[20:]),
	}
	return p, rest[recordMeta : recordMeta+32], rest[recordMeta+32:], 8 + n, true
}

// journalState is what reading a journal found: the entries of its whole
// batches, and where the next batch goes.
type journalState struct {
	items []item
	journalHeader
	// batch is the number of the next batch; off where it is written.
	batch uint64
	off   int64
}

// parseJournal reads the records of the generation in force in data, a
// whole journal file of the current layout.
func (l *Log) parseJournal(data []byte, h journalHeader) (journalState, error) {
	// A record of the next generation past its batch 0 was written after
	// that generation's header was synced: the header is damaged.
	if b, at, found := laterBatch(data, journalRecords, h.gen+1, 0); found {
		return journalState{}, fmt.Errorf("%w (the header of generation %d is damaged: its batch %d is at byte %d)", ErrJournalTampered, h.gen+1, b, at)
	}
	st := journalState{journalHeader: h, batch: 1, off: h.start}
	if h.carried > 0 {
		st.batch = 0
	}
	var (
		pending []item // the batch being read
		next    = recordPlace{gen: h.gen, batch: st.batch}
		off     = int(h.start)
	)
	for {
		p, mac, body, size, ok := recordAt(data, off)
		if !ok || p.gen != h.gen || p.batch != next.batch || p.index != next.index || p.count == 0 || p.index >= p.count ||
			(p.index > 0 && p.count != next.count) || (p.batch == 0 && p.count != h.carried) {
			break
		}
		leaf, attach := splitRecordBody(body)
		e, err := decodeLeaf(leaf)
		if err != nil || !hmac.Equal(mac, pendingMAC(l.macKey, e.ID, body)) {
			return journalState{}, fmt.Errorf("%w (at byte %d)", ErrJournalTampered, off)
		}
		if err := validate(e); err != nil {
			return journalState{}, fmt.Errorf("%w (at byte %d): %v", ErrJournalTampered, off, err)
		}
		pending = append(pending, item{entry: e, body: leaf, attach: attach})
		off += size
		if p.index+1 == p.count {
			st.items = append(st.items, pending...)
			pending = nil
			st.batch, st.off = p.batch+1, int64(off)
			next = recordPlace{gen: h.gen, batch: p.batch + 1}
		} else {
			next.index, next.count = p.index+1, p.count
		}
	}
	// The carried batch was synced before the header: it must be whole.
	if h.carried > 0 && st.batch == 0 {
		return journalState{}, fmt.Errorf("%w (the %d entries carried over at byte %d are unreadable)", ErrJournalTampered, h.carried, h.start)
	}
	// Reading stopped in batch st.batch (cut short, or damaged). A whole
	// record of a later batch of this generation means it was acknowledged.
	if b, at, found := laterBatch(data, int(st.off), h.gen, st.batch); found {
		return journalState{}, fmt.Errorf("%w (batch %d is unreadable at byte %d, and batch %d follows at byte %d)", ErrJournalTampered, st.batch, st.off, b, at)
	}
	return st, nil
}

// laterBatch looks in data from off for a whole record of generation gen
// and a batch after batch.
func laterBatch(data []byte, off int, gen, batch uint64) (uint64, int, bool) {
	var g [8]byte
	binary.BigEndian.PutUint64(g[:], gen)
	for off+8 <= len(data) {
		// The generation is at a record's byte 8: find it, then try the
		// record around it.
		i := bytes.Index(data[off+8:], g[:])
		if i < 0 {
			return 0, 0, false
		}
		at := off + i
		if p, _, _, _, ok := recordAt(data, at); ok && p.gen == gen && p.batch > batch {
			return p.batch, at, true
		}
		off = at + 1
	}
	return 0, 0, false
}

// parseJournalV1 reads a journal of the earlier layout (records from byte
// 0, no generation: length | CRC-32C | HMAC | body), which a node converts
// to the current one when it opens it.
func (l *Log) parseJournalV1(data []byte) ([]item, error) {
	var out []item
	off := 0
	for off+8 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[off:]))
		end := off + 8 + n
		if n < 32 || n > maxJournalRecord || end > len(data) ||
			crc32.Checksum(data[off+8:end], castagnoli) != binary.BigEndian.Uint32(data[off+4:]) {
			// A bad last record is a write a crash cut short; with whole
			// records after it, acknowledged entries would be lost.
			if end >= len(data) {
				return out, nil
			}
			return nil, fmt.Errorf("%w (a damaged record at byte %d, with %d bytes after it)", ErrJournalTampered, off, len(data)-end)
		}
		mac, body := data[off+8:off+40], data[off+40:end]
		e, err := decodeLeaf(body)
		if err != nil || !hmac.Equal(mac, pendingMAC(l.macKey, e.ID, body)) {
			return nil, fmt.Errorf("%w (at byte %d)", ErrJournalTampered, off)
		}
		if err := validate(e); err != nil {
			return nil, fmt.Errorf("%w (at byte %d): %v", ErrJournalTampered, off, err)
		}
		out = append(out, item{entry: e, body: body})
		off = end
	}
	return out, nil
}
