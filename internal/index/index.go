package index

import (
	"bytes"
	"hash/maphash"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/identifiers"
	"github.com/ncbnet/ncbnet/internal/records"
)

// slotInfo is what the index keeps of each record: enough to say which
// record a slot is, to skip records of other databases or gone ones without
// touching the store, and to tell whether a change is older than what was
// applied (version). 24 bytes.
type slotInfo struct {
	id      id.Binary
	db      uint8
	flags   uint8
	owner   uint16 // code of the owner country (Index.owners, ownerNames)
	version uint32 // the version last applied
}

const (
	flagLive    uint8 = 1 << iota // the record exists and is active (not blocked, not deleted)
	flagDeleted                   // the record was deleted: final, nothing brings it back
)

// restriction is what the index keeps of a record that has restrictions,
// for access.Sees: the owner country is in the slot.
type restriction struct {
	rs        access.Restrictions
	ownerUnit string
}

// hasRestrictions reports whether rs limits who sees a record at all: a
// record without any is seen by every principal (access.Sees).
func hasRestrictions(rs access.Restrictions) bool {
	return len(rs.Countries) > 0 || len(rs.ExcludedCountries) > 0 || rs.NCBOnly || len(rs.UnitKinds) > 0
}

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
	// ownerNames is owners the other way round (code → country).
	ownerNames []string
	// restricted holds, by slot, the restrictions and owner unit of the
	// records that have restrictions; most have none and cost nothing.
	restricted map[uint32]restriction
	// fields are the indexes that kinds of match keep by slot (field.go),
	// told of every record in fieldOrder; fieldMakers make them anew for
	// a rebuild.
	fields      map[string]Field
	fieldMakers map[string]func() Field
	fieldOrder  []string
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
		// code 0 is no owner
		ownerNames: []string{""},
		restricted: map[uint32]restriction{},
	}
	for i, d := range records.Databases() {
		x.dbs[d.ID] = uint8(i)
	}
	return x
}

var _ records.Observer = (*Index)(nil)

// RecordChanged indexes a created or changed record. A version older than
// the one the index last applied for the record is ignored, and so is any
// change to a record deleted meanwhile. Identifiers a change removed stay in
// the table until the next rebuild; the search service drops such candidates
// when it checks them against the record.
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

// changeLocked indexes r, unless the index has applied a newer version of
// it already, or its deletion (which is final). The same version again is
// applied again, to the same effect. Callers hold mu.
func (x *Index) changeLocked(r records.Record) {
	bid, ok := id.Parse(r.ID)
	if !ok {
		return
	}
	version := uint32(min(max(r.Version, 0), math.MaxUint32))
	slot, found := x.slotOf(bid)
	if found && (x.slots[slot].flags&flagDeleted != 0 || version < x.slots[slot].version) {
		return
	}
	if !found {
		if len(x.slots) > int(maxSlot) {
			panic("BUG: index: more records than slots")
		}
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
	s.version = version
	s.flags = 0
	if r.Status == records.StatusActive {
		s.flags = flagLive
	}
	if hasRestrictions(r.Restrictions) {
		rs := r.Restrictions // a copy of its own: the caller's record is the caller's
		rs.Countries, rs.ExcludedCountries, rs.UnitKinds = slices.Clone(rs.Countries), slices.Clone(rs.ExcludedCountries), slices.Clone(rs.UnitKinds)
		x.restricted[slot] = restriction{rs: rs, ownerUnit: r.OwnerUnit}
	} else {
		delete(x.restricted, slot)
	}
	schema := schemaOf(r)
	if schema == nil {
		return
	}
	x.addFieldsLocked(slot, r)
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
		x.slots[slot].flags = flagDeleted
		delete(x.restricted, slot)
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
		if len(x.ownerNames) > math.MaxUint16 {
			return 0 // cannot happen: owners are member countries
		}
		code = uint16(len(x.ownerNames))
		x.owners[c] = code
		x.ownerNames = append(x.ownerNames, c)
	}
	return code
}

