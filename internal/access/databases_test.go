package access_test

import (
	"slices"
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
)

// domainDatabases are the databases of DOMAIN.md's table, in its order,
// written out again so that adding, renaming or dropping one fails a test. A
// first-line database answers a border check; "reference" (the firearms
// table) is not first line, "first/second" (terrorism) is.
var domainDatabases = []struct {
	id        string
	firstLine bool
}{
	{"nominal", true}, {"notices", true}, {"fingerprints", false}, {"dna", false},
	{"faces", false}, {"kinship-dna", false}, {"sltd", true}, {"tdawn", true},
	{"sad", true}, {"counterfeits", false}, {"reference-documents", false}, {"smv", true},
	{"vessels", true}, {"works-of-art", true}, {"firearms", true}, {"firearms-reference", false},
	{"ballistics", false}, {"icse", false}, {"terrorism", true},
}

func domainDatabaseIDs() []string {
	out := make([]string, 0, len(domainDatabases))
	for _, d := range domainDatabases {
		out = append(out, d.id)
	}
	return out
}

// TestDatabasesAreTheDomainOnes pins access.Databases, KnownDatabase and
// FirstLineDatabases to DOMAIN.md.
func TestDatabasesAreTheDomainOnes(t *testing.T) {
	var ids, firstLine, wantFirstLine []string
	for _, d := range access.Databases {
		ids = append(ids, d.ID)
		if d.FirstLine {
			firstLine = append(firstLine, d.ID)
		}
		if !access.KnownDatabase(d.ID) {
			t.Errorf("KnownDatabase(%q) = false for a listed database", d.ID)
		}
	}
	for _, d := range domainDatabases {
		if d.firstLine {
			wantFirstLine = append(wantFirstLine, d.id)
		}
	}
	if !slices.Equal(ids, domainDatabaseIDs()) {
		t.Errorf("access.Databases = %v, want DOMAIN.md's %v", ids, domainDatabaseIDs())
	}
	if !slices.Equal(firstLine, wantFirstLine) {
		t.Errorf("first-line databases = %v, want %v", firstLine, wantFirstLine)
	}
	if got := access.FirstLineDatabases(); !slices.Equal(got, wantFirstLine) {
		t.Errorf("FirstLineDatabases() = %v, want %v", got, wantFirstLine)
	}
	for _, id := range []string{"", unknownDatabase, "SLTD", " sltd", "sltd ", "kinship_dna"} {
		if access.KnownDatabase(id) {
			t.Errorf("KnownDatabase(%q) = true, want false", id)
		}
	}
}
