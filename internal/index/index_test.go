package index

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/ncbnet/ncbnet/internal/access"
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
		tab.lookup(fp, func(uint32) bool { n++; return true })
		return n
	}
	if got := count(7); got != 5000 {
		t.Fatalf("slots under fingerprint 7: %d, want 5000", got)
	}
	// One bucket per fingerprint: its slots are a list, not a run of buckets.
	if n := bucketsOf(tab, 7); n != 1 {
		t.Fatalf("fingerprint 7 has %d buckets, want 1", n)
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
	if tab.used > int(float64(len(tab.buckets))*maxLoad) {
		t.Fatalf("load %d/%d above the limit", tab.used, len(tab.buckets))
	}
	held := 0
	for _, b := range tab.buckets {
		switch {
		case b.fp == 0 || b.slot == tombstone:
		case b.slot&listBit != 0:
			held += len(tab.lists[b.slot&^listBit].s)
		default:
			held++
		}
	}
	if tab.entries != held || held < 7000 {
		t.Fatalf("%d entries counted, %d held", tab.entries, held)
	}
	// A list down to one slot is a bucket alone again, and its list is reused.
	tab.insert(9, 1)
	tab.insert(9, 2)
	lists := len(tab.lists)
	tab.remove(9, 1)
	if b := tab.find(9); b == nil || b.slot != 2 {
		t.Fatalf("fingerprint 9 after removing one of two: %+v", b)
	}
	tab.insert(11, 1)
	tab.insert(11, 2)
	if len(tab.lists) != lists {
		t.Fatalf("a freed list was not reused: %d lists, had %d", len(tab.lists), lists)
	}
	// Stop early.
	n := 0
	tab.lookup(7, func(uint32) bool { n++; return n < 10 })
	if n != 10 {
		t.Fatalf("lookup went on after being told to stop: %d", n)
	}
}

func bucketsOf(tab *identTable, fp uint32) int {
	n := 0
	for _, b := range tab.buckets {
		if b.fp == fp && b.slot != tombstone {
			n++
		}
	}
	return n
}

// A list holds each slot once, whatever the order slots come in (older
// records gaining the identifier, records indexed again), and through
// removals and merges.
func TestPostingsAgainstASet(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	tab := newIdentTable(0)
	want := map[uint32]bool{}
	for i := 0; i < 200000; i++ {
		s := uint32(rng.IntN(50000))
		switch {
		case i < 20000:
			s = uint32(i) // in order, as new records come
		case rng.IntN(10) == 0:
			tab.remove(5, s)
			delete(want, s)
			continue
		}
		tab.insert(5, s)
		want[s] = true
	}
	got := map[uint32]int{}
	tab.lookup(5, func(s uint32) bool { got[s]++; return true })
	if len(got) != len(want) || tab.entries != len(want) {
		t.Fatalf("%d slots found, %d entries, want %d", len(got), tab.entries, len(want))
	}
	for s, n := range got {
		if n != 1 || !want[s] {
			t.Fatalf("slot %d found %d times, wanted: %v", s, n, want[s])
		}
	}
	p := tab.lists[tab.find(5).slot&^listBit]
	if !slices.IsSorted(p.s[:p.sorted]) || !slices.IsSorted(p.s[p.sorted:]) || len(p.s)-p.sorted > maxTail(len(p.s)) {
		t.Fatalf("list out of shape: %d sorted, %d in all", p.sorted, len(p.s))
	}
}

