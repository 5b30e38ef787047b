package synth

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ncbnet/ncbnet/internal/text"
)

// Record is one synthetic record, in the shape of an import line.
type Record struct {
	Key    string
	Schema string
	// Properties are in a fixed order, so that output is stable.
	Properties []Property
}

// Property is one property of a Record with its values.
type Property struct {
	Name   string
	Values []string
}

// Kind makes records of one kind.
type Kind interface {
	// Database is the id of the database the records belong in.
	Database() string
	// Columns are the property columns of a CSV file, in order.
	Columns() []string
	// Record returns record i (from 0) of seed: the same for the same
	// arguments, whoever asks and in whatever order.
	Record(seed uint64, i int) Record
}

// Kinds lists the kinds this package makes, by the name the command line
// gives them.
func Kinds() map[string]Kind {
	return map[string]Kind{"sltd": TravelDocuments{}, "persons": Persons{}, "works-of-art": Artworks{}, "incidents": Incidents{}}
}

// The output formats, as an import takes them.
const (
	NDJSON = "ndjson"
	CSV    = "csv"
)

// Write writes records [from, to) of seed in format (NDJSON or CSV; a CSV
// file starts with its header). CSV cells are made safe to open in a
// spreadsheet (text.SpreadsheetCell); the kinds here make no value that
// this changes, so the file imports as the NDJSON does.
func Write(w io.Writer, k Kind, format string, seed uint64, from, to int) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	switch format {
	case NDJSON:
		var line []byte
		for i := from; i < to; i++ {
			line = appendNDJSON(line[:0], k.Record(seed, i))
			if _, err := bw.Write(line); err != nil {
				return fmt.Errorf("synth: write: %w", err)
			}
		}
	case CSV:
		cw := csv.NewWriter(bw)
		cols := k.Columns()
		row := append([]string{"key", "schema"}, cols...)
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("synth: write: %w", err)
		}
		for i := from; i < to; i++ {
			rec := k.Record(seed, i)
			row[0], row[1] = text.SpreadsheetCell(rec.Key), text.SpreadsheetCell(rec.Schema)
			for c := range cols {
				row[2+c] = ""
			}
			for _, p := range rec.Properties {
				for c, name := range cols {
					if name == p.Name {
						row[2+c] = text.SpreadsheetCell(strings.Join(p.Values, ";"))
					}
				}
			}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("synth: write: %w", err)
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("synth: write: %w", err)
		}
	default:
		return fmt.Errorf("synth: format %q is neither ndjson nor csv", format)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("synth: write: %w", err)
	}
	return nil
}

// appendNDJSON appends rec as one line of JSON.
func appendNDJSON(b []byte, rec Record) []byte {
	b = append(b, `{"key":`...)
	b = appendString(b, rec.Key)
	b = append(b, `,"schema":`...)
	b = appendString(b, rec.Schema)
	b = append(b, `,"properties":{`...)
	for i, p := range rec.Properties {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, p.Name)
		b = append(b, ":["...)
		for j, v := range p.Values {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendString(b, v)
		}
		b = append(b, ']')
	}
	return append(b, "}}\n"...)
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		i++
	}
	return append(b, '"')
}
