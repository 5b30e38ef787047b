package index

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/names"
	"github.com/ncbnet/ncbnet/internal/records"
)

func search(t *testing.T, x *Index, p access.Principal, q names.Person, dbs []string, limit int) []Scored {
	t.Helper()
	res, err := x.SearchPeople(context.Background(), p, q, dbs, limit)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func person(ids *id.Generator, name, born string) records.Record {
	return records.Record{ID: ids.New(), Database: "nominal", Schema: "Person", Owner: "FRA", Status: records.StatusActive,
		Properties: map[string][]string{"name": {name}, "birthDate": {born}}}
}

func TestSearchPeopleFollowsChanges(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	lavrov := person(ids, "Сергей Викторович Лавров", "1950-03-21")
	other := person(ids, "Sergei Ivanov", "1953-01-31")
	x.RecordChanged(lavrov)
	x.RecordChanged(other)
	find := func(name string) []Scored {
		return search(t, x, fraOfficer, names.Person{Names: []string{name}}, []string{"nominal"}, 10)
	}
	if res := find("Sergei Lavrov"); len(res) == 0 || res[0].ID != lavrov.ID || res[0].Score < names.MatchThreshold {
		t.Fatalf("Sergei Lavrov: %+v", res)
	}
	if res := search(t, x, fraOfficer, names.Person{Names: []string{"Sergei Lavrov"}}, []string{"sltd"}, 10); len(res) != 0 {
		t.Fatalf("found in another database: %+v", res)
	}
	// A changed name is found under the new name, once.
	lavrov.Properties["name"] = []string{"Sergei Lavrov", "Serguei Lavrov"}
	x.RecordChanged(lavrov)
	res := find("Serguei Lavrov")
	if len(res) != 2 || res[0].ID != lavrov.ID || res[1].ID != other.ID {
		t.Fatalf("after the change: %+v", res)
	}
	lavrov.Status = records.StatusBlocked
	x.RecordChanged(lavrov)
	if res := find("Sergei Lavrov"); len(res) != 1 || res[0].ID != other.ID {
		t.Fatalf("a blocked record is found: %+v", res)
	}
	if res := find("Sergei Ivanov"); len(res) != 1 || res[0].ID != other.ID {
		t.Fatalf("Sergei Ivanov: %+v", res)
	}
	x.RecordDeleted(other)
	if res := find("Sergei Ivanov"); len(res) != 0 {
		t.Fatalf("a deleted record is found: %+v", res)
	}
	if st := x.Stats(); st.People != 1 {
		t.Fatalf("%d people indexed, want 1", st.People)
	}
}

// A typo that changes a consonant changes the name's skeleton key; among
// thousands who share the given name, the person meant is still among the
// candidates scored, raised by the near key.
func TestSearchPeopleFindsTyposAmongNamesakes(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	for i := 0; i < 3*maxScored; i++ {
		x.RecordChanged(person(ids, "Priya Devi"+strconv.Itoa(i%7), "1990-01-01"))
	}
	meant := person(ids, "Priya Agarwal", "1985-06-02")
	x.RecordChanged(meant)
	for i := 0; i < maxScored; i++ {
		x.RecordChanged(person(ids, "Priya Gupta", "1990-01-01"))
	}
	res := search(t, x, fraOfficer, names.Person{Names: []string{"Priya Agsrwal"}}, []string{"nominal"}, 10)
	if len(res) == 0 || res[0].ID != meant.ID {
		t.Fatalf("Priya Agsrwal: %+v", res)
	}
}

// A search of one database is not crowded out by the namesakes of another:
// records are filtered before the candidates to score are chosen.
func TestSearchPeopleFiltersBeforeChoosing(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	for i := 0; i < 2*maxScored; i++ {
		x.RecordChanged(person(ids, "Mohammed Ali", "1970-01-01"))
	}
	wanted := person(ids, "Mohammed Ali", "1981-04-05")
	wanted.Database = "terrorism"
	x.RecordChanged(wanted)
	res := search(t, x, fraOfficer, names.Person{Names: []string{"Muhammad Ali"}}, []string{"terrorism"}, 10)
	if len(res) != 1 || res[0].ID != wanted.ID || res[0].Database != "terrorism" {
		t.Fatalf("%+v", res)
	}
}

// Records hidden from the searcher by their owner's restrictions are left
// out before the candidates are ranked and cut: five FRA-only namesakes do
// not push the visible record out of a search of limit 1, and are not
// counted.
func TestSearchPeopleFiltersByVisibilityBeforeRanking(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	var hidden []string
	for range 5 {
		r := person(ids, "Jean Baptiste Crowdout", "1970-01-01")
		r.OwnerUnit = "fra-ncb"
		r.Restrictions = access.Restrictions{Countries: []string{"FRA"}}
		x.RecordChanged(r)
		hidden = append(hidden, r.ID)
	}
	visible := person(ids, "Jean Baptiste Crowdout", "1971-02-02")
	visible.Owner = "USA"
	x.RecordChanged(visible)
	q := names.Person{Names: []string{"Jean Baptiste Crowdout"}, BirthDates: []string{"1970-01-01"}}
	for _, limit := range []int{1, 10} {
		if res := search(t, x, deuOfficer, q, []string{"nominal"}, limit); len(res) != 1 || res[0].ID != visible.ID {
			t.Fatalf("DEU, limit %d: %+v", limit, res)
		}
	}
	if res := search(t, x, fraOfficer, q, []string{"nominal"}, 10); len(res) != 6 || !slices.Contains(hidden, res[0].ID) {
		t.Fatalf("FRA: %d results", len(res))
	}
	// Many hidden namesakes do not crowd out the visible one either.
	for range 2 * maxScored {
		r := person(ids, "Jean Baptiste Crowdout", "1970-01-01")
		r.Restrictions = access.Restrictions{ExcludedCountries: []string{"DEU"}}
		x.RecordChanged(r)
	}
	if res := search(t, x, deuOfficer, q, []string{"nominal"}, 5); len(res) != 1 || res[0].ID != visible.ID {
		t.Fatalf("DEU among hidden namesakes: %+v", res)
	}
	// The unit that entered a record always sees it; other units of its
	// bureau only as the restrictions allow.
	ncbOnly := person(ids, "Ottokar Unitseen", "1960-05-05")
	ncbOnly.OwnerUnit = "fra-spec"
	ncbOnly.Restrictions = access.Restrictions{NCBOnly: true}
	x.RecordChanged(ncbOnly)
	q = names.Person{Names: []string{"Ottokar Unitseen"}}
	own := access.Principal{ID: "s1", Country: "FRA", UnitID: "fra-spec", UnitKind: access.KindSpecialised, Roles: []access.Role{access.RoleOfficer}}
	other := own
	other.UnitID = "fra-spec-2"
	if res := search(t, x, own, q, []string{"nominal"}, 10); len(res) != 1 {
		t.Fatalf("the owner unit finds %d", len(res))
	}
	if res := search(t, x, other, q, []string{"nominal"}, 10); len(res) != 0 {
		t.Fatalf("another specialised unit finds %d", len(res))
	}
}

// A record's names are indexed and scored up to MaxNames: a record of 200
// aliases costs a search no more than one of ten.
func TestSearchPeopleCapsRecordNames(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	many := make([]string, 200)
	for i := range many {
		many[i] = "Alias" + strconv.Itoa(i) + " Manynames"
	}
	many[150] = "Wolfgang Zyxwvutski"
	for range 3000 {
		r := person(ids, "Manyname Person", "1970-01-01")
		r.Properties["alias"] = many
		x.RecordChanged(r)
	}
	if p := personOf(records.Record{Properties: map[string][]string{"name": many[:5], "alias": many}}); len(p.Names) != MaxNames || p.Names[MaxNames-1] != many[4] {
		t.Fatalf("names kept: %v", p.Names)
	}
	// A query of 41 names (the search service caps the query's names too):
	// before the cap on the record's, 2,000 candidates × 41 × 200 names.
	q := names.Person{Names: []string{"Manyname Person", "Wolfgang Zyxwvutski"}}
	for i := range 39 {
		q.Names = append(q.Names, "Alias"+strconv.Itoa(i*5)+" Manynames")
	}
	start := time.Now()
	res := search(t, x, fraOfficer, q, []string{"nominal"}, 10)
	took := time.Since(start)
	t.Logf("a 41-name search among 3,000 persons of 200 names: %v", took)
	if took > 2*time.Second {
		t.Fatalf("a 41-name search among 3,000 persons of 200 names took %v", took)
	}
	if len(res) == 0 || res[0].Score < names.MatchThreshold {
		t.Fatalf("%+v", res[:min(len(res), 1)])
	}
	// A name beyond the first MaxNames is not searched.
	if res := search(t, x, fraOfficer, names.Person{Names: []string{"Wolfgang Zyxwvutski"}}, []string{"nominal"}, 10); len(res) != 0 {
		t.Fatalf("the 151st name was indexed: %+v", res[0])
	}
}

// errCtx is a context whose Err is decided by a function, called at every
// look SearchPeople takes.
type errCtx struct {
	context.Context
	err func() error
}

func (c errCtx) Err() error { return c.err() }

// A search gives up when its context is done, also in the middle of
// scoring, and scores without holding the index's lock.
func TestSearchPeopleContext(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	for i := range 2 * maxScored {
		x.RecordChanged(person(ids, "Mohammed Ali"+strconv.Itoa(i%5), "1970-01-01"))
	}
	q := names.Person{Names: []string{"Mohammed Ali"}}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := x.SearchPeople(cancelled, fraOfficer, q, []string{"nominal"}, 10); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled search: %v", err)
	}
	// Done after the candidates are chosen: scoring stops.
	looks, locked := 0, 0
	ctx := errCtx{Context: context.Background(), err: func() error {
		looks++
		if !x.mu.TryLock() { // a writer could not get in
			locked++
		} else {
			x.mu.Unlock()
		}
		if looks > 3 {
			return context.DeadlineExceeded
		}
		return nil
	}}
	if _, err := x.SearchPeople(ctx, fraOfficer, q, []string{"nominal"}, 10); !errors.Is(err, context.DeadlineExceeded) || looks != 4 {
		t.Fatalf("a search whose time ran out while scoring: %v after %d looks", err, looks)
	}
	if locked != 0 {
		t.Fatalf("the index was locked at %d of %d looks while scoring", locked, looks)
	}
	ctx.err = func() error {
		looks++
		if !x.mu.TryLock() {
			locked++
		} else {
			x.mu.Unlock()
		}
		return nil
	}
	looks = 0
	if res, err := x.SearchPeople(ctx, fraOfficer, q, []string{"nominal"}, 10); err != nil || len(res) != 10 || looks < maxScored/scoreChunk || locked != 0 {
		t.Fatalf("%d results, %v, %d looks, %d locked", len(res), err, looks, locked)
	}
}

