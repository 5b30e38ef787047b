package index

import (
	"testing"

	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/records"
)

func TestIdentTable(t *testing.T) {
	tab := newIdentTable(0)
	// Many slots under one fingerprint, and fingerprints that share buckets.
	for s := uint32(0); s < 5000; s++ {
		tab.insert(7, s)
		tab.insert(7+s*uint32(len(tab.buckets)), s) // same starting bucket, other fingerprints
	}
	tab.insert(7, 3) // again: no duplicate
	count := func(fp uint32) int {
		n := 0
		tab.lookup(fp, func(uint32) { n++ })
		return n
	}
	if got := count(7); got != 5000 {
		t.Fatalf("slots under fingerprint 7: %d, want 5000", got)
	}
	for s := uint32(0); s < 5000; s += 2 {
		tab.remove(7, s)
	}
	if got := count(7); got != 2500 {
		t.Fatalf("after removing half: %d, want 2500", got)
	}
	if got := count(123456789); got != 0 {
		t.Fatalf("an absent fingerprint finds %d", got)
	}
	if tab.live > int(float64(len(tab.buckets))*maxLoad) {
		t.Fatalf("load %d/%d above the limit", tab.live, len(tab.buckets))
	}
}

func passport(ids *id.Generator, number, country string) records.Record {
	return records.Record{ID: ids.New(), Database: "sltd", Schema: "Passport", Owner: country, Status: records.StatusActive,
		Properties: map[string][]string{"number": {number}, "country": {country}, "type": {"P"}, "status": {"stolen"}}}
}

func TestIndexIdentifiers(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	a := passport(ids, "X0123I45", "FRA")
	b := passport(ids, "X0123I45", "DEU") // same number, another country
	c := passport(ids, "AB1234567", "USA")
	for _, r := range []records.Record{a, b, c} {
		x.RecordChanged(r)
	}
	find := func(v string, dbs ...string) int { return len(x.LookupIdentifier(records.KindDocumentNumber, v, dbs)) }
	if got := find("x0123-i45", "sltd"); got != 2 {
		t.Fatalf("exact lookup finds %d, want 2", got)
	}
	if got := find("XO123145", "sltd"); got != 2 {
		t.Fatalf("look-alike lookup finds %d, want 2", got)
	}
	if got := find("X0123I45", "tdawn"); got != 0 {
		t.Fatalf("lookup in another database finds %d", got)
	}
	if got := len(x.LookupIdentifier(records.KindVIN, "X0123I45", []string{"sltd"})); got != 0 {
		t.Fatalf("the same characters as another kind find %d", got)
	}
	// Blocking and deleting take a record out of the answers at once.
	a.Status = records.StatusBlocked
	x.RecordChanged(a)
	if got := find("X0123I45", "sltd"); got != 1 {
		t.Fatalf("after blocking one: %d, want 1", got)
	}
	x.RecordDeleted(b)
	if got := x.CountIdentifier(records.KindDocumentNumber, "X0123I45"); got != 0 {
		t.Fatalf("after deleting the other: %d, want 0", got)
	}
	// A record that arrives out of ID order is still found by its ID.
	late := passport(ids, "LATE0001", "FRA")
	early := passport(id.NewGenerator(clock.NewFake(clock.Real{}.Now().AddDate(-1, 0, 0)), nil), "EARLY001", "FRA")
	x.RecordChanged(late)
	x.RecordChanged(early)
	early.Status = records.StatusBlocked
	x.RecordChanged(early)
	if got := x.CountIdentifier(records.KindDocumentNumber, "EARLY001"); got != 0 {
		t.Fatalf("an out-of-order record was not updated in place: %d", got)
	}
	if st := x.Stats(); st.Records != 5 {
		t.Fatalf("%d slots for 5 records", st.Records)
	}
}

func TestBenchLookupSmall(t *testing.T) {
	r := BenchLookup(20000, 20000, 2)
	if r.HitShare < 0.45 || r.HitShare > 0.55 {
		t.Fatalf("hit share %.2f, want about half", r.HitShare)
	}
	if r.TablePerDoc > 64 {
		t.Fatalf("%.1f bytes a document in the tables", r.TablePerDoc)
	}
}

func BenchmarkLookup(b *testing.B) {
	x := New(100000)
	ids := id.NewGenerator(clock.Real{}, nil)
	for i := 0; i < 100000; i++ {
		x.RecordChanged(passport(ids, "P"+string(rune('A'+i%26))+itoa(i), "FRA"))
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			x.CountIdentifier(records.KindDocumentNumber, "PA"+itoa(i%100000))
			i++
		}
	})
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}
