package edge

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"reflect"
	"strings"
	"testing"
)

var lookupEntries = []Entry{
	{Kind: "document-number", Country: "FRA", Value: "12AB34567", Database: "sltd", RecordID: recordID(1), Owner: "FRA", Action: []string{"seize", "inform"}, Urgent: true},
	{Kind: "vin", Value: "WVWZZZ1JZXW000001", Database: "smv", RecordID: recordID(2), Owner: "DEU", Action: []string{"seize"}},
	// One identifier in two records: both come back.
	{Kind: "plate", Value: "AB123CD", Database: "smv", RecordID: recordID(3), Owner: "ITA", Action: []string{"locate"}},
	{Kind: "plate", Value: "AB123CD", Database: "smv", RecordID: recordID(4), Owner: "ESP", Action: []string{"inform"}},
	// A record with two identifiers, the same one listed twice.
	{Kind: "imo", Value: "9074729", Database: "vessels", RecordID: recordID(5), Owner: "NGA", Action: []string{"locate"}},
	{Kind: "hull-id", Value: "ABC12345D404", Database: "vessels", RecordID: recordID(5), Owner: "NGA", Action: []string{"locate"}},
	{Kind: "imo", Value: "9074729", Database: "vessels", RecordID: recordID(5), Owner: "NGA", Action: []string{"locate", "locate"}},
}

func TestLookup(t *testing.T) {
	k := newKeys(t, "central.test")
	c := mustOpen(t, t.TempDir(), k)
	if c.Seq() != 0 || c.Len() != 0 || c.Lookup("vin", "", "WVWZZZ1JZXW000001") != nil {
		t.Fatalf("new copy: seq %d, len %d; want an empty copy", c.Seq(), c.Len())
	}
	if err := c.Replace(mustBuild(t, k, 7, lookupEntries)); err != nil {
		t.Fatal(err)
	}
	if c.Seq() != 7 || c.Len() != 6 || !c.Created().Equal(testTime) {
		t.Fatalf("seq %d, len %d, created %v; want 7, 6 (repeat merged), %v", c.Seq(), c.Len(), c.Created(), testTime)
	}
	for _, tc := range []struct {
		name, kind, country, value string
		want                       []Match
	}{
		{"document", "document-number", "FRA", "12AB34567", []Match{{"sltd", recordID(1), "FRA", []string{"inform", "seize"}, true}}},
		{"same number other country", "document-number", "BEL", "12AB34567", nil},
		{"document without country", "document-number", "", "12AB34567", nil},
		{"vin, country ignored", "vin", "DEU", "WVWZZZ1JZXW000001", []Match{{"smv", recordID(2), "DEU", []string{"seize"}, false}}},
		{"two records", "plate", "", "AB123CD", []Match{{"smv", recordID(3), "ITA", []string{"locate"}, false}, {"smv", recordID(4), "ESP", []string{"inform"}, false}}},
		{"second identifier", "hull-id", "", "ABC12345D404", []Match{{"vessels", recordID(5), "NGA", []string{"locate"}, false}}},
		{"kind matters", "serial", "", "9074729", nil},
		{"miss", "vin", "", "WVWZZZ1JZXW000002", nil},
		{"not normalised", "vin", "", "wvwzzz1jzxw000001", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Lookup(tc.kind, tc.country, tc.value)
			// Rows sharing a hash come in record order.
			if !sameMatches(got, tc.want) {
				t.Errorf("Lookup(%s, %q) = %v, want %v", tc.kind, tc.country, got, tc.want)
			}
		})
	}
}

func sameMatches(got, want []Match) bool {
	if len(got) != len(want) {
		return false
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || reflect.DeepEqual(g, w)
		}
		if !found {
			return false
		}
	}
	return true
}

