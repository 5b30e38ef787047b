package screening

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/ncbnet/ncbnet/internal/fault"
)

// A manifest's columns (CSV) or row fields (JSON) are recognised by name,
// as carriers' exports and advance passenger information (API/PNR) systems
// name them: case, spaces and punctuation do not matter ("Date of Birth",
// "date_of_birth" and "DateOfBirth" are one name). A column the screener
// does not know refuses the whole manifest: screened without one of its
// columns, a traveller could pass unchecked. Names that could mean two
// columns ("country", "number", "type", "document", "id") are not taken.

// column is the row field a manifest column fills.
type column int

const (
	colReference column = iota + 1
	colName
	colSurname
	colGiven
	colMiddle
	colBirthDate
	colNationality
	colGender
	colDocumentNumber
	colDocumentCountry
	colDocumentType
)

// manifestColumns lists each column with its names, the usual one first,
// and what it holds (for messages).
var manifestColumns = []struct {
	col   column
	what  string
	names []string
}{
	{colReference, "the carrier's reference", []string{"reference", "ref", "seat", "seat_number", "seat_no", "pnr", "pnr_locator", "record_locator",
		"booking_reference", "booking_ref", "passenger_reference", "passenger_ref", "pax_ref", "passenger_id", "pax_id",
		"traveller_reference", "traveler_reference", "traveller_id", "traveler_id"}},
	{colName, "the whole name", []string{"name", "full_name", "passenger_name", "pax_name", "traveller_name", "traveler_name", "holder_name", "person_name"}},
	{colSurname, "the surname", []string{"surname", "surnames", "last_name", "last_names", "family_name", "family_names", "primary_identifier"}},
	{colGiven, "the given names", []string{"given_names", "given_name", "first_name", "first_names", "forename", "forenames", "secondary_identifier"}},
	{colMiddle, "the middle names", []string{"middle_names", "middle_name"}},
	{colBirthDate, "the birth date", []string{"birth_date", "date_of_birth", "dob", "birthday"}},
	{colNationality, "the nationality", []string{"nationality", "nationality_code", "citizenship", "citizenship_country", "country_of_nationality", "country_of_citizenship"}},
	{colGender, "the gender", []string{"gender", "sex"}},
	{colDocumentNumber, "the document number", []string{"document_number", "document_no", "doc_number", "doc_no", "travel_document_number",
		"passport", "passport_number", "passport_no", "passport_num", "id_card_number", "id_card_no"}},
	{colDocumentCountry, "the document's issuing country", []string{"document_country", "issuing_country", "issuing_state", "issuer", "country_of_issue",
		"issue_country", "document_issuing_country", "document_issuer", "doc_country", "doc_issuing_country", "passport_country", "passport_issuing_country"}},
	{colDocumentType, "the document type", []string{"document_type", "doc_type", "travel_document_type", "document_code", "passport_type"}},
}

// columnByName maps each name, normalised, to its column.
var columnByName = func() map[string]column {
	m := map[string]column{}
	for _, c := range manifestColumns {
		for _, n := range c.names {
			key := columnKey(n)
			if other, taken := m[key]; taken && other != c.col {
				panic("BUG: manifest column name " + n + " names two columns")
			}
			m[key] = c.col
		}
	}
	return m
}()

