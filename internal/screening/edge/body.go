package edge

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/ncbnet/ncbnet/internal/id"
)

// Body layout (integers are unsigned varints unless sized):
//
//	names:   count, then each name as length and bytes (sorted, distinct)
//	classes: count, then each as database name index, owner name index,
//	         action count, action name indexes, urgent byte (0 or 1)
//	snapshot rows: count, then each row as 8-byte hash (big-endian),
//	         16-byte record ID, 4-byte class (little-endian)
//	delta:   removes count, removes × (hash, record);
//	         adds count, adds × (hash, record, class)
//
// A snapshot row is laid out as a delta's added row.

const rowBytes = 8 + 16 + 4

func appendClasses(b []byte, classes []class) []byte {
	var names []string
	for _, c := range classes {
		names = append(names, c.database, c.owner)
		names = append(names, c.action...)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	index := make(map[string]uint64, len(names))
	b = binary.AppendUvarint(b, uint64(len(names)))
	for i, n := range names {
		index[n] = uint64(i)
		b = appendString(b, n)
	}
	b = binary.AppendUvarint(b, uint64(len(classes)))
	for _, c := range classes {
		b = binary.AppendUvarint(b, index[c.database])
		b = binary.AppendUvarint(b, index[c.owner])
		b = binary.AppendUvarint(b, uint64(len(c.action)))
		for _, a := range c.action {
			b = binary.AppendUvarint(b, index[a])
		}
		if c.urgent {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	return b
}

func encodeSnapshot(t *table) []byte {
	b := appendClasses(make([]byte, 0, 1024+rowBytes*t.len()), t.classes)
	b = binary.AppendUvarint(b, uint64(t.len()))
	for i := range t.slots {
		b = appendRow(b, t.row(i))
	}
	return b
}

// delta is a decoded delta body: the rows to remove (class unused) and to
// add, each sorted, with the add classes numbered in classes.
type delta struct {
	classes []class
	removes []row
	adds    []row
}

func encodeDelta(d *delta) []byte {
	b := appendClasses(nil, d.classes)
	b = binary.AppendUvarint(b, uint64(len(d.removes)))
	for _, r := range d.removes {
		b = binary.BigEndian.AppendUint64(b, r.hash)
		b = append(b, r.record[:]...)
	}
	b = binary.AppendUvarint(b, uint64(len(d.adds)))
	for _, r := range d.adds {
		b = appendRow(b, r)
	}
	return b
}

func appendRow(b []byte, r row) []byte {
	b = binary.BigEndian.AppendUint64(b, r.hash)
	b = append(b, r.record[:]...)
	return binary.LittleEndian.AppendUint32(b, r.cls)
}

func readRow(b []byte) row {
	return row{binary.BigEndian.Uint64(b), id.Binary(b[8:24]), binary.LittleEndian.Uint32(b[24:28])}
}

var errShortBody = errors.New("body ends early")

// reader reads an untrusted body: every count is checked against the bytes
// left before anything is allocated for it, so no file makes it panic or ask
// for more memory than the file's own size.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errShortBody
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a count of items at least each bytes long.
func (r *reader) count(each int) int {
	v := r.uvarint()
	if r.err == nil && v > uint64(len(r.b)/each) {
		r.err = fmt.Errorf("count %d exceeds the body", v)
		return 0
	}
	return int(v)
}

func (r *reader) next(n int) []byte {
	if r.err != nil {
		return nil
	}
	if len(r.b) < n {
		r.err = errShortBody
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

func (r *reader) classes() []class {
	names := make([]string, r.count(1))
	for i := range names {
		n := r.uvarint()
		if n == 0 || n > maxName {
			r.fail(fmt.Errorf("name %d of length %d", i, n))
			return nil
		}
		names[i] = string(r.next(int(n)))
		if r.err == nil && (!validName(names[i]) || i > 0 && cmp.Compare(names[i-1], names[i]) >= 0) {
			r.fail(fmt.Errorf("name %d invalid or out of order", i))
		}
	}
	name := func() string {
		i := r.uvarint()
		if r.err == nil && i >= uint64(len(names)) {
			r.fail(fmt.Errorf("name index %d of %d", i, len(names)))
		}
		if r.err != nil {
			return ""
		}
		return names[i]
	}
	classes := make([]class, r.count(4))
	for i := range classes {
		db, owner := name(), name()
		action := make([]string, r.count(1))
		for j := range action {
			action[j] = name()
			if r.err == nil && j > 0 && action[j-1] >= action[j] {
				r.fail(fmt.Errorf("class %d: actions out of order", i))
			}
		}
		urgent := r.next(1)
		if r.err != nil {
			return nil
		}
		if urgent[0] > 1 {
			r.fail(fmt.Errorf("class %d: urgent byte %d", i, urgent[0]))
			return nil
		}
		classes[i] = newClass(db, owner, action, urgent[0] == 1)
	}
	return classes
}

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *reader) end() error {
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%d bytes after the body", len(r.b))
	}
	return r.err
}

func decodeSnapshot(body []byte) (*table, error) {
	r := &reader{b: body}
	t := &table{classes: r.classes()}
	n := r.count(rowBytes)
	rows := r.next(rowBytes * n)
	if err := r.end(); err != nil {
		return nil, fmt.Errorf("decode snapshot: %w", err)
	}
	t.slots = make([]slot, n)
	for i := range t.slots {
		t.slots[i] = slotOf(readRow(rows[rowBytes*i:]))
	}
	if err := t.checkOrder(); err != nil {
		return nil, fmt.Errorf("decode snapshot: %w", err)
	}
	t.index()
	return t, nil
}

func decodeDelta(body []byte) (*delta, error) {
	r := &reader{b: body}
	d := &delta{classes: r.classes()}
	d.removes = make([]row, r.count(24))
	for i := range d.removes {
		b := r.next(24)
		if b == nil {
			break
		}
		d.removes[i].hash = binary.BigEndian.Uint64(b)
		copy(d.removes[i].record[:], b[8:])
	}
	d.adds = make([]row, r.count(rowBytes))
	for i := range d.adds {
		b := r.next(rowBytes)
		if b == nil {
			break
		}
		d.adds[i] = readRow(b)
		if d.adds[i].cls >= uint32(len(d.classes)) {
			r.fail(fmt.Errorf("add %d: class %d of %d", i, d.adds[i].cls, len(d.classes)))
		}
	}
	if err := r.end(); err != nil {
		return nil, fmt.Errorf("decode delta: %w", err)
	}
	for _, rows := range [][]row{d.removes, d.adds} {
		for i := 1; i < len(rows); i++ {
			if compareRows(rows[i-1], rows[i]) >= 0 {
				return nil, fmt.Errorf("decode delta: row %d out of order", i)
			}
		}
	}
	return d, nil
}
