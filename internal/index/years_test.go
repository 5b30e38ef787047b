package index

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/names"
	"github.com/ncbnet/ncbnet/internal/records"
)

func match(t *testing.T, x *Index, q names.Person) map[string]bool {
	t.Helper()
	res, err := x.MatchPeople(context.Background(), fraOfficer, q, []string{"nominal"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, r := range res {
		if r.Score >= names.MatchThreshold {
			out[r.ID] = true
		}
	}
	return out
}

// A common name held by thousands: a match-only query with a birth date
// finds the ones born that year, those without a birth date and those with
// several, including persons added after the list was ordered and a person
// whose birth date changed, and never one born in another year.
func TestMatchPeopleByBirthYear(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	for i := range 3000 {
		x.RecordChanged(person(ids, fmt.Sprintf("Mohammed Ali %c%c", 'A'+i%26, 'A'+i/26%26), fmt.Sprintf("%d-01-01", 1940+i%60)))
	}
	if len(x.people.byMonth) == 0 {
		t.Fatal("no posting list was split by birth month")
	}
	months := monthsFor([]int32{1977<<9 | 6<<5 | 15})
	for k := range x.people.byMonth {
		full := len(x.people.keys[k])
		read := 0
		for _, part := range x.people.postings(k, months, nil) {
			read += len(part)
		}
		if read*20 > full || full < splitFrom {
			t.Errorf("key %s: a query born in 1977 reads %d of %d postings", k, read, full)
		}
	}
	target := person(ids, "Mohammed Ali Haddad", "1977-06-15")
	undated := person(ids, "Mohammed Ali Haddad", "")
	delete(undated.Properties, "birthDate")
	several := person(ids, "Mohammed Ali Haddad", "")
	several.Properties["birthDate"] = []string{"1950-01-01", "1977-06-15"}
	elsewhen := person(ids, "Mohammed Ali Haddad", "1978-06-15")
	x.RecordChanged(target)
	x.RecordChanged(undated)
	x.RecordChanged(several)
	x.RecordChanged(elsewhen)
	q := names.Person{Names: []string{"Mohammed Ali Haddad"}, BirthDates: []string{"1977-06-15"}}
	got := match(t, x, q)
	for _, want := range []string{target.ID, undated.ID, several.ID} {
		if !got[want] {
			t.Errorf("missing %s: got %v", want, got)
		}
	}
	if got[elsewhen.ID] {
		t.Error("found a person born in another year")
	}
	// The same searched without the birth-date shortcut finds them too.
	all, err := x.SearchPeople(context.Background(), fraOfficer, q, []string{"nominal"}, 10)
	if err != nil || len(all) < 3 {
		t.Fatalf("SearchPeople: %v %v", all, err)
	}

	// Born in 1978 after all: the changed record moves with its year.
	moved := elsewhen
	moved.Version = 2
	moved.Properties = map[string][]string{"name": {"Mohammed Ali Haddad"}, "birthDate": {"1977-06-15"}}
	x.RecordChanged(moved)
	for range 1000 { // and many more appended after it
		x.RecordChanged(person(ids, "Mohammed Ali Bakr", "1977-01-01"))
	}
	if got := match(t, x, q); !got[moved.ID] || !got[target.ID] {
		t.Errorf("after the change: %v", got)
	}
	// Filed under its new month only: no query reads it twice.
	bid, _ := id.Parse(moved.ID)
	slot, ok := x.slotOf(bid)
	if !ok {
		t.Fatal("the moved record is not indexed")
	}
	o := x.people.at[slot]
	for k, b := range x.people.byMonth {
		for m, part := range b {
			if slices.Contains(part, o) && m != monthOf(x.people.born[o]) {
				t.Errorf("key %s: still filed under month %d", k, m)
			}
		}
	}
}

// A birth date written day-first in one register and month-first in
// another, or known only to the year, is still read.
func TestMatchPeopleReadsSwappedAndPartialDates(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	for i := range 2000 {
		x.RecordChanged(person(ids, fmt.Sprintf("Wang Wei %c%c", 'A'+i%26, 'A'+i/26%26), fmt.Sprintf("%d-%02d-%02d", 1950+i%40, 1+i%12, 1+i%28)))
	}
	swapped := person(ids, "Wang Wei Zhang", "1977-05-06")
	yearOnly := person(ids, "Wang Wei Zhang", "1977")
	monthOnly := person(ids, "Wang Wei Zhang", "1977-06")
	otherMonth := person(ids, "Wang Wei Zhang", "1977-07-06")
	for _, r := range []records.Record{swapped, yearOnly, monthOnly, otherMonth} {
		x.RecordChanged(r)
	}
	got := match(t, x, names.Person{Names: []string{"Wang Wei Zhang"}, BirthDates: []string{"1977-06-05"}})
	for _, want := range []string{swapped.ID, yearOnly.ID, monthOnly.ID} {
		if !got[want] {
			t.Errorf("missing %s: %v", want, got)
		}
	}
	if got[otherMonth.ID] {
		t.Error("found one born in another month")
	}
	// A query that knows only the year reads every month of it.
	if got := match(t, x, names.Person{Names: []string{"Wang Wei Zhang"}, BirthDates: []string{"1977"}}); !got[otherMonth.ID] || !got[swapped.ID] {
		t.Errorf("year-only query: %v", got)
	}
}