// sees reports whether the owner's restrictions on the record in slot let p
// see it (access.Sees), or, for a check (refer), have p refer to its NCB
// for it (access.Refers: a check at a border point must not pass such a
// record over in silence). Callers hold the lock.
func (x *Index) sees(p access.Principal, slot uint32, refer bool) bool {
	r, ok := x.restricted[slot]
	if !ok {
		return true
	}
	res := access.Resource{Country: x.ownerNames[x.slots[slot].owner], OwnerUnit: r.ownerUnit, Restrictions: r.rs}
	return access.Sees(p, res) || (refer && access.Refers(p, res))
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

// ExactKey is the exact-match form of identifier v of kind k: the IMO
// number's canonical form ("IMO" and the seven digits, whether or not "IMO"
// was typed) for an IMO number that is one, identifiers.NormalizeIdentifier
// otherwise. Two values with the same ExactKey are the same identifier.
func ExactKey(k records.Kind, v string) string {
	if k == records.KindIMO {
		if c, err := identifiers.NormalizeIMO(v); err == nil {
			return c
		}
		return imoPrefixed(identifiers.NormalizeIdentifier(v), "IMO")
	}
	return identifiers.NormalizeIdentifier(v)
}

// LookalikeKey is the form identifier v of kind k is indexed and looked up
// in: the weaker look-alike key of ExactKey (identifiers.LookalikeKey), so
// that one probe finds exact and look-alike matches alike (the search
// service tells them apart); hashes (SHA-256, MD5, PDQ) exactly. The same on
// both sides: "9074729", "IMO 9074729" and "imo9O74729" are one key.
func LookalikeKey(k records.Kind, v string) string {
	switch {
	case hexKinds[k]:
		return identifiers.NormalizeIdentifier(v)
	case k == records.KindIMO:
		if c, err := identifiers.NormalizeIMO(v); err == nil {
			return identifiers.LookalikeKey(c)
		}
		// Not a valid IMO number as typed (a look-alike letter among the
		// digits, a wrong check digit): the look-alike key of what was
		// typed, with the prefix made the same.
		return imoPrefixed(identifiers.LookalikeKey(v), identifiers.LookalikeKey("IMO"))
	}
	return identifiers.LookalikeKey(v)
}

// imoPrefixed returns key with prefix at its start, once.
func imoPrefixed(key, prefix string) string {
	if key == "" {
		return ""
	}
	return prefix + strings.TrimPrefix(key, prefix)
}

func (x *Index) identHash(k records.Kind, v string) uint32 {
	var h maphash.Hash
	h.SetSeed(x.seed)
	h.WriteByte(identKinds[k])
	h.WriteString(LookalikeKey(k, v))
	return fingerprint(h.Sum64())
}

// Candidate is a record the index proposes for a query.
type Candidate struct {
	ID       string
	Database string
}

// MaxCandidates bounds the candidates one LookupIdentifier returns. More
// records than that carrying one identifier (the same serial typed into a
// thousand records, a placeholder number) are noise, not a search: the
// answer would be useless to an officer and costly to load and check.
const MaxCandidates = 1000

// LookupIdentifier returns the live records of the given databases that may
// carry identifier v of kind k and that p may see (access.Sees: the owner's
// restrictions), at most MaxCandidates. Records hidden from p are left out
// before the cut, so they neither take the place of visible ones nor show in
// the count. Callers confirm each candidate against its record.
func (x *Index) LookupIdentifier(p access.Principal, k records.Kind, v string, databases []string) []Candidate {
	return x.lookupIdentifier(p, k, v, databases, false)
}

// CheckIdentifier is LookupIdentifier for a check: it also proposes the
// records that p would be told to refer to its NCB for (access.Refers).
func (x *Index) CheckIdentifier(p access.Principal, k records.Kind, v string, databases []string) []Candidate {
	return x.lookupIdentifier(p, k, v, databases, true)
}

func (x *Index) lookupIdentifier(p access.Principal, k records.Kind, v string, databases []string, refer bool) []Candidate {
	fp := x.identHash(k, v)
	want := x.dbSet(databases)
	var out []Candidate
	x.mu.RLock()
	defer x.mu.RUnlock()
	x.idents.lookup(fp, func(slot uint32) bool {
		s := x.slots[slot]
		if s.flags&flagLive != 0 && want[s.db] && x.sees(p, slot, refer) {
			out = append(out, Candidate{ID: s.id.String(), Database: records.Databases()[s.db].ID})
		}
		return len(out) < MaxCandidates
	})
	return out
}

// CountIdentifier counts the live records, of any database and whoever may
// see them, that may carry identifier v of kind k: the hot path of the
// benchmark and of internal checks. Never show its answer to a user: it
// counts records their restrictions hide.
func (x *Index) CountIdentifier(k records.Kind, v string) int {
	fp := x.identHash(k, v)
	n := 0
	x.mu.RLock()
	x.idents.lookup(fp, func(slot uint32) bool {
		if x.slots[slot].flags&flagLive != 0 {
			n++
		}
		return true
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
	Identifiers     int // identifier entries (an identifier of n records counts n)
	IdentifierBytes int
	SlotBytes       int
	People          int
	NameKeys        int
	Restricted      int // records with restrictions
}

// Stats returns the index's size.
func (x *Index) Stats() Stats {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return Stats{
		Records: len(x.slots), Identifiers: x.idents.entries, IdentifierBytes: x.idents.bytes(),
		SlotBytes: cap(x.slots) * int(unsafe.Sizeof(slotInfo{})), People: len(x.people.at), NameKeys: len(x.people.keys),
		Restricted: len(x.restricted),
	}
}
