package index

import (
	"bytes"
	"hash/maphash"
	"sort"
	"sync"

	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/identifiers"
	"github.com/ncbnet/ncbnet/internal/records"
)

// slotInfo is what the index keeps of each record: enough to say which
// record a slot is and to skip records of other databases or gone ones
// without touching the store.
type slotInfo struct {
	id    id.Binary
	db    uint8
	flags uint8
	owner uint16
}

const flagLive uint8 = 1 // the record exists and is active (not blocked, not deleted)

// Index is the in-memory index of all records. It is safe for concurrent
// use: lookups share a read lock; changes take the write lock briefly.
type Index struct {
	// sync orders the writers of the index (follow.go): a change applied
	// directly by the node that made it, and the changes loaded from the
	// store for the bus's events, so that a record loaded before a commit
	// is never applied after that commit's own version. dirty (under sync)
	// collects the records changed while Rebuild scans the store.
	sync      sync.Mutex
	dirty     map[string]struct{}
	rebuildMu sync.Mutex // one Rebuild at a time

	// mu guards what follows: lookups share it, changes take it briefly.
	mu     sync.RWMutex
	seed   maphash.Seed
	slots  []slotInfo
	sorted int                  // slots[:sorted] are in ID order (binary search)
	extra  map[id.Binary]uint32 // slots added out of ID order
	idents *identTable          // identifiers
	people personIndex          // names of person-like records (persons.go)
	dbs    map[string]uint8
	owners map[string]uint16
}

// New returns an empty index sized for about capacity identifiers.
func New(capacity int) *Index { return newIndex(capacity, maphash.MakeSeed()) }

func newIndex(capacity int, seed maphash.Seed) *Index {
	x := &Index{
		seed:   seed,
		slots:  make([]slotInfo, 0, capacity),
		extra:  map[id.Binary]uint32{},
		idents: newIdentTable(capacity),
		people: newPersonIndex(),
		dbs:    map[string]uint8{},
		owners: map[string]uint16{},
	}
	for i, d := range records.Databases() {
		x.dbs[d.ID] = uint8(i)
	}
	return x
}

var _ records.Observer = (*Index)(nil)

// RecordChanged indexes a created or changed record. Identifiers a change
// removed stay in the table until the next rebuild; the search service drops
// such candidates when it checks them against the record.
func (x *Index) RecordChanged(r records.Record) {
	x.sync.Lock()
	defer x.sync.Unlock()
	x.noteDirty(r.ID)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.changeLocked(r)
}

// RecordDeleted forgets a record.
func (x *Index) RecordDeleted(r records.Record) {
	x.sync.Lock()
	defer x.sync.Unlock()
	x.noteDirty(r.ID)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.forgetLocked(r.ID)
}

// changeLocked indexes r. A record the index knows already is never put
// back to its first version: whatever was applied since is at least as
// new (or a deletion, which is final). Callers hold mu.
func (x *Index) changeLocked(r records.Record) {
	bid, ok := id.Parse(r.ID)
	if !ok {
		return
	}
	slot, found := x.slotOf(bid)
	if found && r.Version == 1 {
		return
	}
	if !found {
		slot = uint32(len(x.slots))
		x.slots = append(x.slots, slotInfo{id: bid})
		if x.sorted == int(slot) && (slot == 0 || bytes.Compare(x.slots[slot-1].id[:], bid[:]) < 0) {
			x.sorted++
		} else {
			x.extra[bid] = slot
		}
	}
	s := &x.slots[slot]
	s.db = x.dbs[r.Database]
	s.owner = x.ownerCode(r.Owner)
	s.flags = 0
	if r.Status == records.StatusActive {
		s.flags = flagLive
	}
	schema := schemaOf(r)
	if schema == nil {
		return
	}
	for _, p := range schema.Properties {
		if p.Type != records.TypeIdentifier {
			continue
		}
		for _, v := range r.Properties[p.Name] {
			x.idents.insert(x.identHash(p.Kind, v), slot)
		}
	}
	if nameIndexed[schema.Name] {
		x.indexPerson(slot, r)
	}
}

// forgetLocked drops a deleted record. Callers hold mu.
func (x *Index) forgetLocked(recordID string) {
	bid, ok := id.Parse(recordID)
	if !ok {
		return
	}
	if slot, found := x.slotOf(bid); found {
		x.slots[slot].flags = 0
		x.forgetPerson(slot)
	}
}