func TestHeaviest(t *testing.T) {
	sc := new(searchScratch)
	sc.weight = make([]uint16, 3*maxScored)
	var touched []uint32
	for o := range uint32(3 * maxScored) {
		sc.weight[o] = uint16(1 + o%3) // a third each of weights 1, 2 and 3
		if o%2 == 0 {
			sc.weight[o] |= nearBoosted // the flag does not count
		}
		touched = append(touched, o)
	}
	got := sc.heaviest(touched)
	n := map[uint16]int{}
	for _, o := range got {
		n[sc.weight[o]&maxWeight]++
	}
	if len(got) != maxScored || n[3] != maxScored {
		t.Fatalf("%d candidates, by weight %v", len(got), n)
	}
	if short := touched[:10]; len(sc.heaviest(short)) != 10 {
		t.Fatal("fewer candidates than the limit are not all kept")
	}
}

func TestJoinedKeys(t *testing.T) {
	keys := []string{"SRK", "SRKLPRP", "LPRP", "PN", "PNKLP", "NKLP", "JNK", "JNKJN", "JN"}
	for k, want := range map[string]bool{"SRKLPRP": true, "PNKLP": true, "JNKJN": true, "SRK": false, "LPRP": false, "JNK": false} {
		if got := joined(k, keys); got != want {
			t.Errorf("joined(%s) = %v", k, got)
		}
	}
}
