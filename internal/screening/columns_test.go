package screening

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/screening/wire"
)

// Each name a carrier's export may give a column is read as that column,
// whatever its case and separators.
func TestManifestColumnAliases(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   ManifestRow
	}{
		{"passport", ManifestRow{DocumentNumber: "V"}},
		{"Passport No.", ManifestRow{DocumentNumber: "V"}},
		{"passport_no", ManifestRow{DocumentNumber: "V"}},
		{"PASSPORT-NUMBER", ManifestRow{DocumentNumber: "V"}},
		{"document_no", ManifestRow{DocumentNumber: "V"}},
		{"DocumentNumber", ManifestRow{DocumentNumber: "V"}},
		{"Doc No", ManifestRow{DocumentNumber: "V"}},
		{"dob", ManifestRow{BirthDate: "V"}},
		{"Date of Birth", ManifestRow{BirthDate: "V"}},
		{"date_of_birth", ManifestRow{BirthDate: "V"}},
		{"birthDate", ManifestRow{BirthDate: "V"}},
		{"first_name", ManifestRow{Name: "V"}},
		{"last_name", ManifestRow{Name: "V"}},
		{"Family Name", ManifestRow{Name: "V"}},
		{"full name", ManifestRow{Name: "V"}},
		{"sex", ManifestRow{Gender: "V"}},
		{"citizenship", ManifestRow{Nationality: "V"}},
		{"Country of Nationality", ManifestRow{Nationality: "V"}},
		{"issuing state", ManifestRow{DocumentCountry: "V"}},
		{"Country of Issue", ManifestRow{DocumentCountry: "V"}},
		{"doc_type", ManifestRow{DocumentType: "V"}},
		{"PNR", ManifestRow{Reference: "V"}},
		{"seat number", ManifestRow{Reference: "V"}},
		{"Booking Reference", ManifestRow{Reference: "V"}},
	} {
		rows, err := ReadManifestCSV(strings.NewReader(tc.header + "\nV\n"))
		if err != nil || len(rows) != 1 || rows[0] != tc.want {
			t.Errorf("column %q: %+v %v, want %+v", tc.header, rows, err, tc.want)
		}
		key, _ := json.Marshal(tc.header)
		var row ManifestRow
		if err := json.Unmarshal([]byte(`{`+string(key)+`:"V"}`), &row); err != nil || row != tc.want {
			t.Errorf("JSON field %q: %+v %v, want %+v", tc.header, row, err, tc.want)
		}
	}
	rows, err := ReadManifestCSV(strings.NewReader("Last Name,First Name,Middle Name,passport_no,citizenship\nDUPONT,JEAN,PAUL,AA1234567,FRA\n"))
	if want := (ManifestRow{Name: "JEAN PAUL DUPONT", DocumentNumber: "AA1234567", Nationality: "FRA"}); err != nil || len(rows) != 1 || rows[0] != want {
		t.Errorf("name in parts: %+v %v, want %+v", rows, err, want)
	}
}

// Every name of the table is one column's, and none is ambiguous.
func TestManifestColumnTable(t *testing.T) {
	seen := map[string]bool{}
	for _, names := range ManifestColumnNames() {
		for _, n := range names {
			if seen[columnKey(n)] {
				t.Errorf("%q is listed twice", n)
			}
			seen[columnKey(n)] = true
		}
	}
	for _, ambiguous := range []string{"country", "number", "type", "document", "id", "date", "status", "expiry_date"} {
		if _, ok := columnByName[columnKey(ambiguous)]; ok {
			t.Errorf("%q is taken as a column, though it could mean more than one", ambiguous)
		}
	}
}

// A manifest with a column the screener does not know, or one it would
// read only in part, is refused whole, naming what is wrong.
func TestManifestColumnsRefused(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		says     []string
	}{
		{"unknown column", "name,passport_numbr\nA B,X1\n", []string{`column 2 "passport_numbr"`, "passport_no", "date_of_birth", "citizenship", "issuing_country"}},
		{"unknown column last", "\ufeffSeat,Surname,Given Names,Extra\n12A,MARTIN,CLAIRE,x\n", []string{`column 4 "Extra"`, "reference (or ref, seat"}},
		{"ambiguous column", "name,country\nA B,FRA\n", []string{`column 2 "country"`}},
		{"a column twice", "name,passport,Document Number\nA B,X1,X2\n", []string{`column 2 "passport" and column 3 "Document Number" both give the document number`}},
		{"a name whole and in parts", "name,surname\nA B,B\n", []string{`column 1 "name" gives the whole name and column 2 "surname" the surname`}},
		{"a value beyond the header", "name,dob\nA B,1980-01-01,X1\n", []string{"line 2 has a value in column 3", "names 2 columns"}},
		{"a value under a column without a name", "name,,dob\nA B,X1,1980-01-01\n", []string{"line 2 has a value in column 2"}},
		{"no known column", "colour,size\nred,1\n", []string{"colour"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadManifestCSV(strings.NewReader(tc.in))
			fe, ok := fault.As(err)
			if !ok || fe.Code != fault.InvalidField || fe.Code.Status() != 422 {
				t.Fatalf("%q: %v, want 422 invalid_field", tc.in, err)
			}
			for _, s := range tc.says {
				if !strings.Contains(fe.Message, s) {
					t.Errorf("the refusal does not say %q: %s", s, fe.Message)
				}
			}
		})
	}
	// Empty cells beyond the header or under a column without a name are
	// nothing left out (a spreadsheet's trailing commas).
	rows, err := ReadManifestCSV(strings.NewReader("name,,dob,\nA B,,1980-01-01,,\n"))
	if err != nil || len(rows) != 1 || rows[0] != (ManifestRow{Name: "A B", BirthDate: "1980-01-01"}) {
		t.Errorf("empty cells: %+v %v", rows, err)
	}
}