// columnKey normalises a column name: letters and digits only, lower case.
func columnKey(name string) string {
	var b strings.Builder
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// columnWhat says what a column holds.
func columnWhat(c column) string {
	for _, mc := range manifestColumns {
		if mc.col == c {
			return mc.what
		}
	}
	panic(fmt.Sprintf("BUG: no manifest column %d", c))
}

// ManifestColumnNames lists the names a manifest's columns may have, each
// column's usual name first.
func ManifestColumnNames() [][]string {
	out := make([][]string, len(manifestColumns))
	for i, c := range manifestColumns {
		out[i] = slices.Clone(c.names)
	}
	return out
}

// acceptedColumns names every accepted column name, for the message that
// refuses one.
func acceptedColumns() string {
	parts := make([]string, len(manifestColumns))
	for i, c := range manifestColumns {
		parts[i] = c.names[0] + " (or " + strings.Join(c.names[1:], ", ") + ")"
		if len(c.names) == 1 {
			parts[i] = c.names[0]
		}
	}
	return "a manifest's columns are " + strings.Join(parts, "; ") + " — case, spaces and punctuation do not matter, and a row gives its name whole or in parts (surname, given and middle names)"
}

// unknownColumn refuses a column the screener does not know, named as
// where says (column 8 "Extra").
func unknownColumn(field, where string) error {
	return fault.Field(fault.InvalidField, field, "%s is not a column the screener knows, and a manifest is not screened without one of its columns: rename or remove it; %s", where, acceptedColumns())
}

// columnSet assigns names to columns, refusing what is unknown, given
// twice or ambiguous. Its slots hold where each column was given.
type columnSet struct {
	field string
	at    map[column]string // column → how it was named (for messages)
}

// add takes the column named name, described as where (column 8 "Extra").
func (cs *columnSet) add(name, where string) (column, error) {
	c, ok := columnByName[columnKey(name)]
	if !ok {
		return 0, unknownColumn(cs.field, where)
	}
	if first, dup := cs.at[c]; dup {
		return 0, fault.Field(fault.InvalidField, cs.field, "%s and %s both give %s: keep one", first, where, columnWhat(c))
	}
	if cs.at == nil {
		cs.at = map[column]string{}
	}
	cs.at[c] = where
	return c, nil
}

// check refuses a name given both whole and in parts: one would be left out.
func (cs *columnSet) check() error {
	whole, ok := cs.at[colName]
	if !ok {
		return nil
	}
	for _, part := range []column{colSurname, colGiven, colMiddle} {
		if where, ok := cs.at[part]; ok {
			return fault.Field(fault.InvalidField, cs.field, "%s gives the whole name and %s %s: give the name whole or in parts, not both", whole, where, columnWhat(part))
		}
	}
	return nil
}

// rowBuilder fills a row from its columns' values.
type rowBuilder struct {
	row                    ManifestRow
	surname, given, middle string
}

func (b *rowBuilder) set(c column, v string) {
	switch c {
	case colReference:
		b.row.Reference = v
	case colName:
		b.row.Name = v
	case colSurname:
		b.surname = v
	case colGiven:
		b.given = v
	case colMiddle:
		b.middle = v
	case colBirthDate:
		b.row.BirthDate = v
	case colNationality:
		b.row.Nationality = v
	case colGender:
		b.row.Gender = v
	case colDocumentNumber:
		b.row.DocumentNumber = v
	case colDocumentCountry:
		b.row.DocumentCountry = v
	case colDocumentType:
		b.row.DocumentType = v
	}
}

func (b *rowBuilder) done() ManifestRow {
	if b.row.Name == "" {
		var parts []string
		for _, p := range []string{b.given, b.middle, b.surname} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		b.row.Name = strings.Join(parts, " ")
	}
	return b.row
}

// UnmarshalJSON reads a row as an object whose keys are column names (as
// in a CSV header: documentNumber, document_number, passport_no, …), each
// with a string (or number, or null) value. An unknown key refuses the row.
func (r *ManifestRow) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fault.Field(fault.WrongType, "rows", "each row is a JSON object of column names and values")
	}
	cs := columnSet{field: "rows"}
	var b rowBuilder
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fault.New(fault.MalformedJSON, "the body is not valid JSON")
		}
		key, _ := t.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			return fault.New(fault.MalformedJSON, "the body is not valid JSON")
		}
		cs.field = "rows." + clip(key)
		c, err := cs.add(key, fmt.Sprintf("field %q", clip(key)))
		if err != nil {
			return err
		}
		switch v := v.(type) {
		case string:
			b.set(c, strings.TrimSpace(v))
		case json.Number:
			b.set(c, v.String())
		case nil:
		default:
			return fault.Field(fault.WrongType, cs.field, "%s must be a JSON string", cs.field)
		}
	}
	cs.field = "rows"
	if err := cs.check(); err != nil {
		return err
	}
	*r = b.done()
	return nil
}

// ReadManifestCSV reads manifest rows from CSV with a header line naming
// the columns (reference, name or surname and given_names, birth_date,
// nationality, gender, document_number, document_country, document_type,
// or the other names carriers give them: ManifestColumnNames). A column it
// does not know, a column given twice, a cell beyond the header's columns
// or under a column without a name refuses the manifest: nothing of it may
// go unscreened. At most MaxItems rows.
func ReadManifestCSV(r io.Reader) ([]ManifestRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fault.Field(fault.InvalidField, "manifest", "the manifest has no header line naming its columns")
	}
	cs := columnSet{field: "manifest"}
	cols := make([]column, len(header))
	named := 0
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if columnKey(h) == "" {
			continue // a column without a name must stay empty
		}
		c, err := cs.add(h, fmt.Sprintf("column %d %q", i+1, clip(h)))
		if err != nil {
			return nil, err
		}
		cols[i] = c
		named++
	}
	if named == 0 {
		return nil, fault.Field(fault.InvalidField, "manifest", "the header names none of the columns a manifest has; %s", acceptedColumns())
	}
	if err := cs.check(); err != nil {
		return nil, err
	}
	var rows []ManifestRow
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fault.Field(fault.InvalidField, "manifest", "line %d: %v", line, csvReason(err))
		}
		if len(rows) == MaxItems {
			return nil, fault.Field(fault.InvalidField, "manifest", "at most %d rows a manifest: split larger ones", MaxItems)
		}
		var b rowBuilder
		for i, v := range rec {
			v = strings.TrimSpace(v)
			switch {
			case v == "":
			case i >= len(cols):
				return nil, fault.Field(fault.InvalidField, "manifest", "line %d has a value in column %d, but the header names %d columns", line, i+1, len(cols))
			case cols[i] == 0:
				return nil, fault.Field(fault.InvalidField, "manifest", "line %d has a value in column %d, which the header does not name", line, i+1)
			default:
				b.set(cols[i], v)
			}
		}
		rows = append(rows, b.done())
	}
}

// clip cuts a name from the request short for a message that echoes it.
func clip(s string) string {
	if len(s) > 40 {
		return strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}

// csvReason says what is wrong with a CSV line without repeating it.
func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("column %d: %v", pe.Column, pe.Err)
	}
	return "unreadable"
}