// Many records carrying the same identifier cost each insert O(1): before
// the lists, each walked every bucket of the identifier (10k/20k/40k: 48,
// 176, 664 ms; 200k would take some 16 s). And a lookup returns at most
// MaxCandidates.
func TestManyRecordsOneIdentifier(t *testing.T) {
	const n = 200000
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	older := passport(ids, "OTHER0001", "FRA")
	x.RecordChanged(older)
	start := time.Now()
	var first records.Record
	for i := 0; i < n; i++ {
		r := passport(ids, "SAME00001", "FRA")
		if i == 0 {
			first = r
		}
		x.RecordChanged(r)
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Fatalf("indexing %d records of one number took %v", n, took)
	}
	// Indexed again (an update): no second entry.
	first.Version = 2
	x.RecordChanged(first)
	if got := x.CountIdentifier(records.KindDocumentNumber, "SAME00001"); got != n {
		t.Fatalf("count %d, want %d", got, n)
	}
	if st := x.Stats(); st.Identifiers != n+1 {
		t.Fatalf("%d identifier entries, want %d", st.Identifiers, n+1)
	}
	if got := len(x.LookupIdentifier(fraOfficer, records.KindDocumentNumber, "SAME00001", []string{"sltd"})); got != MaxCandidates {
		t.Fatalf("lookup returns %d candidates, want the cap %d", got, MaxCandidates)
	}
	// An older record gaining the number joins the list once.
	for v := 2; v < 5; v++ {
		older.Version, older.Properties["number"] = v, []string{"SAME00001"}
		x.RecordChanged(older)
	}
	if got := x.CountIdentifier(records.KindDocumentNumber, "SAME00001"); got != n+1 {
		t.Fatalf("count %d, want %d", got, n+1)
	}
}

var (
	fraOfficer = access.Principal{ID: "fra", Country: "FRA", UnitID: "fra-ncb", UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}}
	deuOfficer = access.Principal{ID: "deu", Country: "DEU", UnitID: "deu-ncb", UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}}
)

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
	find := func(v string, dbs ...string) int {
		return len(x.LookupIdentifier(fraOfficer, records.KindDocumentNumber, v, dbs))
	}
	if got := find("x0123-i45", "sltd"); got != 2 {
		t.Fatalf("exact lookup finds %d, want 2", got)
	}
	if got := find("XO123145", "sltd"); got != 2 {
		t.Fatalf("look-alike lookup finds %d, want 2", got)
	}
	if got := find("X0123I45", "tdawn"); got != 0 {
		t.Fatalf("lookup in another database finds %d", got)
	}
	if got := len(x.LookupIdentifier(fraOfficer, records.KindVIN, "X0123I45", []string{"sltd"})); got != 0 {
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

// Records hidden from a principal by their owner's restrictions are left
// out of its lookups before the cut: a thousand hidden ones do not push the
// visible one out, and are not counted.
func TestLookupIdentifierFiltersByVisibility(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	for i := 0; i < MaxCandidates+10; i++ {
		r := passport(ids, "HIDDEN001", "FRA")
		r.OwnerUnit = "fra-ncb"
		r.Restrictions = access.Restrictions{Countries: []string{"FRA"}}
		x.RecordChanged(r)
	}
	visible := passport(ids, "HIDDEN001", "USA")
	x.RecordChanged(visible)
	spec := passport(ids, "HIDDEN001", "DEU")
	spec.OwnerUnit = "deu-bka"
	spec.Restrictions = access.Restrictions{UnitKinds: []access.UnitKind{access.KindSpecialised}}
	x.RecordChanged(spec)
	lookup := func(p access.Principal) []Candidate {
		return x.LookupIdentifier(p, records.KindDocumentNumber, "HIDDEN001", []string{"sltd"})
	}
	if got := lookup(deuOfficer); len(got) != 1 || got[0].ID != visible.ID {
		t.Fatalf("DEU finds %d (%+v), want the USA record alone", len(got), got[:min(len(got), 3)])
	}
	// The unit that entered a record always sees it.
	bka := access.Principal{ID: "bka", Country: "DEU", UnitID: "deu-bka", UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}}
	if got := lookup(bka); len(got) != 2 {
		t.Fatalf("the owner unit finds %d, want 2", len(got))
	}
	if got := lookup(fraOfficer); len(got) != MaxCandidates {
		t.Fatalf("FRA finds %d, want the cap", len(got))
	}
	// Restrictions lifted (a new version): seen; the side map forgets it.
	spec.Version, spec.Restrictions = 2, access.Restrictions{}
	x.RecordChanged(spec)
	if got := lookup(deuOfficer); len(got) != 2 {
		t.Fatalf("after lifting the restrictions DEU finds %d, want 2", len(got))
	}
	if st := x.Stats(); st.Restricted != MaxCandidates+10 {
		t.Fatalf("%d restricted records kept, want %d", st.Restricted, MaxCandidates+10)
	}
}