func TestManifestRowJSON(t *testing.T) {
	var m Manifest
	in := `{"purpose":"border-control","rows":[{"seat":12,"Last Name":"Dupont","first_name":"Jean","dob":"1970-01-01","passport_no":"AA1234567","issuing_country":null}]}`
	if err := json.Unmarshal([]byte(in), &m); err != nil {
		t.Fatal(err)
	}
	if want := (ManifestRow{Reference: "12", Name: "Jean Dupont", BirthDate: "1970-01-01", DocumentNumber: "AA1234567"}); len(m.Rows) != 1 || m.Rows[0] != want {
		t.Errorf("rows %+v, want %+v", m.Rows, want)
	}
	for _, tc := range []struct {
		in, field string
		code      fault.Code
		says      string
	}{
		{`{"name":"A","passport_numbr":"X"}`, "rows.passport_numbr", fault.InvalidField, `field "passport_numbr" is not a column`},
		{`{"name":"A","name":"B"}`, "rows.name", fault.InvalidField, "both give the whole name"},
		{`{"dob":"1980","birthDate":"1980"}`, "rows.birthDate", fault.InvalidField, "both give the birth date"},
		{`{"name":"A","surname":"B"}`, "rows", fault.InvalidField, "whole or in parts"},
		{`{"name":["A"]}`, "rows.name", fault.WrongType, "JSON string"},
		{`["A"]`, "rows", fault.WrongType, "object"},
	} {
		var r ManifestRow
		err := json.Unmarshal([]byte(tc.in), &r)
		fe, ok := fault.As(err)
		if !ok || fe.Code != tc.code || fe.Field != tc.field || !strings.Contains(fe.Message, tc.says) {
			t.Errorf("%s: %v, want %s on %s saying %q", tc.in, err, tc.code, tc.field, tc.says)
		}
	}
}

func FuzzManifestRowJSON(f *testing.F) {
	f.Add(`{"name":"A B","dob":"1980","passport":"X1"}`)
	f.Add(`{"seat":1.5e3,"sex":null}`)
	f.Fuzz(func(t *testing.T, s string) {
		var r ManifestRow
		if json.Unmarshal([]byte(s), &r) != nil {
			return
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var again ManifestRow
		if err := json.Unmarshal(b, &again); err != nil || again != r {
			t.Fatalf("%s read as %+v, written as %s, read again as %+v (%v)", s, r, b, again, err)
		}
	})
}

// The columns listed to a person are the table's.
func TestAcceptedColumnsNameEveryColumn(t *testing.T) {
	msg := acceptedColumns()
	for _, names := range ManifestColumnNames() {
		for _, n := range names {
			if !strings.Contains(msg, n) {
				t.Errorf("%q is not listed", n)
			}
		}
	}
	if !slices.Contains(ManifestColumnNames()[0], "seat") {
		t.Error("the reference column has no alias seat")
	}
}

// A manifest as the SDK sends it (wire.Manifest) is read whole: each field
// of its rows is a column the node knows, and the name in parts is the
// name.
func TestWireManifestRead(t *testing.T) {
	sent := wire.Manifest[wire.ManifestRow]{Purpose: "border-control", Voyage: "AF0012", Rows: []wire.ManifestRow{{
		Reference: "12A", Surname: "DUPONT", GivenNames: "JEAN", MiddleNames: "PAUL", BirthDate: "1980-01-02",
		Nationality: "FRA", Gender: "male", DocumentNumber: "AA1234567", DocumentCountry: "FRA", DocumentType: "P",
	}, {Name: "CLAIRE MARTIN"}}}
	b, err := json.Marshal(sent)
	if err != nil {
		t.Fatal(err)
	}
	var got Manifest
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	want := Manifest{Purpose: "border-control", Voyage: "AF0012", Rows: []ManifestRow{{
		Reference: "12A", Name: "JEAN PAUL DUPONT", BirthDate: "1980-01-02", Nationality: "FRA", Gender: "male",
		DocumentNumber: "AA1234567", DocumentCountry: "FRA", DocumentType: "P",
	}, {Name: "CLAIRE MARTIN"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s read as %+v, want %+v", b, got, want)
	}
}
