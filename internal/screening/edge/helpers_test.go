package edge

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/ncbnet/ncbnet/internal/id"
)

var testTime = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// testKey is fixed so failures reproduce; real keys come from crypto/rand.
var testKey = func() []byte {
	k := make([]byte, KeySize)
	for i := range k {
		k[i] = byte(i * 7)
	}
	return k
}()

type keys struct {
	signer   note.Signer
	verifier note.Verifier
}

func newKeys(t testing.TB, origin string) keys {
	t.Helper()
	skey, vkey, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		t.Fatal(err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return keys{s, v}
}

// recordID makes the n-th test record's ID.
func recordID(n int) string {
	var b id.Binary
	binary.BigEndian.PutUint64(b[8:], uint64(n)+1)
	binary.BigEndian.PutUint16(b[0:], 0x0190) // a 2020s millisecond time
	return b.String()
}

var (
	testOwners    = []string{"FRA", "DEU", "NGA", "BRA", "JPN", "IDN", "CAN", "ZAF"}
	testActions   = [][]string{{"seize"}, {"seize", "inform"}, {"locate"}, {"arrest", "seize"}, {"do-not-alert", "inform"}}
	testDatabases = []string{"sltd", "smv", "firearms", "vessels"}
	testKinds     = map[string]string{"sltd": "document-number", "smv": "vin", "firearms": "serial", "vessels": "imo"}
)

// synthEntries makes n entries, one identifier per record, the payloads
// spread over a few dozen classes like a real export.
func synthEntries(n int) []Entry {
	out := make([]Entry, n)
	for i := range out {
		db := testDatabases[i%len(testDatabases)]
		e := Entry{
			Kind:     testKinds[db],
			Value:    fmt.Sprintf("X%09d", i),
			Database: db,
			RecordID: recordID(i),
			Owner:    testOwners[i%len(testOwners)],
			Action:   testActions[i%len(testActions)],
			Urgent:   i%7 == 0,
		}
		if e.Kind == "document-number" {
			e.Country = testOwners[(i/3)%len(testOwners)]
		}
		out[i] = e
	}
	return out
}

func mustBuild(t testing.TB, k keys, seq uint64, entries []Entry) []byte {
	t.Helper()
	b, err := Build(testKey, seq, testTime, entries, k.signer)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustDiff(t testing.TB, k keys, from, to uint64, old, new []Entry) []byte {
	t.Helper()
	b, err := Diff(testKey, from, to, testTime.Add(time.Hour), old, new, k.signer)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustOpen(t testing.TB, dir string, k keys) *Copy {
	t.Helper()
	c, err := Open(dir, k.verifier, testKey)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// stateOf reads the state a snapshot's note signs, as the central node would
// have it.
func stateOf(t testing.TB, snapshot []byte, k keys) [32]byte {
	t.Helper()
	h, _, err := unseal(snapshot, k.verifier, typeSnapshot)
	if err != nil {
		t.Fatal(err)
	}
	return h.state
}
