package index

import (
	"slices"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/records"
)

// Field is the index a kind of match keeps of the records' properties (a
// free-text index, a Hamming-distance index of image hashes, …), by slot:
// the Index owns the slots, whether each record is live, its database,
// owner and restrictions, its rebuilds and the events that keep it
// current, and tells the field of each record it indexes.
//
// A field is told of every version of a record (Add, under the index's
// write lock) and never of its removal: a slot whose record is deleted or
// no longer live is skipped by Find, and what a change removed stays in the
// field until the next rebuild, as identifiers do (the engine scores every
// candidate against its record).
type Field interface {
	// Add indexes record r, which the index keeps in slot.
	Add(slot uint32, r records.Record)
}

// FieldReader is what a field's lookup sees of the index: the slots it
// offers are kept when live, of the databases asked and visible to the
// principal, until enough are kept.
type FieldReader interface {
	// Offer proposes slot with the field's score for it; it returns false
	// once enough candidates are kept.
	Offer(slot uint32, score float64) bool
	// Slots is how many slots the index has: a field may size its working
	// memory by it.
	Slots() int
}

// AddField registers a field under a name, made by make: the index makes
// a fresh one for every rebuild. Register fields before the index is
// filled (at start, before Rebuild).
func (x *Index) AddField(name string, make func() Field) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.fieldMakers == nil {
		x.fieldMakers = map[string]func() Field{}
		x.fields = map[string]Field{}
	}
	x.fieldMakers[name] = make
	x.fields[name] = make()
	x.fieldOrder = append(x.fieldOrder, name)
}

// addFieldsLocked tells every field of r. Callers hold mu.
func (x *Index) addFieldsLocked(slot uint32, r records.Record) {
	for _, name := range x.fieldOrder {
		x.fields[name].Add(slot, r)
	}
}

// freshFields makes new fields for a rebuild.
func (x *Index) freshFields() (map[string]Field, map[string]func() Field, []string) {
	fields := make(map[string]Field, len(x.fieldMakers))
	for name, make := range x.fieldMakers {
		fields[name] = make()
	}
	return fields, x.fieldMakers, slices.Clone(x.fieldOrder)
}

// Find runs look over the field registered as name, under the index's read
// lock, and returns the candidates it offered that are live, of the given
// databases and visible to p (or, with refer, that p would be referred to
// its NCB for: access.Refers), at most limit, in the order offered. A
// field offers its best first.
func (x *Index) Find(name string, p access.Principal, databases []string, refer bool, limit int, look func(f Field, r FieldReader)) []Scored {
	want := x.dbSet(databases)
	x.mu.RLock()
	defer x.mu.RUnlock()
	f, ok := x.fields[name]
	if !ok || limit <= 0 {
		return nil
	}
	k := &keeper{x: x, p: p, want: want, refer: refer, limit: min(limit, MaxCandidates), seen: map[uint32]bool{}}
	look(f, k)
	return k.out
}

// keeper keeps what a field offers.
type keeper struct {
	x     *Index
	p     access.Principal
	want  [32]bool
	refer bool
	limit int
	seen  map[uint32]bool
	out   []Scored
}

func (k *keeper) Offer(slot uint32, score float64) bool {
	if len(k.out) >= k.limit {
		return false
	}
	if int(slot) >= len(k.x.slots) || k.seen[slot] {
		return true
	}
	k.seen[slot] = true
	s := k.x.slots[slot]
	if s.flags&flagLive != 0 && k.want[s.db] && k.x.sees(k.p, slot, k.refer) {
		k.out = append(k.out, Scored{Candidate: Candidate{ID: s.id.String(), Database: records.Databases()[s.db].ID}, Score: score})
	}
	return len(k.out) < k.limit
}

func (k *keeper) Slots() int { return len(k.x.slots) }
