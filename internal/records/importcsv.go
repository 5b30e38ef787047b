package records

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// An import in CSV starts with a header row naming its columns, in any
// order:
//
//   - key (required): the owner's idempotency key of the record;
//   - schema: required when the database holds more than one schema;
//   - one column per property, named as the property (e.g. number,
//     country, type, status, surname); values of multi-valued properties
//     are separated by ';' (free-text properties, such as notes, are kept
//     whole); an empty cell is no value;
//   - review_at: an RFC 3339 time, as in NDJSON;
//   - restrictions.countries, restrictions.excluded_countries,
//     restrictions.unit_kinds: lists separated by ';';
//     restrictions.ncb_only: true or false.
//
// Rows follow RFC 4180: fields separated by commas, quoted with '"' when
// they hold a comma, a quote (doubled) or a line break.

// csvColumn is what one column of the header stands for.
type csvColumn struct {
	what     csvField
	property string // csvProperty only
	split    bool   // multi-valued: split on ';'
}

type csvField int

const (
	csvKey csvField = iota
	csvSchema
	csvReviewAt
	csvCountries
	csvExcluded
	csvUnitKinds
	csvNCBOnly
	csvProperty
)

var csvReserved = map[string]csvField{
	"key": csvKey, "schema": csvSchema, "review_at": csvReviewAt,
	"restrictions.countries": csvCountries, "restrictions.excluded_countries": csvExcluded,
	"restrictions.unit_kinds": csvUnitKinds, "restrictions.ncb_only": csvNCBOnly,
}

// csvReader reads CSV records on top of the line reader, so that a record
// is held in memory only up to MaxImportLine.
//
// A record ends at the first line break outside quotes: where the quotes
// read since its start are even. A record refused as too long, or never
// closed, is still read to that point and dropped whole, so that the text
// of a quoted field is never read as records of its own.
type csvReader struct {
	lines  *lineReader
	record []byte
	fields []string
}

// next returns the fields of the next record and the number of its first
// line; blank lines are skipped. bad refuses one record; stop ends the body.
func (c *csvReader) next() (fields []string, line int, bad, stop error) {
	for {
		b, ln, err := c.lines.raw()
		switch {
		case errors.Is(err, errLineTooLong):
			if c.lines.quotes%2 == 0 {
				return nil, ln, c.lines.tooLongError("line"), nil
			}
			return c.drop(ln, c.lines.quotes, c.lines.tooLongError("record"))
		case err != nil:
			return nil, ln, nil, err
		case blank(b):
			continue
		}
		if quotes(b)%2 == 1 {
			// A quoted field goes on over the line break.
			c.record = append(c.record[:0], b...)
			for open := true; open; {
				more, _, err := c.lines.raw()
				switch {
				case errors.Is(err, errLineTooLong):
					return c.drop(ln, 1+c.lines.quotes, c.lines.tooLongError("record"))
				case errors.Is(err, io.EOF):
					return nil, ln, notClosed(), nil
				case err != nil:
					return nil, ln, nil, err
				}
				q := quotes(more)
				if len(c.record)+1+len(more) > c.lines.max {
					return c.drop(ln, 1+q, c.lines.tooLongError("record"))
				}
				c.record = append(append(c.record, '\n'), more...)
				open = q%2 == 0
			}
			b = c.record
		}
		c.fields, err = splitCSV(b, c.fields[:0])
		if err != nil {
			return nil, ln, fault.New(fault.InvalidField, "the line is not valid CSV: %v", err), nil
		}
		return c.fields, ln, nil, nil
	}
}

// drop reads the rest of a refused record, which started at line ln, and
// refuses it with bad: q counts the quotes read of it so far, odd while a
// quoted field is open. The lines up to the one that closes the field are
// dropped; a field still open at the end of the body is reported as such.
func (c *csvReader) drop(ln, q int, bad error) (fields []string, line int, _, stop error) {
	for q%2 == 1 {
		b, _, err := c.lines.raw()
		switch {
		case errors.Is(err, errLineTooLong):
			q += c.lines.quotes
		case errors.Is(err, io.EOF):
			return nil, ln, notClosed(), nil
		case err != nil:
			return nil, ln, nil, err
		default:
			q += quotes(b)
		}
	}
	return nil, ln, bad, nil
}

