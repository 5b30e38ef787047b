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
