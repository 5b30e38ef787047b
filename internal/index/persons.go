package index

import (
	"slices"

	"github.com/ncbnet/ncbnet/internal/names"
	"github.com/ncbnet/ncbnet/internal/records"
)

// nameIndexed are the schemas searched by name.
var nameIndexed = map[string]bool{"Person": true, "Organization": true}

// personEntry is what name search scores a candidate on, parsed once when
// the record is indexed and kept in memory, so that scoring hundreds of
// candidates needs no store access and no parsing.
type personEntry struct {
	person names.PreparedPerson
}

// maxScored bounds how many candidates one name query scores: those sharing
// the most name keys with the query (a very common name can share a key with
// a large part of the database).
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

func (x *Index) indexPerson(slot uint32, r records.Record) {
	p := personOf(r)
	x.people[slot] = &personEntry{person: names.PreparePerson(p)}
	for _, n := range p.Names {
		for _, k := range names.Keys(n) {
			list := x.names[k]
			if len(list) == 0 || list[len(list)-1] != slot {
				x.names[k] = append(list, slot)
			}
		}
	}
}

// Scored is a candidate with its score and the reasons for it.
type Scored struct {
	Candidate
	Score       float64
	Explanation []string
}

// SearchPeople scores the live person-like records of the given databases
// against q and returns the best, at most limit, best first. Candidates are
// the records sharing a name key with the query; the ones sharing the most
// are scored.
func (x *Index) SearchPeople(q names.Person, databases []string, limit int) []Scored {
	want := x.dbSet(databases)
	x.mu.RLock()
	defer x.mu.RUnlock()
	overlap := map[uint32]int{}
	for _, n := range q.Names {
		for _, k := range names.Keys(n) {
			for _, slot := range x.names[k] {
				s := x.slots[slot]
				if s.flags&flagLive != 0 && want[s.db] {
					overlap[slot]++
				}
			}
		}
	}
	cands := make([]uint32, 0, len(overlap))
	for slot := range overlap {
		cands = append(cands, slot)
	}
	if len(cands) > maxScored {
		slices.SortFunc(cands, func(a, b uint32) int { return overlap[b] - overlap[a] })
		cands = cands[:maxScored]
	}
	// Rank every candidate cheaply, then explain only the ones returned.
	pq := names.PreparePerson(q)
	type ranked struct {
		slot  uint32
		score float64
	}
	rank := make([]ranked, 0, len(cands))
	for _, slot := range cands {
		if e := x.people[slot]; e != nil {
			rank = append(rank, ranked{slot, pq.ScoreOnly(e.person)})
		}
	}
	slices.SortFunc(rank, func(a, b ranked) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return int(a.slot) - int(b.slot)
	})
	if len(rank) > limit {
		rank = rank[:limit]
	}
	out := make([]Scored, 0, len(rank))
	for _, r := range rank {
		score, why := pq.Score(x.people[r.slot].person)
		s := x.slots[r.slot]
		out = append(out, Scored{Candidate: Candidate{ID: s.id.String(), Database: records.Databases()[s.db].ID}, Score: score, Explanation: why})
	}
	return out
}
