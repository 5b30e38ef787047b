package records

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/audit/audittest"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
	"go.uber.org/goleak"
)

// recorder is an Observer that keeps what it was told.
type recorder struct {
	mu      sync.Mutex
	changed []Record
}

func (r *recorder) RecordChanged(rec Record) {
	r.mu.Lock()
	r.changed = append(r.changed, rec)
	r.mu.Unlock()
}
func (r *recorder) RecordDeleted(Record) {}

func (r *recorder) count() int { r.mu.Lock(); defer r.mu.Unlock(); return len(r.changed) }

type importFixture struct {
	db       *store.DB
	s        *Service
	log      *audit.Log
	officer  access.Principal
	observed *recorder
}

func newImportFixture(t testing.TB, db *store.DB) *importFixture {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	ids := id.NewGenerator(clk, nil)
	log := audittest.Start(t, db, clk, ids)
	if err := member.NewService(db, log, nil, clk, ids).SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	ncb, err := member.NCBOf(ctx, db, "FRA")
	if err != nil {
		t.Fatal(err)
	}
	obs := &recorder{}
	return &importFixture{
		db: db, s: NewService(Config{DB: db, Audit: log, Clock: clk, IDs: ids, Observer: obs}), log: log, observed: obs,
		officer: access.Principal{ID: "01JFRAOFFICER0000000000000", Name: "fra.officer", Country: "FRA", UnitID: ncb.ID, UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}},
	}
}

func (f *importFixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *importFixture) records(t *testing.T) int {
	return f.count(t, `SELECT count(*) FROM records`)
}

// passportLine is an NDJSON line of a valid stolen passport.
func passportLine(key, number string) string {
	return fmt.Sprintf(`{"key":%q,"schema":"Passport","properties":{"number":[%q],"country":["FRA"],"type":["P"],"status":["stolen"]}}`, key, number)
}

