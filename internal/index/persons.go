package index

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/names"
	"github.com/ncbnet/ncbnet/internal/records"
)

// nameIndexed are the schemas searched by name: persons, organisations and
// vessels (a check may give a vessel by its name).
var nameIndexed = map[string]bool{"Person": true, "Organization": true, "Vessel": true}

// personIndex is the inverted index of names: person-like records are
// numbered densely (ordinals), apart from slots, so that a search's working
// memory grows with the persons and not with every document of the index.
type personIndex struct {
	keys    map[string][]uint32 // name key → ordinals of the persons who have it
	entries []personEntry       // by ordinal
	// dbs holds, by ordinal, the database of a live record, or
	// notSearchable: a search filters its candidates on it before it
	// chooses which to score, without touching the entries.
	dbs []uint8
	// born holds, by ordinal, names.PreparedPerson.PackedBirthDate, so that
	// the birth-date test of a match-only search reads 4 bytes a candidate.
	born []int32
	// byMonth splits the long posting lists by birth month (years.go).
	byMonth map[string]map[int32][]uint32
	at      map[uint32]uint32 // slot → ordinal
}

const notSearchable = 0xFF

func newPersonIndex() personIndex {
	return personIndex{keys: map[string][]uint32{}, byMonth: map[string]map[int32][]uint32{}, at: map[uint32]uint32{}}
}

// personEntry is what name search scores a candidate on, parsed once when
// the record is indexed and kept in memory, so that scoring hundreds of
// candidates needs no store access and no parsing.
type personEntry struct {
	slot   uint32
	person names.PreparedPerson
}

// maxScored bounds how many candidates one name query scores: those sharing
// the rarest name keys with the query (a very common name can share a key
// with a large part of the database).
const maxScored = 2000

// MaxNames bounds the names (name, then alias values, in that order) of a
// record that are indexed and scored: the first MaxNames; likewise its birth
// dates and its nationalities (nationality, then country). Scoring costs
// the query's names times the candidate's, for each of up to maxScored
// candidates: a record of 200 aliases would make every search that meets it
// 20 times dearer, and a person is not known under more than a handful of
// names. Names beyond the first MaxNames are kept in the record, not found
// by name search.
const MaxNames = 10

// scoreChunk is how many candidates are scored between two looks at the
// search's context.
const scoreChunk = 64

// personOf is what name search compares of a record: at most MaxNames
// names, birth dates and nationalities.
func personOf(r records.Record) names.Person {
	first := func(vs []string) []string { return vs[:min(len(vs), MaxNames)] }
	p := names.Person{
		Names:         first(slices.Concat(r.Properties["name"], r.Properties["alias"])),
		BirthDates:    first(r.Properties["birthDate"]),
		Nationalities: first(slices.Concat(r.Properties["nationality"], r.Properties["country"])),
	}
	if g := r.Properties["gender"]; len(g) > 0 {
		p.Gender = g[0]
	}
	return p
}