// An IMO number is found typed with or without "IMO": both sides are keyed
// the same way.
func TestIMONumberWithoutPrefix(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	ship := records.Record{ID: ids.New(), Database: "vessels", Schema: "Vessel", Owner: "FRA", Status: records.StatusActive,
		Properties: map[string][]string{"imoNumber": {"IMO9074729"}, "name": {"Ever Lost"}}}
	x.RecordChanged(ship)
	typed := passport(ids, "9074729", "FRA") // the same digits as another kind
	x.RecordChanged(typed)
	for _, q := range []string{"9074729", "IMO9074729", "imo 9074729", "IMO 907-4729", "9O74729", "IMO 9O74729"} {
		if got := x.LookupIdentifier(fraOfficer, records.KindIMO, q, []string{"vessels"}); len(got) != 1 || got[0].ID != ship.ID {
			t.Errorf("IMO %q finds %+v", q, got)
		}
	}
	for _, q := range []string{"9074728", "IMO907472", ""} {
		if got := x.CountIdentifier(records.KindIMO, q); got != 0 {
			t.Errorf("IMO %q finds %d", q, got)
		}
	}
	// A record keyed from the digits alone is found with the prefix too.
	bare := records.Record{ID: ids.New(), Database: "vessels", Schema: "Vessel", Owner: "FRA", Status: records.StatusActive,
		Properties: map[string][]string{"imoNumber": {"9176187"}}}
	x.RecordChanged(bare)
	if got := x.CountIdentifier(records.KindIMO, "IMO 9176187"); got != 1 {
		t.Errorf("a record of bare digits: %d", got)
	}
	for in, want := range map[string]string{"9074729": "IMO9074729", "imo-9074729": "IMO9074729", "9074728": "IMO9074728", "IMO9O74729": "IMO9O74729"} {
		if got := ExactKey(records.KindIMO, in); got != want {
			t.Errorf("ExactKey(IMO, %q) = %q, want %q", in, got, want)
		}
	}
	if ExactKey(records.KindDocumentNumber, "x0123-i45") != "X0123I45" || LookalikeKey(records.KindDocumentNumber, "X0123I45") != "X0123145" {
		t.Error("keys of other kinds changed")
	}
}

// A change older than the one applied is ignored, however it comes: a late
// observer call must not leave a record as it was before its last change.
func TestOlderVersionIgnored(t *testing.T) {
	x := New(0)
	ids := id.NewGenerator(clock.Real{}, nil)
	v2 := passport(ids, "VERSION01", "FRA")
	v2.Version, v2.Status = 2, records.StatusBlocked
	v3 := v2
	v3.Version, v3.Status = 3, records.StatusActive // unblocked
	x.RecordChanged(v3)
	x.RecordChanged(v2) // late
	if n := x.CountIdentifier(records.KindDocumentNumber, "VERSION01"); n != 1 {
		t.Fatalf("an older version put the record back to blocked: %d live", n)
	}
	// Restrictions too.
	v4 := v3
	v4.Version, v4.Restrictions = 4, access.Restrictions{ExcludedCountries: []string{"DEU"}}
	x.RecordChanged(v4)
	x.RecordChanged(v3)
	if got := x.LookupIdentifier(deuOfficer, records.KindDocumentNumber, "VERSION01", []string{"sltd"}); len(got) != 0 {
		t.Fatalf("an older version lifted the restrictions: %+v", got)
	}
	x.RecordChanged(v4) // the same version again: the same
	v5 := v4
	v5.Version, v5.Status = 5, records.StatusBlocked
	x.RecordChanged(v5)
	if n := x.CountIdentifier(records.KindDocumentNumber, "VERSION01"); n != 0 {
		t.Fatalf("a newer version was not applied: %d live", n)
	}
}

// The slot stays within the memory budget (≤ 40 bytes a document with the
// identifier table): 24 bytes with the version.
func TestSlotSize(t *testing.T) {
	if n := unsafe.Sizeof(slotInfo{}); n != 24 {
		t.Fatalf("slotInfo is %d bytes", n)
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
