package records

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

func TestImportCSV(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newImportFixture(t, db)
		ctx := context.Background()
		importCSV := func(t *testing.T, dbID, body string) (ImportReport, error) {
			return f.s.importStream(ctx, f.officer, dbID, FormatCSV, strings.NewReader(body), nil, 3)
		}

		t.Run("rows become records; lists split on semicolons; quoted fields", func(t *testing.T) {
			body := "\xef\xbb\xbfkey,number,country,type,status,surname,givenName,birthDate,notes,restrictions.countries,restrictions.ncb_only\r\n" +
				"csv-1,12CS00001,FRA,P,stolen,Martin,Jean;Paul,1980-07,,,\r\n" +
				"csv-2,12CS00002,fra,I,lost,,,,\"a note, with a comma; and a \"\"quote\"\"\nover two lines\",DEU;ITA,true\r\n" +
				"\r\n" +
				"csv-3,12CS00003,FRA,P,revoked,,,,,,\r\n" +
				"csv-4,12CS00004,FRA,P,stolen\r\n" + // too few fields
				"csv-5,12CS00005,FRA,Z,stolen,,,,,,\r\n" + // bad type
				"csv-6,12CS00006,FRA,P,stolen,,,,,,maybe\r\n" + // bad ncb_only
				"csv-7,12CS\"00007,FRA,P,stolen,,,,,,\r\n" // bare quote
			rep, err := importCSV(t, "sltd", body)
			if err != nil {
				t.Fatal(err)
			}
			wantReport(t, rep, 7, 3, 0, 4)
			lines := []int{}
			for _, e := range rep.Errors {
				lines = append(lines, e.Line)
			}
			if !slices.Equal(lines, []int{7, 8, 9, 10}) || rep.Errors[1].Field != "properties.type" || rep.Errors[2].Field != "restrictions.ncb_only" {
				t.Fatalf("errors = %+v", rep.Errors)
			}
			r1, _, _ := recordByKey(ctx, db, "FRA", "sltd", "csv-1")
			if !slices.Equal(r1.Properties["givenName"], []string{"Jean", "Paul"}) || r1.Properties["birthDate"][0] != "1980-07" || r1.Properties["notes"] != nil {
				t.Fatalf("csv-1 = %+v", r1)
			}
			r2, _, _ := recordByKey(ctx, db, "FRA", "sltd", "csv-2")
			if r2.Properties["notes"][0] != "a note, with a comma; and a \"quote\"\nover two lines" || !r2.Restrictions.NCBOnly ||
				!slices.Equal(r2.Restrictions.Countries, []string{"DEU", "ITA"}) || r2.Properties["country"][0] != "FRA" {
				t.Fatalf("csv-2 = %+v", r2)
			}
			// The same rows sent again are existing.
			rep, err = importCSV(t, "sltd", body)
			if err != nil {
				t.Fatal(err)
			}
			wantReport(t, rep, 7, 0, 3, 4)
		})

		t.Run("a bad header stops the import before any row", func(t *testing.T) {
			for _, tc := range []struct{ name, db, header string }{
				{"unknown column", "sltd", "key,number,colour"},
				{"no key", "sltd", "number,country,type,status"},
				{"twice the same column", "sltd", "key,number,number"},
				{"no schema in a database of several", "terrorism", "key,name"},
				{"not CSV", "sltd", "key,\"number"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					before := f.records(t)
					_, err := importCSV(t, tc.db, tc.header+"\nx-1,12CS00009,FRA,P\n")
					var fe *fault.Error
					if !errors.As(err, &fe) || fe.Field != "header" || fe.Code.Status() != 422 {
						t.Fatalf("err = %v", err)
					}
					if f.records(t) != before {
						t.Fatal("a bad header wrote records")
					}
				})
			}
		})

		t.Run("a database of several schemas takes a schema column", func(t *testing.T) {
			rep, err := importCSV(t, "terrorism", "key,schema,name,birthDate\nt-1,Person,Ahmad Example,1975\nt-2,Planet,Mars,\n")
			if err != nil {
				t.Fatal(err)
			}
			wantReport(t, rep, 2, 1, 0, 1)
			if rep.Errors[0].Field != "schema" {
				t.Fatalf("errors = %+v", rep.Errors)
			}
		})

		t.Run("an empty body imports nothing", func(t *testing.T) {
			rep, err := importCSV(t, "sltd", "")
			if err != nil {
				t.Fatal(err)
			}
			wantReport(t, rep, 0, 0, 0, 0)
		})
	})
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 100)
	lr := newLineReader(strings.NewReader("\xef\xbb\xbfone\r\n"+long+"\n\ntwo\n"+long+long), 150)
	type got struct {
		line string
		n    int
		err  error
	}
	var all []got
	for {
		b, n, err := lr.raw()
		if errors.Is(err, io.EOF) {
			break
		}
		all = append(all, got{string(b), n, err})
	}
	want := []got{{"one", 1, nil}, {long, 2, nil}, {"", 3, nil}, {"two", 4, nil}, {"", 5, errLineTooLong}}
	if !slices.Equal(all, want) {
		t.Fatalf("lines = %+v", all)
	}
	if lr.bytes != int64(3+5+101+1+4+200) {
		t.Fatalf("bytes = %d", lr.bytes)
	}
}