// indexPerson indexes a created or changed person-like record. A changed
// record keeps its ordinal; keys it no longer has stay in the postings
// until the next rebuild, where scoring finds they no longer match.
// Callers hold the write lock and have set the slot's flags.
func (x *Index) indexPerson(slot uint32, r records.Record) {
	px := &x.people
	p := personOf(r)
	o, changed := px.at[slot]
	if !changed {
		o = uint32(len(px.entries))
		px.entries = append(px.entries, personEntry{})
		px.dbs = append(px.dbs, notSearchable)
		px.born = append(px.born, 0)
		px.at[slot] = o
	}
	px.entries[o] = personEntry{slot: slot, person: names.PreparePerson(p)}
	oldBorn := px.born[o]
	px.born[o] = px.entries[o].person.PackedBirthDate()
	px.dbs[o] = notSearchable
	if s := x.slots[slot]; s.flags&flagLive != 0 {
		px.dbs[o] = s.db
	}
	var keys []string
	for _, n := range p.Names {
		for _, k := range names.Keys(n) {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	for _, k := range keys {
		list := px.keys[k]
		if changed && slices.Contains(list, o) {
			if monthOf(oldBorn) != monthOf(px.born[o]) {
				px.refile(k, o, oldBorn)
			}
			continue
		}
		px.keys[k] = append(list, o)
		px.keepByMonth(k, o)
	}
}

// forgetPerson drops a deleted record's name features. Its ordinal is
// never reused, so that postings still pointing at it find it gone.
// Callers hold the write lock.
func (x *Index) forgetPerson(slot uint32) {
	px := &x.people
	if o, ok := px.at[slot]; ok {
		px.entries[o] = personEntry{slot: slot}
		px.dbs[o] = notSearchable
		delete(px.at, slot)
	}
}

// bornApart reports whether a candidate cannot match a dated match-only
// query because every birth date of the two contradicts: from its packed
// date when it has one, else from all of them.
func bornApart(dated bool, born int32, q, c *names.PreparedPerson) bool {
	switch {
	case !dated || born == 0:
		return false
	case born < 0:
		return q.DatesContradict(c)
	}
	return q.ContradictsPacked(born)
}

// Scored is a candidate with its score and the reasons for it.
type Scored struct {
	Candidate
	Score       float64
	Explanation []string
}

// maxWeight caps the summed key weight of a candidate (see keyWeight);
// the bit above marks a candidate that a near key has raised.
const (
	maxWeight   = 1<<12 - 1
	nearBoosted = 1 << 12
)

// keyWeight is what sharing a key with the query counts for, by how rare
// the key is among the persons (inverse document frequency): 1 + 8·log2 of
// persons/postings, so a key shared by every person counts 1 and one
// borne by one person in a million about 160. A name has at most 2·12
// keys, so a one-name query stays below maxWeight; sums are capped there.
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
	chosen  []chosen
	rank    []ranked
}

var scratches = sync.Pool{New: func() any { return new(searchScratch) }}

// chosen is a candidate to score, copied out of the index so that scoring
// runs without its lock: a record's prepared person is never changed in
// place (a change replaces it), so the copy stays whole whatever happens to
// the record meanwhile.
type chosen struct {
	ordinal uint32
	db      uint8
	id      id.Binary
	person  names.PreparedPerson
}

type ranked struct {
	at    int // in chosen
	score float64
}

// queryKey is a name key of the query with its posting list.
type queryKey struct {
	postings []uint32
	weight   uint16
}

// SearchPeople scores the live person-like records of the given databases
// that p may see against q and returns the best, at most limit, best first.
// Records whose owner's restrictions hide them from p (access.Sees) are left
// out before the candidates are chosen, so they neither crowd visible ones
// out nor show in the count.
//
// Candidates are the persons sharing a name key with the query, weighed by
// how rare the keys they share are (sharing Lavrov counts for far more
// than sharing Sergei), and raised once more if they also have a skeleton
// key one edit away from one of the query's (see nearKeys). The maxScored
// heaviest are scored with names.PreparedPerson.ScoreOnly, and the ones
// returned explained with Score. The postings of every query key are read,
// the rarest first: reading is cheap (a counter per person, no map, no
// allocation), scoring is what costs.
//
// Only choosing the candidates holds the index's read lock; they are
// copied out and scored without it, so that a long search never holds back
// a writer (and the searches queued behind it). Scoring looks at ctx every
// scoreChunk candidates and gives up with ctx's error when it is done.
func (x *Index) SearchPeople(ctx context.Context, p access.Principal, q names.Person, databases []string, limit int) ([]Scored, error) {
	return x.searchPeople(ctx, p, q, databases, limit, false)
}

// MatchPeople is SearchPeople for matches alone (a check at a border),
// which also proposes the records that p would be told to refer to its
// NCB for (access.Refers): a
// candidate whose birth dates all contradict the query's, which cannot
// reach names.MatchThreshold, is dropped before the heaviest are chosen,
// so that with a birth date given (as on every travel document) far fewer
// candidates are scored, and the room among the heaviest goes to those
// that can match.
func (x *Index) MatchPeople(ctx context.Context, p access.Principal, q names.Person, databases []string, limit int) ([]Scored, error) {
	return x.searchPeople(ctx, p, q, databases, limit, true)
}

func (x *Index) searchPeople(ctx context.Context, p access.Principal, q names.Person, databases []string, limit int, matchOnly bool) ([]Scored, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
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
	var only *names.PreparedPerson
	if matchOnly {
		only = &pq
	}
	cands := x.choose(sc, p, keyText, want, only)
	defer func() { clear(cands); sc.chosen = cands[:0] }() // keep no record in the pool

	rank := sc.rank[:0]
	defer func() { sc.rank = rank[:0] }()
	for i := range cands {
		if i%scoreChunk == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rank = append(rank, ranked{i, pq.ScoreOnly(cands[i].person)})
	}
	slices.SortFunc(rank, func(a, b ranked) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return int(cands[a.at].ordinal) - int(cands[b.at].ordinal)
	})
	if len(rank) > limit {
		rank = rank[:max(limit, 0)]
	}
	if matchOnly {
		// Only matches are asked for: the rest need no explaining.
		n := 0
		for n < len(rank) && rank[n].score >= names.MatchThreshold {
			n++
		}
		rank = rank[:n]
	}
	out := make([]Scored, 0, len(rank))
	for i, r := range rank {
		if i%scoreChunk == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		c := &cands[r.at]
		score, why := pq.Score(c.person)
		out = append(out, Scored{Candidate: Candidate{ID: c.id.String(), Database: records.Databases()[c.db].ID}, Score: score, Explanation: why})
	}
	return out, nil
}

