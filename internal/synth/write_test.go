package synth

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// formulas is a kind whose values a spreadsheet would run.
type formulas struct{}

func (formulas) Database() string  { return "sltd" }
func (formulas) Columns() []string { return []string{"notes", "surname"} }
func (formulas) Record(seed uint64, i int) Record {
	return Record{Key: "=cmd|' /C calc'!A0", Schema: "Passport", Properties: []Property{
		{Name: "notes", Values: []string{`=HYPERLINK("http://x.example","open")`}},
		{Name: "surname", Values: []string{"-2+3", "Martin"}},
	}}
}

func TestWriteCSVCellsAreSafeInASpreadsheet(t *testing.T) {
	var out bytes.Buffer
	if err := Write(&out, formulas{}, CSV, 1, 0, 1); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"key", "schema", "notes", "surname"},
		{"'=cmd|' /C calc'!A0", "Passport", `'=HYPERLINK("http://x.example","open")`, "'-2+3;Martin"},
	}
	if len(rows) != len(want) || !slices.Equal(rows[0], want[0]) || !slices.Equal(rows[1], want[1]) {
		t.Fatalf("rows = %q\nwant %q", rows, want)
	}
}

// The kinds that benchmarks and demos import make no value that a
// spreadsheet would run, so the quote never changes what their CSV files
// import.
func TestKindsMakeNoFormulaCells(t *testing.T) {
	for name, k := range Kinds() {
		for _, g := range []Kind{k, TravelDocuments{Country: "FRA"}} {
			for i := range 5000 {
				rec := g.Record(11, i)
				cells := []string{rec.Key, rec.Schema}
				for _, p := range rec.Properties {
					cells = append(cells, strings.Join(p.Values, ";"))
				}
				for _, c := range cells {
					if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
						t.Fatalf("%s record %d has the cell %q", name, i, c)
					}
				}
			}
		}
	}
}
