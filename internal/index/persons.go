package index

import (
	"math"
	"slices"
	"sync"

	"github.com/ncbnet/ncbnet/internal/names"
	"github.com/ncbnet/ncbnet/internal/records"
)

// nameIndexed are the schemas searched by name.
var nameIndexed = map[string]bool{"Person": true, "Organization": true}

// personEntry is what name search scores a candidate on, parsed once when
// the record is indexed and kept in memory, so that scoring hundreds of
// candidates needs no store access and no parsing. Entries are numbered
// densely (ordinals), apart from slots, so that a search's working memory
// grows with the persons and not with every document of the index.
type personEntry struct {
	slot   uint32
	gone   bool // the record was deleted
	person names.PreparedPerson
}

// maxScored bounds how many candidates one name query scores: those sharing
// the rarest name keys with the query (a very common name can share a key
// with a large part of the database).
const maxScored = 2000

// personOf is what name search compares of a record.
func personOf(r records.Record) names.Person {
	p := names.Person{
		Names:         slices.Concat(r.Properties["name"], r.Properties["alias"]),
		BirthDates:    r.Properties["birthDate"],
		Nationalities: slices.Concat(r.Properties["nationality"], r.Properties["country"]),
	}
	if g := r.Properties["gender"]; len(g) > 0 {
		p.Gender = g[0]
	}
	return p
}

// indexPerson indexes a created or changed person-like record. A changed
// record keeps its ordinal; keys it no longer has stay in the postings
// until the next rebuild, where scoring finds they no longer match.
// Callers hold the write lock.
func (x *Index) indexPerson(slot uint32, r records.Record) {
	p := personOf(r)
	o, changed := x.personAt[slot]
	if !changed {
		o = uint32(len(x.people))
		x.people = append(x.people, personEntry{slot: slot})
		x.personAt[slot] = o
	}
	x.people[o] = personEntry{slot: slot, person: names.PreparePerson(p)}
	for _, n := range p.Names {
		for _, k := range names.Keys(n) {
			list := x.names[k]
			if len(list) > 0 && list[len(list)-1] == o || changed && slices.Contains(list, o) {
				continue
			}
			x.names[k] = append(list, o)
		}
	}
}

// forgetPerson drops a deleted record's name features. Its ordinal is
// never reused, so that postings still pointing at it find it gone.
// Callers hold the write lock.
func (x *Index) forgetPerson(slot uint32) {
	if o, ok := x.personAt[slot]; ok {
		x.people[o] = personEntry{slot: slot, gone: true}
		delete(x.personAt, slot)
	}
}

// Scored is a candidate with its score and the reasons for it.
type Scored struct {
	Candidate
	Score       float64
	Explanation []string
}

// maxWeight caps the summed key weight of a candidate (see keyWeight).
const maxWeight = 4095

// keyWeight is what sharing a key with the query counts for, by how rare
// the key is among the persons (inverse document frequency): 1 + 8·log2 of
// persons/postings, so a key shared by every person counts 1 and one
// borne by one person in a million about 160. A name has at most 2·12
// keys, so sums stay below maxWeight.
func keyWeight(postings, persons int) uint16 {
	if postings <= 0 || persons <= postings {
		return 1
	}
	return uint16(1 + 8*math.Log2(float64(persons)/float64(postings)))
}

// searchScratch is the working memory of one search, recycled so that a
// search allocates little besides its answer: weight holds, per person
// ordinal, the summed weight of the keys it shares with the query, and
// touched the ordinals with a weight, to be reset after.
type searchScratch struct {
	weight  []uint16
	touched []uint32
	cands   []uint32
	hist    [maxWeight + 1]int32
	rank    []ranked
}

var scratches = sync.Pool{New: func() any { return new(searchScratch) }}

type ranked struct {
	ordinal uint32
	score   float64
}

// queryKey is a name key of the query with its posting list.
type queryKey struct {
	postings []uint32
	weight   uint16
}

// SearchPeople scores the live person-like records of the given databases
// against q and returns the best, at most limit, best first.
//
// Candidates are the persons sharing a name key with the query, weighed by
// how rare the keys they share are (sharing Lavrov counts for far more
// than sharing Sergei); the maxScored heaviest are scored with
// names.PreparedPerson.ScoreOnly, and the ones returned explained with
// Score. The postings of every query key are read, the rarest first:
// reading is cheap (a counter per person, no map), scoring is not.
func (x *Index) SearchPeople(q names.Person, databases []string, limit int) []Scored {
	want := x.dbSet(databases)
	pq := names.PreparePerson(q)
	var keyText []string
	for _, n := range q.Names {
		for _, k := range names.Keys(n) {
			if !slices.Contains(keyText, k) {
				keyText = append(keyText, k)
			}
		}
	}
	sc := scratches.Get().(*searchScratch)
	defer scratches.Put(sc)

	x.mu.RLock()
	defer x.mu.RUnlock()
	keys := make([]queryKey, 0, len(keyText))
	for _, k := range keyText {
		if list := x.names[k]; len(list) > 0 {
			keys = append(keys, queryKey{postings: list, weight: keyWeight(len(list), len(x.people))})
		}
	}
	slices.SortFunc(keys, func(a, b queryKey) int { return len(a.postings) - len(b.postings) })
	if len(sc.weight) < len(x.people) {
		sc.weight = make([]uint16, len(x.people)+len(x.people)/8)
	}
	weight, touched := sc.weight, sc.touched[:0]
	for _, k := range keys {
		for _, o := range k.postings {
			w := weight[o]
			if w == 0 {
				touched = append(touched, o)
			}
			weight[o] = min(w+k.weight, maxWeight)
		}
	}
	cands := sc.heaviest(touched)
	rank := sc.rank[:0]
	for _, o := range cands {
		e := &x.people[o]
		if s := x.slots[e.slot]; !e.gone && s.flags&flagLive != 0 && want[s.db] {
			rank = append(rank, ranked{o, pq.ScoreOnly(e.person)})
		}
	}
	for _, o := range touched {
		weight[o] = 0
	}
	sc.touched = touched[:0]
	slices.SortFunc(rank, func(a, b ranked) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return int(a.ordinal) - int(b.ordinal)
	})
	if len(rank) > limit {
		rank = rank[:max(limit, 0)]
	}
	out := make([]Scored, 0, len(rank))
	for _, r := range rank {
		e := &x.people[r.ordinal]
		score, why := pq.Score(e.person)
		s := x.slots[e.slot]
		out = append(out, Scored{Candidate: Candidate{ID: s.id.String(), Database: records.Databases()[s.db].ID}, Score: score, Explanation: why})
	}
	sc.rank = rank[:0]
	return out
}

// heaviest returns the maxScored touched ordinals of the largest weight
// (all of them when there are no more), in touched order: a histogram of
// the weights gives the lightest weight taken, and ties at that weight are
// taken first come, which is rarest key first.
func (sc *searchScratch) heaviest(touched []uint32) []uint32 {
	if len(touched) <= maxScored {
		return touched
	}
	hist := &sc.hist
	clear(hist[:])
	for _, o := range touched {
		hist[sc.weight[o]]++
	}
	cut, above := maxWeight, int32(0)
	for ; cut > 0 && above+hist[cut] < maxScored; cut-- {
		above += hist[cut]
	}
	atCut := int32(maxScored) - above // how many of weight cut to take
	out := sc.cands[:0]
	for _, o := range touched {
		switch w := int(sc.weight[o]); {
		case w > cut:
			out = append(out, o)
		case w == cut && atCut > 0:
			out = append(out, o)
			atCut--
		}
	}
	sc.cands = out
	return out
}