// choose finds the candidates of a query of the given name keys: the
// maxScored heaviest live persons of the databases wanted that p may see
// (and, with matchOf set, whose birth dates do not contradict its), copied
// into sc.chosen. It holds the read lock.
func (x *Index) choose(sc *searchScratch, p access.Principal, keyText []string, want [32]bool, matchOf *names.PreparedPerson) []chosen {
	x.mu.RLock()
	defer x.mu.RUnlock()
	px := &x.people
	persons := len(px.entries)
	// A match-only query with a birth date reads only the persons born in
	// its years (and those without one) of a long list; each part weighs
	// what the whole key does.
	var months []int32
	if matchOf != nil {
		months = monthsFor(matchOf.PackedBirthDates())
	}
	keys := make([]queryKey, 0, 4*len(keyText))
	var parts [][]uint32
	for _, k := range keyText {
		if list := px.keys[k]; len(list) > 0 {
			w := keyWeight(len(list), persons)
			parts = px.postings(k, months, parts[:0])
			for _, part := range parts {
				keys = append(keys, queryKey{postings: part, weight: w})
			}
		}
	}
	exact := len(keys)
	byRarity := func(a, b queryKey) int { return len(a.postings) - len(b.postings) }
	slices.SortFunc(keys[:exact], byRarity)
	if len(sc.weight) < persons {
		sc.weight = make([]uint16, persons+persons/8)
	}
	weight, touched := sc.weight, sc.touched[:0]
	for _, k := range keys[:exact] {
		for _, o := range k.postings {
			w := weight[o]
			if w == 0 {
				touched = append(touched, o)
			}
			weight[o] = min(w+k.weight, maxWeight)
		}
	}
	// Near keys only raise candidates already touched, to choose the
	// heaviest: a match-only query that touched no more than it scores
	// anyway needs none.
	if matchOf == nil || len(touched) > maxScored {
		for _, k := range keyText {
			if !joined(k, keyText) {
				keys = x.nearKeys(keys, k, keyText, months)
			}
		}
	}
	slices.SortFunc(keys[exact:], byRarity)
	for _, k := range keys[exact:] {
		for _, o := range k.postings {
			if w := weight[o]; w != 0 && w&nearBoosted == 0 {
				weight[o] = min(w+k.weight, maxWeight) | nearBoosted
			}
		}
	}
	// Only live records of the databases asked for, that p may see, compete
	// for scoring.
	restricted := len(x.restricted) > 0
	kept := touched[:0]
	for _, o := range touched {
		if db := px.dbs[o]; db != notSearchable && want[db] && (!restricted || x.sees(p, px.entries[o].slot, matchOf != nil)) && !bornApart(months != nil, px.born[o], matchOf, &px.entries[o].person) {
			kept = append(kept, o)
		} else {
			weight[o] = 0
		}
	}
	touched = kept
	if matchOf != nil {
		touched = sc.sharingEnough(touched)
	}
	cands := sc.chosen[:0]
	for _, o := range sc.heaviest(touched) {
		e := &px.entries[o]
		s := &x.slots[e.slot]
		cands = append(cands, chosen{ordinal: o, db: s.db, id: s.id, person: e.person})
	}
	for _, o := range touched {
		weight[o] = 0
	}
	sc.touched = touched[:0]
	return cands
}

// joined reports whether key k is two other keys of the query written as
// one word (LPRP and SRK give LPRPSRK; a class at the seam may merge:
// PN and NKLP give PNKLP). Near keys of such keys would only reward
// namesakes who write the two words in the same order as the query.
func joined(k string, keys []string) bool {
	for _, a := range keys {
		if len(a) >= len(k) || a == "" || !strings.HasPrefix(k, a) {
			continue
		}
		rest := k[len(a):]
		for _, b := range keys {
			if b == rest || len(b) == len(rest)+1 && b[0] == a[len(a)-1] && b[1:] == rest {
				return true
			}
		}
	}
	return false
}

// skeletonClasses are the letters of the consonant skeletons in name keys.
const skeletonClasses = "PKSJTLRMN"