func (f *importFixture) importNDJSON(t *testing.T, body string, batch int) ImportReport {
	t.Helper()
	rep, err := f.s.importStream(context.Background(), f.officer, "sltd", FormatNDJSON, strings.NewReader(body), nil, batch)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

func wantReport(t *testing.T, got ImportReport, lines, created, existing, rejected int) {
	t.Helper()
	if got.Lines != lines || got.Created != created || got.Existing != existing || got.Rejected != rejected || len(got.Errors) != rejected {
		t.Fatalf("report: lines %d created %d existing %d rejected %d (%d errors), want %d %d %d %d; errors %+v",
			got.Lines, got.Created, got.Existing, got.Rejected, len(got.Errors), lines, created, existing, rejected, got.Errors)
	}
}

func TestImportNDJSON(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newImportFixture(t, db)
		ctx := context.Background()

		t.Run("good lines are created, in batches, each audited and observed", func(t *testing.T) {
			var lines []string
			for i := range 25 {
				lines = append(lines, passportLine(fmt.Sprintf("good-%02d", i), fmt.Sprintf("12AB%05d", i)))
			}
			body := strings.Join(lines[:10], "\n") + "\n\r\n   \n" + strings.Join(lines[10:], "\r\n") // blank lines and CRLF
			var progress []ImportProgress
			rep, err := f.s.importStream(ctx, f.officer, "sltd", FormatNDJSON, strings.NewReader(body), func(p ImportProgress) { progress = append(progress, p) }, 10)
			if err != nil {
				t.Fatal(err)
			}
			wantReport(t, rep, 25, 25, 0, 0)
			if f.records(t) != 25 || f.observed.count() != 25 {
				t.Fatalf("%d records stored, %d observed", f.records(t), f.observed.count())
			}
			if len(progress) != 3 || progress[2].Created != 25 || progress[2].Bytes != int64(len(body)) {
				t.Fatalf("progress = %+v", progress)
			}
			if err := f.log.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			entries, err := f.log.Entries(ctx, audit.Filter{Action: "record.import", Resource: rep.ImportID, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 3 {
				t.Fatalf("%d audit entries, want one a batch (3)", len(entries))
			}
			e := entries[len(entries)-1] // newest first: the first batch is last
			if e.Details["lines"] != "10" || e.Details["created"] != "10" || e.Details["first_line"] != "1" || e.Details["database"] != "sltd" ||
				e.Subjects[0] != "FRA" || e.Actor.Name != "fra.officer" || e.Details["first_id"] == "" {
				t.Fatalf("audit entry = %+v", e)
			}
			r, _, err := recordByKey(ctx, db, "FRA", "sltd", "good-07")
			if err != nil || r.Properties["number"][0] != "12AB00007" || r.Owner != "FRA" || r.OwnerUnit != f.officer.UnitID || r.Version != 1 {
				t.Fatalf("stored record = %+v, %v", r, err)
			}
		})

		t.Run("bad lines are reported with their numbers and change nothing", func(t *testing.T) {
			before, observed := f.records(t), f.observed.count()
			body := strings.Join([]string{
				passportLine("mixed-1", "77XY00001"),                                                                             // 1 ok
				`{"key":"mixed-2","schema":"Passport","properties":`,                                                             // 2 not JSON
				`{"key":"mixed-3","schema":"Passport","colour":"red"}`,                                                           // 3 unknown field
				`{"schema":"Passport","properties":{"number":["77XY00004"],"country":["FRA"],"type":["P"],"status":["stolen"]}}`, // 4 no key
				strings.Replace(passportLine("mixed-5", "77XY00005"), `"FRA"`, `"QQQ"`, 1),                                       // 5 bad country
				`{"key":"mixed-6","schema":"Passport","properties":{"number":"77XY00006"}}`,                                      // 6 wrong type
				passportLine("mixed-7", "77XY#0007"),                                                                             // 7 bad number
				passportLine("mixed-1", "77XY99999"),                                                                             // 8 same key, other record
				`{"key":"mixed-9","schema":"Vehicle","properties":{}}`,                                                           // 9 wrong schema
				`{"key":"mixed-10","schema":"Passport","properties":{"number":["` + strings.Repeat("1", MaxImportLine) + `"]}}`,  // 10 too long
				passportLine("mixed-11", "77XY00011"),                                                                            // 11 ok
				`[1,2]`,                                                                                                          // 12 not an object
			}, "\n")
			rep := f.importNDJSON(t, body, 4)
			wantReport(t, rep, 12, 2, 0, 10)
			want := []struct {
				line  int
				code  fault.Code
				field string
			}{
				{2, fault.MalformedJSON, ""}, {3, fault.UnknownField, "colour"}, {4, fault.MissingField, "key"},
				{5, fault.InvalidField, "properties.country"}, {6, fault.WrongType, "properties"}, {7, fault.InvalidField, "properties.number"},
				{8, fault.Conflict, "key"}, {9, fault.InvalidField, "schema"}, {10, fault.BodyTooLarge, ""}, {12, fault.WrongType, ""},
			}
			for i, w := range want {
				if e := rep.Errors[i]; e.Line != w.line || e.Code != w.code || !strings.HasPrefix(e.Field, w.field) || e.Message == "" {
					t.Errorf("error %d = %+v, want line %d %s %s", i, e, w.line, w.code, w.field)
				}
			}
			if f.records(t) != before+2 || f.observed.count() != observed+2 {
				t.Fatalf("%d records written, %d observed, want 2", f.records(t)-before, f.observed.count()-observed)
			}
		})

		t.Run("sending a file again resumes it without duplicates", func(t *testing.T) {
			var lines []string
			for i := range 40 {
				lines = append(lines, passportLine(fmt.Sprintf("resume-%02d", i), fmt.Sprintf("55RS%05d", i)))
			}
			before := f.records(t)
			wantReport(t, f.importNDJSON(t, strings.Join(lines[:17], "\n"), 5), 17, 17, 0, 0)
			wantReport(t, f.importNDJSON(t, strings.Join(lines, "\n"), 5), 40, 23, 17, 0)
			wantReport(t, f.importNDJSON(t, strings.Join(lines, "\n"), 5), 40, 0, 40, 0)
			if got := f.records(t) - before; got != 40 {
				t.Fatalf("%d records after three sends, want 40", got)
			}
			// The same record written differently (case, spaces, order) is the same.
			same := `{"key":"resume-03","properties":{"status":["stolen"],"type":["P"],"country":["fra"],"number":[" 55rs00003 "]},"schema":"Passport","restrictions":{}}`
			wantReport(t, f.importNDJSON(t, same, 5), 1, 0, 1, 0)
		})

		t.Run("a body cut off: what was read is committed, and the whole file again completes it", func(t *testing.T) {
			var lines []string
			for i := range 30 {
				lines = append(lines, passportLine(fmt.Sprintf("cut-%02d", i), fmt.Sprintf("88CT%05d", i)))
			}
			whole := strings.Join(lines, "\n") + "\n"
			cut := io.MultiReader(strings.NewReader(whole[:len(whole)/2]), iotest.ErrReader(io.ErrUnexpectedEOF))
			rep, err := f.s.importStream(ctx, f.officer, "sltd", FormatNDJSON, cut, nil, 4)
			if fe, ok := fault.As(err); !ok || fe.Code != fault.BadParameter || !strings.Contains(fe.Message, "send the whole file again") {
				t.Fatalf("err = %v", err)
			}
			if rep.Created < 10 || rep.Created != rep.Lines-rep.Rejected || rep.Rejected > 1 {
				t.Fatalf("report of the cut import = %+v", rep)
			}
			done := rep.Created
			wantReport(t, f.importNDJSON(t, whole, 4), 30, 30-done, done, 0)
		})

		t.Run("the same key with other content is a conflict", func(t *testing.T) {
			rep := f.importNDJSON(t, passportLine("resume-04", "55RS99999")+"\n"+strings.Replace(passportLine("resume-05", "55RS00005"), `"stolen"`, `"lost"`, 1), 5)
			wantReport(t, rep, 2, 0, 0, 2)
			if e := rep.Errors[0]; e.Code != fault.Conflict || e.Field != "key" || e.Line != 1 || rep.Errors[1].Line != 2 {
				t.Fatalf("errors = %+v", rep.Errors)
			}
		})

		t.Run("a key twice in one batch: the first line wins", func(t *testing.T) {
			body := strings.Join([]string{
				passportLine("twice-b", "44TW00001"),
				passportLine("twice-a", "44TW00002"),
				strings.Replace(passportLine("twice-b", "44TW00003"), "stolen", "lost", 1),
				passportLine("twice-a", "44TW00002"),
			}, "\n")
			rep := f.importNDJSON(t, body, 100)
			wantReport(t, rep, 4, 2, 1, 1)
			if e := rep.Errors[0]; e.Line != 3 || e.Code != fault.Conflict {
				t.Fatalf("errors = %+v", rep.Errors)
			}
			r, _, err := recordByKey(ctx, db, "FRA", "sltd", "twice-b")
			if err != nil || r.Properties["number"][0] != "44TW00001" {
				t.Fatalf("twice-b = %+v, %v", r, err)
			}
		})

		t.Run("restrictions and review dates are validated as for one record", func(t *testing.T) {
			body := `{"key":"restricted-1","schema":"Passport","properties":{"number":["66RR00001"],"country":["FRA"],"type":["I"],"status":["lost"]},"restrictions":{"countries":["deu","ita"],"unit_kinds":["ncb"]},"review_at":"2030-01-01T00:00:00Z"}
{"key":"restricted-2","schema":"Passport","properties":{"number":["66RR00002"],"country":["FRA"],"type":["I"],"status":["lost"]},"restrictions":{"countries":["ZZZ"]}}
{"key":"restricted-3","schema":"Passport","properties":{"number":["66RR00003"],"country":["FRA"],"type":["I"],"status":["lost"]},"review_at":"2060-01-01T00:00:00Z"}
{"key":"restricted-4","schema":"Passport","properties":{"number":["66RR00004"],"country":["FRA"],"type":["I"],"status":["lost"]},"review_at":"soon"}`
			rep := f.importNDJSON(t, body, 100)
			wantReport(t, rep, 4, 1, 0, 3)
			if rep.Errors[0].Field != "restrictions.countries" || rep.Errors[1].Field != "review_at" || rep.Errors[2].Code != fault.WrongType {
				t.Fatalf("errors = %+v", rep.Errors)
			}
			r, _, err := recordByKey(ctx, db, "FRA", "sltd", "restricted-1")
			if err != nil || strings.Join(r.Restrictions.Countries, ",") != "DEU,ITA" || r.ReviewAt.Year() != 2030 {
				t.Fatalf("record = %+v, %v", r, err)
			}
		})

		t.Run("only who may create a record may import, and a refusal is audited", func(t *testing.T) {
			before := f.records(t)
			border := f.officer
			border.UnitKind, border.Roles = access.KindBorderPoint, []access.Role{access.RoleBorderOfficer}
			_, err := f.s.Import(ctx, border, "sltd", FormatNDJSON, strings.NewReader(passportLine("refused-1", "99RF00001")), nil)
			if c := fault.CodeOf(err); c != fault.RoleNotPermitted && c != fault.UnitKindNotPermitted {
				t.Fatalf("border officer: %v", err)
			}
			secretariat := access.Principal{ID: "x", Name: "secretariat.reviewer", UnitKind: access.KindSecretariat, Roles: []access.Role{access.RoleReviewer}}
			if _, err := f.s.Import(ctx, secretariat, "sltd", FormatNDJSON, strings.NewReader(passportLine("refused-2", "99RF00002")), nil); err == nil {
				t.Fatal("the Secretariat imported records of no bureau")
			}
			if _, err := f.s.Import(ctx, f.officer, "nowhere", FormatNDJSON, strings.NewReader(""), nil); fault.CodeOf(err) != fault.NotFound {
				t.Fatalf("unknown database: %v", err)
			}
			if f.records(t) != before {
				t.Fatal("a refused import wrote records")
			}
			if n := f.count(t, `SELECT count(*) FROM audit_entries WHERE action = ? AND outcome = ?`, "record.create", "denied"); n < 1 {
				t.Fatalf("%d refusals audited", n)
			}
		})
	})
}

func TestImportLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newImportFixture(t, db)
		ctx := context.Background()
		passport, _, err := f.s.Create(ctx, f.officer, "sltd", NewRecord{Schema: "Passport", Properties: map[string][]string{
			"number": {"12AB34567"}, "country": {"FRA"}, "type": {"P"}, "status": {"stolen"}}})
		if err != nil {
			t.Fatal(err)
		}
		person := func(key, doc string) string {
			return fmt.Sprintf(`{"key":%q,"schema":"Person","properties":{"name":["Jean Martin"],"documents":[%q]}}`, key, doc)
		}
		body := strings.Join([]string{
			person("p1", passport.ID),
			person("p2", "01JZZZZZZZZZZZZZZZZZZZZZZZ"),
			person("p3", "not-an-id"),
		}, "\n")
		rep, err := f.s.importStream(ctx, f.officer, "nominal", FormatNDJSON, strings.NewReader(body), nil, 10)
		if err != nil {
			t.Fatal(err)
		}
		wantReport(t, rep, 3, 1, 0, 2)
		if e := rep.Errors[0]; e.Line != 2 || e.Field != "properties.documents" || !strings.Contains(e.Message, "no record") {
			t.Fatalf("errors = %+v", rep.Errors)
		}
		// A link to a record of the wrong schema.
		vehicle, _, err := f.s.Create(ctx, f.officer, "smv", NewRecord{Schema: "Vehicle", Properties: map[string][]string{
			"vin": {"WVWZZZ1JZXW000001"}, "country": {"FRA"}, "status": {"stolen"}}})
		if err != nil {
			t.Skipf("no vehicle to link to: %v", err)
		}
		rep, err = f.s.importStream(ctx, f.officer, "nominal", FormatNDJSON, strings.NewReader(person("p4", vehicle.ID)), nil, 10)
		if err != nil {
			t.Fatal(err)
		}
		wantReport(t, rep, 1, 0, 0, 1)
		if !strings.Contains(rep.Errors[0].Message, "Vehicle") {
			t.Fatalf("errors = %+v", rep.Errors)
		}
	})
}