func notClosed() *fault.Error {
	return fault.New(fault.InvalidField, "a quoted field is not closed before the end of the file")
}

func quotes(b []byte) int {
	n := 0
	for _, c := range b {
		if c == '"' {
			n++
		}
	}
	return n
}

// splitCSV splits one record into its fields as encoding/csv does with its
// defaults (RFC 4180; a quote inside an unquoted field is an error).
func splitCSV(b []byte, out []string) ([]string, error) {
	for i := 0; ; {
		if i < len(b) && b[i] == '"' {
			var f strings.Builder
			i++
			for {
				j := indexByte(b, i, '"')
				if j < 0 {
					return nil, fmt.Errorf("field %d: extraneous or missing \" in quoted field", len(out)+1)
				}
				f.Write(b[i:j])
				if j+1 < len(b) && b[j+1] == '"' {
					f.WriteByte('"')
					i = j + 2
					continue
				}
				i = j + 1
				break
			}
			out = append(out, f.String())
			if i == len(b) {
				return out, nil
			}
			if b[i] != ',' {
				return nil, fmt.Errorf("field %d: extraneous or missing \" in quoted field", len(out))
			}
			i++
			continue
		}
		j := indexByte(b, i, ',')
		end := j
		if j < 0 {
			end = len(b)
		}
		if indexByte(b[:end], i, '"') >= 0 {
			return nil, fmt.Errorf("field %d: bare \" in unquoted field", len(out)+1)
		}
		out = append(out, string(b[i:end]))
		if j < 0 {
			return out, nil
		}
		i = j + 1
	}
}

func indexByte(b []byte, from int, c byte) int {
	for i := from; i < len(b); i++ {
		if b[i] == c {
			return i
		}
	}
	return -1
}

// csvParser reads the header and returns how to read the rows after it.
func (imp *importer) csvParser() (func() (NewRecord, int, error, error), error) {
	c := &csvReader{lines: imp.lines}
	header, _, bad, stop := c.next()
	switch {
	case errors.Is(stop, io.EOF):
		return func() (NewRecord, int, error, error) { return NewRecord{}, 0, nil, io.EOF }, nil
	case stop != nil:
		return nil, importStopped(stop, imp.report)
	case bad != nil:
		fe, _ := fault.As(bad)
		return nil, fault.Field(fe.Code, "header", "the header row: %s", fe.Message)
	}
	cols, err := csvLayout(imp.db, header)
	if err != nil {
		return nil, err
	}
	return func() (NewRecord, int, error, error) {
		fields, ln, bad, stop := c.next()
		if bad != nil || stop != nil {
			return NewRecord{}, ln, bad, stop
		}
		if len(fields) != len(cols) {
			return NewRecord{}, ln, fault.New(fault.InvalidField, "the line has %d fields, the header %d", len(fields), len(cols)), nil
		}
		n, err := csvRecord(imp.db, cols, fields)
		return n, ln, err, nil
	}, nil
}