func schemaOf(r records.Record) *records.Schema {
	d, ok := records.DatabaseByID(r.Database)
	if !ok {
		return nil
	}
	s, _ := d.Schema(r.Schema)
	return s
}

// slotOf finds a record's slot. Callers hold the lock.
func (x *Index) slotOf(bid id.Binary) (uint32, bool) {
	i := sort.Search(x.sorted, func(i int) bool { return bytes.Compare(x.slots[i].id[:], bid[:]) >= 0 })
	if i < x.sorted && x.slots[i].id == bid {
		return uint32(i), true
	}
	s, ok := x.extra[bid]
	return s, ok
}

func (x *Index) ownerCode(c string) uint16 {
	code, ok := x.owners[c]
	if !ok {
		code = uint16(len(x.owners) + 1)
		x.owners[c] = code
	}
	return code
}

// identKinds gives each identifier kind a byte of the hash, so that the same
// characters as a VIN and as a plate are different keys.
var identKinds = map[records.Kind]byte{}

func init() {
	for i, k := range []records.Kind{
		records.KindDocumentNumber, records.KindVIN, records.KindPlate, records.KindIMO, records.KindSerial,
		records.KindHullID, records.KindNoticeID, records.KindCaseNumber, records.KindNationalID,
		records.KindObjectID, records.KindSHA256, records.KindMD5, records.KindPDQ,
	} {
		identKinds[k] = byte(i + 1)
	}
}

// hexKinds are matched exactly; the others also through look-alike
// characters (O/0, I/1), the common misreadings of documents and plates.
var hexKinds = map[records.Kind]bool{records.KindSHA256: true, records.KindMD5: true, records.KindPDQ: true}

// identKey is the form an identifier is hashed in: the weaker look-alike key,
// so that one probe finds exact and look-alike matches alike; the search
// service tells them apart.
func identKey(k records.Kind, v string) string {
	if hexKinds[k] {
		return identifiers.NormalizeIdentifier(v)
	}
	return identifiers.LookalikeKey(v)
}

func (x *Index) identHash(k records.Kind, v string) uint32 {
	var h maphash.Hash
	h.SetSeed(x.seed)
	h.WriteByte(identKinds[k])
	h.WriteString(identKey(k, v))
	return fingerprint(h.Sum64())
}

// Candidate is a record the index proposes for a query.
type Candidate struct {
	ID       string
	Database string
}

// LookupIdentifier returns the live records of the given databases that may
// carry identifier v of kind k (callers confirm against the record).
func (x *Index) LookupIdentifier(k records.Kind, v string, databases []string) []Candidate {
	fp := x.identHash(k, v)
	want := x.dbSet(databases)
	var out []Candidate
	x.mu.RLock()
	defer x.mu.RUnlock()
	x.idents.lookup(fp, func(slot uint32) {
		s := x.slots[slot]
		if s.flags&flagLive != 0 && want[s.db] {
			out = append(out, Candidate{ID: s.id.String(), Database: records.Databases()[s.db].ID})
		}
	})
	return out
}

// CountIdentifier is LookupIdentifier without building the answer: the
// hot path of first-line checks and of the benchmark.
func (x *Index) CountIdentifier(k records.Kind, v string) int {
	fp := x.identHash(k, v)
	n := 0
	x.mu.RLock()
	x.idents.lookup(fp, func(slot uint32) {
		if x.slots[slot].flags&flagLive != 0 {
			n++
		}
	})
	x.mu.RUnlock()
	return n
}

func (x *Index) dbSet(databases []string) [32]bool {
	var set [32]bool
	for _, d := range databases {
		if i, ok := x.dbs[d]; ok {
			set[i] = true
		}
	}
	return set
}

// Stats describes the index's size.
type Stats struct {
	Records         int
	Identifiers     int
	IdentifierBytes int
	SlotBytes       int
	People          int
	NameKeys        int
}

// Stats returns the index's size.
func (x *Index) Stats() Stats {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return Stats{
		Records: len(x.slots), Identifiers: x.idents.live, IdentifierBytes: x.idents.bytes(),
		SlotBytes: cap(x.slots) * 20, People: len(x.people.at), NameKeys: len(x.people.keys),
	}
}