// cancelAfter is a body that cancels the import's context once n bytes were read.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n -= n; c.n <= 0 {
		c.cancel()
	}
	return n, err
}

// TestImportStopsItsGoroutine: an import that ends early, by its context,
// leaves no goroutine behind.
func TestImportStopsItsGoroutine(t *testing.T) {
	f := newImportFixture(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	var lines []string
	for i := range 3000 {
		lines = append(lines, passportLine(fmt.Sprintf("stop-%04d", i), fmt.Sprintf("22ST%05d", i)))
	}
	body := strings.Join(lines, "\n")
	ignore := goleak.IgnoreCurrent()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := f.s.importStream(ctx, f.officer, "sltd", FormatNDJSON, &cancelAfter{r: strings.NewReader(body), n: len(body) / 2, cancel: cancel}, nil, 100)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	goleak.VerifyNone(t, ignore)
}

// TestImportNotifiesInIDOrder: the observer (the index) learns of the
// records of a batch in the order of their IDs, whatever the order of
// their keys, as records inserted whole and as records of a batch that
// was not.
func TestImportNotifiesInIDOrder(t *testing.T) {
	f := newImportFixture(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	line := func(i int) string { return passportLine(fmt.Sprintf("order-%02d", 99-i), fmt.Sprintf("31OR%05d", i)) } // keys fall
	var lines []string
	for i := range 30 {
		lines = append(lines, line(i))
	}
	wantReport(t, f.importNDJSON(t, strings.Join(lines[10:20], "\n"), 100), 10, 10, 0, 0)
	wantReport(t, f.importNDJSON(t, strings.Join(lines, "\n"), 100), 30, 20, 10, 0) // some keys exist
	f.observed.mu.Lock()
	defer f.observed.mu.Unlock()
	if len(f.observed.changed) != 30 {
		t.Fatalf("%d records observed", len(f.observed.changed))
	}
	for _, batch := range [][]Record{f.observed.changed[:10], f.observed.changed[10:]} {
		for i := 1; i < len(batch); i++ {
			if batch[i-1].ID >= batch[i].ID {
				t.Fatalf("observed %s (key %s) before %s", batch[i-1].ID, batch[i-1].Properties["number"], batch[i].ID)
			}
		}
	}
}

// TestImportChangedSinceImported: a line is compared with the record's
// current version. Once its owner changed the record, the line sent again
// is a conflict saying so; a review date the line sets is compared too.
func TestImportChangedSinceImported(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newImportFixture(t, db)
		ctx := context.Background()
		edited := passportLine("edited-1", "32ED00001")
		review := func(at string) string {
			return strings.TrimSuffix(passportLine("review-1", "32ED00002"), "}") + `,"review_at":"` + at + `"}`
		}
		wantReport(t, f.importNDJSON(t, edited+"\n"+review("2030-01-01T00:00:00Z"), 10), 2, 2, 0, 0)

		r, _, err := recordByKey(ctx, db, "FRA", "sltd", "edited-1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Update(ctx, f.officer, r.ID, Patch{Properties: map[string][]string{"status": {"lost"}}}); err != nil {
			t.Fatal(err)
		}
		rep := f.importNDJSON(t, edited, 10)
		wantReport(t, rep, 1, 0, 0, 1)
		if e := rep.Errors[0]; e.Code != fault.Conflict || e.Field != "key" || !strings.Contains(e.Message, "changed since it was imported") || !strings.Contains(e.Message, r.ID) {
			t.Fatalf("error = %+v", e)
		}

		// The same review date, or none, is the same record; another is not.
		wantReport(t, f.importNDJSON(t, review("2030-01-01T00:00:00Z"), 10), 1, 0, 1, 0)
		wantReport(t, f.importNDJSON(t, passportLine("review-1", "32ED00002"), 10), 1, 0, 1, 0)
		rep = f.importNDJSON(t, review("2029-06-01T00:00:00Z"), 10)
		wantReport(t, rep, 1, 0, 0, 1)
		if e := rep.Errors[0]; e.Code != fault.Conflict || !strings.Contains(e.Message, "different record") {
			t.Fatalf("error = %+v", e)
		}
	})
}
