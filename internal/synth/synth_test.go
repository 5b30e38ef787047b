package synth

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/internal/identifiers"
	"github.com/ncbnet/ncbnet/internal/member"
)

func TestTravelDocumentsAreDeterministic(t *testing.T) {
	var a, b, part bytes.Buffer
	g := TravelDocuments{}
	if err := Write(&a, g, NDJSON, 42, 0, 500); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, g, NDJSON, 42, 0, 500); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same seed made different files")
	}
	// Record i does not depend on the records before it.
	if err := Write(&part, g, NDJSON, 42, 250, 500); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(a.Bytes(), part.Bytes()) {
		t.Fatal("records 250-499 differ when written alone")
	}
	var other bytes.Buffer
	if err := Write(&other, g, NDJSON, 43, 0, 500); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), other.Bytes()) {
		t.Fatal("another seed made the same file")
	}
}

func TestTravelDocumentsLookReal(t *testing.T) {
	cs, err := member.Countries()
	if err != nil {
		t.Fatal(err)
	}
	members := map[string]bool{}
	for _, c := range cs {
		members[c.ISO3] = true
	}
	const n = 20000
	seen := map[string]int{}
	countries := map[string]int{}
	types := map[string]int{}
	withHolder := 0
	for i := range n {
		rec := TravelDocuments{}.Record(7, i)
		p := map[string]string{}
		for _, prop := range rec.Properties {
			p[prop.Name] = prop.Values[0]
		}
		num := p["number"]
		if err := identifiers.ValidDocumentNumber(num); err != nil || len(num) < 8 || len(num) > 9 || identifiers.NormalizeIdentifier(num) != num {
			t.Fatalf("record %d: number %q: %v", i, num, err)
		}
		if !members[p["country"]] {
			t.Fatalf("record %d: country %q is not a member", i, p["country"])
		}
		if p["status"] == "stolen-blank" && p["surname"] != "" {
			t.Fatalf("record %d: a stolen blank has a holder", i)
		}
		if p["surname"] != "" {
			withHolder++
		}
		if p["lossDate"] > "2025-12-31" || (p["startDate"] != "" && p["startDate"] > p["lossDate"]) || (p["birthDate"] != "" && p["birthDate"] > p["startDate"]) {
			t.Fatalf("record %d: dates out of order: %v", i, p)
		}
		seen[p["country"]+"/"+num]++
		countries[p["country"]]++
		types[p["type"]]++
	}
	if len(seen) < n-5 {
		t.Errorf("%d repeated numbers in %d documents", n-len(seen), n)
	}
	// Weighted issuers: the large ones dominate, yet most members appear.
	if countries["USA"] < countries["LUX"]*10 || len(countries) < 150 {
		t.Errorf("issuers: USA %d, LUX %d, %d countries", countries["USA"], countries["LUX"], len(countries))
	}
	if types["P"] < n*6/10 || types["I"] < n/5 || withHolder < n/2 {
		t.Errorf("types %v, %d with a holder", types, withHolder)
	}
}

func TestWriteFormats(t *testing.T) {
	var nd, cs bytes.Buffer
	g := TravelDocuments{Country: "FRA", KeyPrefix: "fr-"}
	if err := Write(&nd, g, NDJSON, 1, 0, 50); err != nil {
		t.Fatal(err)
	}
	if err := Write(&cs, g, CSV, 1, 0, 50); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(nd.String(), "\n"), "\n")
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil || len(lines) != 50 || len(rows) != 51 {
		t.Fatalf("%d lines, %d rows, %v", len(lines), len(rows), err)
	}
	for i, line := range lines {
		var rec struct {
			Key        string              `json:"key"`
			Schema     string              `json:"schema"`
			Properties map[string][]string `json:"properties"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		row := rows[i+1]
		if rec.Key != row[0] || rec.Schema != "Passport" || rec.Properties["country"][0] != "FRA" || rec.Properties["number"][0] != row[2] {
			t.Fatalf("line %d: %+v, row %q", i+1, rec, row)
		}
	}
	if err := Write(&nd, g, "xml", 1, 0, 1); err == nil {
		t.Fatal("wrote xml")
	}
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{"plain", `q"uote\`, "tab\tnew\nline\x01", "Müller 王伟 معمر", "bad\xffbyte"} {
		var back string
		if err := json.Unmarshal(appendString(nil, s), &back); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); back != want {
			t.Fatalf("%q came back as %q", s, back)
		}
	}
}