func TestSnapshotHoldsNoIdentifierInClear(t *testing.T) {
	k := newKeys(t, "central.test")
	snap := mustBuild(t, k, 1, lookupEntries)
	for _, e := range lookupEntries {
		if bytes.Contains(snap, []byte(e.Value)) {
			t.Errorf("snapshot contains the %s value in clear", e.Kind)
		}
	}
	delta := mustDiff(t, k, 1, 2, lookupEntries, lookupEntries[:3])
	for _, e := range lookupEntries {
		if bytes.Contains(delta, []byte(e.Value)) {
			t.Errorf("delta contains the %s value in clear", e.Kind)
		}
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	k := newKeys(t, "central.test")
	reversed := make([]Entry, len(lookupEntries))
	for i, e := range lookupEntries {
		e.Action = append([]string(nil), e.Action...)
		for a, b := 0, len(e.Action)-1; a < b; a, b = a+1, b-1 {
			e.Action[a], e.Action[b] = e.Action[b], e.Action[a]
		}
		reversed[len(reversed)-1-i] = e
	}
	if !bytes.Equal(mustBuild(t, k, 3, lookupEntries), mustBuild(t, k, 3, reversed)) {
		t.Error("the same entries in another order give another snapshot")
	}
}

func TestBuildRefusesBadEntries(t *testing.T) {
	k := newKeys(t, "central.test")
	good := lookupEntries[1]
	for _, tc := range []struct {
		name string
		edit func(*Entry)
	}{
		{"empty value", func(e *Entry) { e.Value = "" }},
		{"empty kind", func(e *Entry) { e.Kind = "" }},
		{"NUL in kind", func(e *Entry) { e.Kind = "vin\x00x" }},
		{"document without country", func(e *Entry) { e.Kind = "document-number" }},
		{"document with lower-case country", func(e *Entry) { e.Kind, e.Country = "document-number", "fra" }},
		{"bad record ID", func(e *Entry) { e.RecordID = "not-an-id" }},
		{"empty owner", func(e *Entry) { e.Owner = "" }},
		{"empty database", func(e *Entry) { e.Database = "" }},
		{"empty action", func(e *Entry) { e.Action = []string{""} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := good
			tc.edit(&e)
			if _, err := Build(testKey, 1, testTime, []Entry{e}, k.signer); !errors.Is(err, errInvalidEntry) {
				t.Errorf("Build = %v, want errInvalidEntry", err)
			}
		})
	}
	other := good
	other.Value, other.Owner = "OTHER", "FRA"
	if _, err := Build(testKey, 1, testTime, []Entry{good, other}, k.signer); !errors.Is(err, errInvalidEntry) {
		t.Errorf("Build with one record owned twice = %v, want errInvalidEntry", err)
	}
	if _, err := Build(testKey[:16], 1, testTime, []Entry{good}, k.signer); err == nil {
		t.Error("Build with a 16-byte key succeeded")
	}
}

// flip returns a copy of data with one bit changed in the byte at offset at
// of the first occurrence of sub.
func flip(t *testing.T, data []byte, sub string, at int) []byte {
	t.Helper()
	i := bytes.Index(data, []byte(sub))
	if i < 0 {
		t.Fatalf("%q not in file", sub)
	}
	out := bytes.Clone(data)
	out[i+at] ^= 0x01
	return out
}

func TestReplaceRefuses(t *testing.T) {
	k := newKeys(t, "central.test")
	snap := mustBuild(t, k, 5, lookupEntries)
	sep := bytes.IndexByte(snap, 0)
	sig := bytes.Index(snap, []byte("\n— central.test "))
	other := newKeys(t, "central.test") // same name, another key
	otherKey := bytes.Clone(testKey)
	otherKey[0] ^= 1
	otherKeySnap, err := Build(otherKey, 6, testTime, lookupEntries, k.signer)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		file []byte
		want error
	}{
		{"byte of the body", flip(t, snap, string(snap[sep+1:sep+40]), 30), ErrTampered},
		{"last byte of the body", append(bytes.Clone(snap[:len(snap)-1]), snap[len(snap)-1]^0x80), ErrTampered},
		{"seq in the note", flip(t, snap, "seq 5", 4), ErrTampered},
		{"entry count in the note", flip(t, snap, "entries 6", 8), ErrTampered},
		{"signature", flip(t, snap, string(snap[sig+30:sig+40]), 5), ErrTampered},
		{"separator", flip(t, snap, "\n\x00", 1), ErrTampered},
		{"truncated body", snap[:len(snap)-10], ErrTampered},
		{"truncated note", snap[:sep-20], ErrTampered},
		{"body appended to", append(bytes.Clone(snap), 0), ErrTampered},
		{"empty", nil, ErrTampered},
		{"other signer", mustBuild(t, other, 6, lookupEntries), ErrUnknownSigner},
		{"other identifier key", otherKeySnap, ErrWrongKey},
		{"a delta", mustDiff(t, k, 5, 6, lookupEntries, nil), ErrWrongType},
		{"older snapshot", mustBuild(t, k, 4, lookupEntries), ErrStale},
		{"same seq, other state", mustBuild(t, k, 5, lookupEntries[:2]), ErrStale},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			c := mustOpen(t, dir, k)
			if err := c.Replace(snap); err != nil {
				t.Fatal(err)
			}
			err := c.Replace(tc.file)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Replace = %v, want %v", err, tc.want)
			}
			if c.Seq() != 5 || c.Len() != 6 {
				t.Errorf("after a refused file: seq %d, len %d; want the state held before", c.Seq(), c.Len())
			}
			if c2 := mustOpen(t, dir, k); c2.Seq() != 5 || c2.Digest() != c.Digest() {
				t.Errorf("refused file changed the folder: reopened at seq %d", c2.Seq())
			}
		})
	}
	c := mustOpen(t, t.TempDir(), k)
	if err := c.Replace(snap); err != nil {
		t.Fatal(err)
	}
	if err := c.Replace(snap); err != nil {
		t.Errorf("Replace with the snapshot held = %v, want nil", err)
	}
}

func TestKeyedHashIsHMAC(t *testing.T) {
	kh, err := newKeyedHash(testKey)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("9", 5000) // past the pooled buffer
	for _, tc := range []struct{ kind, country, value, hashedCountry string }{
		{"document-number", "FRA", "12AB34567", "FRA"},
		{"vin", "DEU", "WVWZZZ1JZXW000001", ""},
		{"serial", "", long, ""},
		{"national-id", "BEL", "", "BEL"},
	} {
		m := hmac.New(sha256.New, testKey)
		m.Write([]byte(tc.kind + "\x00" + tc.hashedCountry + "\x00" + tc.value))
		want := binary.BigEndian.Uint64(m.Sum(nil))
		if got := kh.sum(tc.kind, tc.country, tc.value); got != want {
			t.Errorf("sum(%s, %s, %d bytes) = %x, want %x", tc.kind, tc.country, len(tc.value), got, want)
		}
	}
}