// csvLayout checks the header against the database's schemas. A first line
// that names no column at all is a data row sent without its header: it is
// refused as such, before anything is written, rather than read as a header
// of unknown columns or, worse, as records under columns guessed.
func csvLayout(d *Database, header []string) ([]csvColumn, error) {
	if !slices.ContainsFunc(header, func(h string) bool { return csvKnownColumn(d, strings.TrimSpace(h)) }) {
		return nil, fault.Field(fault.InvalidField, "header",
			"the first line names none of the columns of an import, so it is no header (is it missing, or are its columns named otherwise?): a CSV import starts with a header line naming its columns, among %s", csvColumnNames(d))
	}
	cols := make([]csvColumn, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		name := strings.TrimSpace(h)
		if seen[name] {
			return nil, fault.Field(fault.InvalidField, "header", "column %q appears twice", name)
		}
		seen[name] = true
		if f, ok := csvReserved[name]; ok {
			cols[i] = csvColumn{what: f}
			continue
		}
		var prop *Property
		for _, s := range d.Schemas {
			if p, ok := s.Property(name); ok {
				prop = &p
				break
			}
		}
		if prop == nil {
			return nil, fault.Field(fault.InvalidField, "header", "column %q of the header is not one of %s", truncate(name, 60), csvColumnNames(d))
		}
		cols[i] = csvColumn{what: csvProperty, property: name, split: prop.Type != TypeText && prop.Type != TypeBiometric}
	}
	if !seen["key"] {
		return nil, fault.Field(fault.MissingField, "header", "the header needs a key column, so that sending the file again resumes the import")
	}
	if !seen["schema"] && len(d.Schemas) > 1 {
		return nil, fault.Field(fault.MissingField, "header", "database %s holds %s: the header needs a schema column", d.ID, schemaNames(d))
	}
	return cols, nil
}

// csvKnownColumn reports whether name is a column a header of d may hold.
func csvKnownColumn(d *Database, name string) bool {
	if _, ok := csvReserved[name]; ok {
		return true
	}
	return slices.ContainsFunc(d.Schemas, func(s *Schema) bool {
		_, ok := s.Property(name)
		return ok
	})
}

// csvColumnNames lists the columns a header of d may hold, for an error.
func csvColumnNames(d *Database) string {
	var b strings.Builder
	b.WriteString("key, schema, review_at, restrictions.countries, restrictions.excluded_countries, restrictions.unit_kinds, restrictions.ncb_only")
	for i, s := range d.Schemas {
		if i == 0 {
			b.WriteString(" and the properties of ")
		} else {
			b.WriteString("; of ")
		}
		b.WriteString(s.Name + " (")
		for j, p := range s.Properties {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(p.Name)
		}
		b.WriteString(")")
	}
	return b.String()
}

// csvRecord makes a record request of one row.
func csvRecord(d *Database, cols []csvColumn, fields []string) (NewRecord, error) {
	n := NewRecord{Properties: make(map[string][]string, len(fields))}
	if len(d.Schemas) == 1 {
		n.Schema = d.Schemas[0].Name
	}
	var restr access.Restrictions
	restricted := false
	for i, col := range cols {
		v := fields[i]
		if strings.TrimSpace(v) == "" {
			continue
		}
		switch col.what {
		case csvKey:
			n.Key = v
		case csvSchema:
			n.Schema = strings.TrimSpace(v)
		case csvReviewAt:
			at, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
			if err != nil {
				return NewRecord{}, fault.Field(fault.WrongType, "review_at", "times are RFC 3339 strings, e.g. 2026-01-02T15:04:05Z")
			}
			n.ReviewAt = &at
		case csvCountries:
			restr.Countries, restricted = splitList(v), true
		case csvExcluded:
			restr.ExcludedCountries, restricted = splitList(v), true
		case csvUnitKinds:
			for _, k := range splitList(v) {
				restr.UnitKinds = append(restr.UnitKinds, access.UnitKind(k))
			}
			restricted = true
		case csvNCBOnly:
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "true", "1", "yes":
				restr.NCBOnly, restricted = true, true
			case "false", "0", "no":
			default:
				return NewRecord{}, fault.Field(fault.InvalidField, "restrictions.ncb_only", "restrictions.ncb_only is true or false")
			}
		case csvProperty:
			if col.split {
				n.Properties[col.property] = splitList(v)
			} else {
				n.Properties[col.property] = []string{v}
			}
		}
	}
	if restricted {
		n.Restrictions = &restr
	}
	return n, nil
}

// splitList splits a multi-valued cell on ';', dropping empty parts.
func splitList(v string) []string {
	if !strings.Contains(v, ";") {
		return []string{v}
	}
	parts := strings.Split(v, ";")
	return slices.DeleteFunc(parts, func(s string) bool { return strings.TrimSpace(s) == "" })
}