// nearKeys appends to keys the index's keys one edit (a class left out,
// added or replaced) away from the query's skeleton key k, those not
// already in keys. A typo in a
// consonant changes the skeleton (Bansal PNSL, Banbsal PNPSL; Takahashi
// TKJ, Talahashi TLJ), and the query then shares only its other, often
// very common, keys with the person meant: among thousands of Priyas the
// one whose family name is a near key is raised above the rest. Near keys
// only raise candidates an exact key found, once each, so that they never
// crowd the candidates out, and only near keys of query keys borne by at
// most 1 % of the persons: a typo rarely makes a common name, and near a
// common key (Cheng, Chen, Jing) a boost would only reshuffle namesakes.
// Lookups only: the index holds no extra keys. Spelling keys (lower case,
// short tokens) are left alone.
func (x *Index) nearKeys(keys []queryKey, k string, keyText []string, months []int32) []queryKey {
	px := &x.people
	persons := len(px.entries)
	if len(k) < 2 || k[0] < 'A' || k[0] > 'Z' || len(px.keys[k]) > persons/100 {
		return keys
	}
	// A near key counts half of what it would as an exact key, and never
	// more than half of what the query's own key counts: sharing a rare
	// near key (Ivanovsky) must not outweigh sharing a common exact one
	// (Ivanov).
	limit := keyWeight(max(1, len(px.keys[k])), persons)
	var buf [64]byte
	var parts [][]uint32
	try := func(b []byte) {
		list := px.keys[string(b)]
		if len(list) == 0 {
			return
		}
		for _, own := range keyText {
			if own == string(b) {
				return // one of the query's own keys: counted in full already
			}
		}
		for _, have := range keys {
			if len(have.postings) > 0 && &have.postings[0] == &list[0] {
				return
			}
		}
		w := max(1, min(keyWeight(len(list), persons), limit)/2)
		var split map[int32][]uint32
		if months != nil && len(list) >= splitFrom {
			split = px.byMonth[string(b)]
		}
		parts = partsOf(list, split, months, parts[:0])
		for _, part := range parts {
			if len(part) > 0 {
				keys = append(keys, queryKey{postings: part, weight: w})
			}
		}
	}
	if len(k)+1 > len(buf) {
		return keys
	}
	for i := 0; i <= len(k); i++ {
		if i < len(k) { // left out
			try(append(append(buf[:0], k[:i]...), k[i+1:]...))
		}
		for c := 0; c < len(skeletonClasses); c++ {
			cl := skeletonClasses[c]
			if i < len(k) && cl != k[i] { // replaced
				b := append(buf[:0], k...)
				b[i] = cl
				try(b)
			}
			if (i == 0 || k[i-1] != cl) && (i == len(k) || k[i] != cl) { // added
				try(append(append(append(buf[:0], k[:i]...), cl), k[i:]...))
			}
		}
	}
	return keys
}

// heaviest returns the maxScored touched ordinals of the largest weight
// (all of them when there are no more), in touched order: a histogram of
// the weights gives the lightest weight taken, and ties at that weight are
// taken first come, which is rarest key first.
// matchShare is the part of the heaviest candidate's key weight that a
// candidate of a match-only query must share to be scored: a match shares
// most of the query's name, and one that shares a third of what the best
// shares does not reach the threshold (measured with ncbnet's synthetic
// persons and their variants, dated queries at a million: recall 98.7 %
// with or without the cut, and 40 % less time).
const matchShare = 3

// sharingEnough keeps the candidates whose weight is at least 1/matchShare
// of the heaviest's, in place; the others' weights are cleared.
func (sc *searchScratch) sharingEnough(touched []uint32) []uint32 {
	best := uint16(0)
	for _, o := range touched {
		best = max(best, sc.weight[o]&maxWeight)
	}
	kept := touched[:0]
	for _, o := range touched {
		if int(sc.weight[o]&maxWeight)*matchShare >= int(best) {
			kept = append(kept, o)
		} else {
			sc.weight[o] = 0
		}
	}
	return kept
}

func (sc *searchScratch) heaviest(touched []uint32) []uint32 {
	if len(touched) <= maxScored {
		return touched
	}
	hist := &sc.hist
	clear(hist[:])
	for _, o := range touched {
		hist[sc.weight[o]&maxWeight]++
	}
	cut, above := maxWeight, int32(0)
	for ; cut > 0 && above+hist[cut] < maxScored; cut-- {
		above += hist[cut]
	}
	atCut := int32(maxScored) - above // how many of weight cut to take
	out := sc.cands[:0]
	for _, o := range touched {
		switch w := int(sc.weight[o] & maxWeight); {
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

// PersonOf is what the name index keeps of a person-like record: its
// first MaxNames names, birth dates and nationalities, and its gender.
func PersonOf(r records.Record) names.Person { return personOf(r) }

// NameIndexed reports whether records of schema are found by name.
func NameIndexed(schema string) bool { return nameIndexed[schema] }
