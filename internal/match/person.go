package match

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/names"
	"github.com/ncbnet/ncbnet/internal/records"
)

// KindName is the name of the person-name kind.
const KindName = "name"

// nameKind matches the names of persons, organisations and vessels across
// scripts, with birth date, nationality and gender as evidence
// (names.Score), over the index's name index.
type nameKind struct{ x *index.Index }

// Names is the kind of names of person-like records.
func Names(x *index.Index) Kind { return nameKind{x} }

func (nameKind) Name() string { return KindName }

// The properties a name query reads: its names, then its evidence.
var (
	nameProperties = []string{"name", "alias", "firstName", "lastName"}
	nameEvidence   = []string{"birthDate", "nationality", "country", "gender"}
	// nameCandidatesEach is how many candidates a search asks per result
	// shown: the index leaves out what the restrictions hide, so only the
	// few overdue or blocked ones fall after loading (5 loaded and scored
	// 2.5 times the records for the same answers: bench search, 200 → 230
	// searches/s at 300 k persons).
	nameCandidatesEach = 2
	// checkCandidates is more than the few a check shows: records overdue
	// for review are dropped only after (the index does not know review
	// dates).
	checkCandidates = 25
)

func (nameKind) Searchable(s *records.Schema) []string {
	if !index.NameIndexed(s.Name) {
		return nil
	}
	var out []string
	for _, n := range slices.Concat(nameProperties, nameEvidence) {
		if _, ok := s.Property(n); ok {
			out = append(out, n)
		}
	}
	return out
}

func (nameKind) Probes(s *records.Schema, props map[string][]string) []Probe {
	if !index.NameIndexed(s.Name) {
		return nil
	}
	q := PersonQuery(props)
	if len(q.Names) == 0 {
		return nil
	}
	return []Probe{{Field: "name", Person: &q}}
}

// PersonQuery builds the name query from FtM person properties.
func PersonQuery(props map[string][]string) names.Person {
	q := names.Person{
		Names:         slices.Concat(props["name"], props["alias"]),
		BirthDates:    props["birthDate"],
		Nationalities: slices.Concat(props["nationality"], props["country"]),
	}
	if first, last := strings.Join(props["firstName"], " "), strings.Join(props["lastName"], " "); first != "" || last != "" {
		q.Names = append(q.Names, strings.TrimSpace(first+" "+last))
	}
	if g := props["gender"]; len(g) > 0 {
		q.Gender = g[0]
	}
	return q
}

func (k nameKind) Candidates(ctx context.Context, p access.Principal, q Probe, check bool, results int) ([]Candidate, error) {
	if q.Person == nil {
		return nil, nil
	}
	var (
		found []index.Scored
		err   error
	)
	if check {
		found, err = k.x.MatchPeople(ctx, p, *q.Person, q.Databases, checkCandidates)
	} else {
		found, err = k.x.SearchPeople(ctx, p, *q.Person, q.Databases, nameCandidatesEach*results)
	}
	if errors.Is(err, context.Canceled) {
		return nil, err
	}
	if err != nil {
		return nil, fault.Wrap(fault.Timeout, err, "the name search took too long")
	}
	out := make([]Candidate, 0, len(found))
	for _, sc := range found {
		out = append(out, Candidate{ID: sc.ID, Final: true, Score: sc.Score, Why: sc.Explanation, Matched: personFields(q.Field, sc.Explanation)})
	}
	return out, nil
}

// Score rescores a record the index did not score: the engine takes the
// index's scores (Final), so this is for a caller that has the record.
func (nameKind) Score(q Probe, r records.Record) (Score, bool) {
	if q.Person == nil {
		return Score{}, false
	}
	v, why := names.Score(*q.Person, index.PersonOf(r))
	if v <= 0 {
		return Score{}, false
	}
	return Score{Value: v, Why: why, Matched: personFields(q.Field, why)}, true
}

// personFields names the query fields a name match rests on, from the
// matcher's explanation, without repeating the record's data.
func personFields(field string, why []string) []string {
	out := []string{field}
	for _, w := range why {
		switch {
		case strings.HasPrefix(w, "birth date ") && !strings.Contains(w, "contradict"):
			out = union(out, []string{"birthDate"})
		case strings.HasPrefix(w, "nationality ") && strings.Contains(w, " shared"):
			out = union(out, []string{"nationality"})
		}
	}
	return out
}