// TestLineReaderSmallBuffer reads lines longer than the reader's buffer.
func TestLineReaderSmallBuffer(t *testing.T) {
	big := strings.Repeat("y", 600<<10)
	lr := newLineReader(strings.NewReader(big+"\nshort\n"+big+big+"\nlast"), 1<<20)
	var lens []int
	var errs []error
	for {
		b, _, err := lr.raw()
		if errors.Is(err, io.EOF) {
			break
		}
		lens, errs = append(lens, len(b)), append(errs, err)
	}
	if !slices.Equal(lens, []int{600 << 10, 5, 0, 4}) || errs[2] != errLineTooLong || errs[3] != nil {
		t.Fatalf("lines of %v, errors %v", lens, errs)
	}
}

func FuzzSplitCSV(f *testing.F) {
	for _, s := range []string{`a,b,c`, `"a,b",c`, `"a""b",`, `,`, `""`, `a"b`, `"a"b`, `"a`, "\"a\nb\",c", ` "a"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "\r") || strings.TrimSpace(s) == "" || breakOutsideQuotes(s) {
			return // line breaks between records are the line reader's; blank lines are skipped before
		}
		got, err := splitCSV([]byte(s), nil)
		r := csv.NewReader(strings.NewReader(s))
		r.FieldsPerRecord = -1
		want, werr := r.Read()
		if _, more := r.Read(); werr == nil && more != io.EOF {
			return // encoding/csv saw two records: a quoted line break is ours to join
		}
		if (err != nil) != (werr != nil) {
			t.Fatalf("%q: splitCSV %q, %v; encoding/csv %q, %v", s, got, err, want, werr)
		}
		if err == nil && !slices.Equal(got, want) {
			t.Fatalf("%q: splitCSV %q; encoding/csv %q", s, got, want)
		}
	})
}

func breakOutsideQuotes(s string) bool {
	for i := range len(s) {
		if s[i] == '\n' && quotes([]byte(s[:i]))%2 == 0 {
			return true
		}
	}
	return false
}

// TestImportCSVLongQuotedField: a quoted field too long for a record, or
// never closed, is dropped to its closing quote and the end of its record:
// the text inside it, however much it looks like rows, is never imported,
// and the whole record is one rejected line.
func TestImportCSVLongQuotedField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newImportFixture(t, db)
		importCSV := func(body string) ImportReport {
			t.Helper()
			rep, err := f.s.importStream(context.Background(), f.officer, "sltd", FormatCSV, strings.NewReader(body), nil, 3)
			if err != nil {
				t.Fatal(err)
			}
			return rep
		}
		row := func(key, number string) string { return key + "," + number + ",FRA,P,stolen,\r\n" }
		inside := row("inner-1", "29IN00001") + row("inner-2", "29IN00002") + `inner-3,29IN00003,FRA,P,stolen,"a ""quoted"" note"` + "\r\n"
		for _, tc := range []struct {
			name, notes string
		}{
			{"long over many lines", strings.Repeat(strings.Repeat("z", 1000)+"\n", MaxImportLine/1000) + inside},
			{"a line of it too long", inside + strings.Repeat("z", MaxImportLine+10) + "\n" + inside},
			{"its first line too long", strings.Repeat("z", MaxImportLine+10) + "\n" + inside},
			{"its last line too long", inside + strings.Repeat("z", MaxImportLine+10)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := f.records(t)
				body := "key,number,country,type,status,notes\r\n" +
					row("outer-1", "29OU00001") +
					"outer-2,29OU00002,FRA,P,stolen,\"" + tc.notes + "\"\r\n" +
					row("outer-3", "29OU00003")
				rep := importCSV(body)
				if rep.Lines != 3 || rep.Rejected != 1 || rep.Errors[0].Line != 3 || rep.Errors[0].Code != fault.BodyTooLarge {
					t.Fatalf("report = %+v", rep)
				}
				if f.count(t, `SELECT count(*) FROM records WHERE client_key LIKE 'inner-%'`) != 0 {
					t.Fatal("text of a quoted field was imported as records")
				}
				if n := f.records(t) - before; n != rep.Created {
					t.Fatalf("%d records written, %d created", n, rep.Created)
				}
				f.db.Exec(context.Background(), `DELETE FROM records WHERE client_key LIKE 'outer-%'`)
			})
		}
		t.Run("never closed", func(t *testing.T) {
			body := "key,number,country,type,status,notes\n" + row("outer-4", "29OU00004") +
				"outer-5,29OU00005,FRA,P,stolen,\"" + strings.Repeat("z", MaxImportLine+10) + "\n" + inside + row("inner-4", "29IN00004")
			rep := importCSV(body)
			wantReport(t, rep, 2, 1, 0, 1)
			if f.count(t, `SELECT count(*) FROM records WHERE client_key LIKE 'inner-%'`) != 0 {
				t.Fatal("text of a quoted field was imported as records")
			}
		})
	})
}

// csvRead is what csvReader.next gave for one record.
type csvRead struct {
	line   int
	fields string
	bad    bool
}

func readCSV(t *testing.T, body string, max int) []csvRead {
	t.Helper()
	c := &csvReader{lines: newLineReader(strings.NewReader(body), max)}
	var out []csvRead
	for {
		fields, ln, bad, stop := c.next()
		if errors.Is(stop, io.EOF) {
			return out
		}
		if stop != nil {
			t.Fatal(stop)
		}
		out = append(out, csvRead{ln, strings.Join(fields, "|"), bad != nil})
	}
}

// FuzzImportCSVRecordLimit: the limit on a record's size never moves where
// records start: a record too long is rejected whole, and what follows is
// read as it would be without the limit.
func FuzzImportCSVRecordLimit(f *testing.F) {
	for _, s := range []string{
		"a,b\nc,d\n", "a,\"b\nlong long long long\nx,y\n\",c\nd,e\n", "\"long long long long long\nx,y\"\nz\n",
		"a,\"x\nlong long long long long long\ny,z\n", "a\"b\nc,d\ne\"f\ng\n", "\"a\"\"b\n\"\"c\"\nd\n", "x,\"\n\n\ny\"\n",
	} {
		f.Add(s, uint8(10))
	}
	f.Fuzz(func(t *testing.T, s string, max uint8) {
		if len(s) > MaxImportLine || slices.ContainsFunc(strings.Split(s, "\n"), func(l string) bool { return len(l) > int(max)+1 && blank([]byte(l)) }) {
			return // a blank line too long is reported, not skipped
		}
		limited, whole := readCSV(t, s, int(max)+1), readCSV(t, s, MaxImportLine)
		if len(limited) != len(whole) {
			t.Fatalf("%q: with a limit of %d, %+v; without, %+v", s, int(max)+1, limited, whole)
		}
		for i, l := range limited {
			w := whole[i]
			if l.line != w.line || (!l.bad && l != w) {
				t.Fatalf("%q: with a limit of %d, %+v; without, %+v", s, int(max)+1, limited, whole)
			}
		}
	})
}
