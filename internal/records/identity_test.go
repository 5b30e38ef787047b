package records

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

func TestDocumentIdentity(t *testing.T) {
	doc := func(number, country, typ string) map[string][]string {
		return map[string][]string{"number": {number}, "country": {country}, "type": {typ}, "status": {"stolen"}}
	}
	for _, tc := range []struct {
		name, db string
		props    map[string][]string
		want     string
	}{
		{"passport", "sltd", doc("19FV04321", "FRA", "P"), "P|FRA|19FV04321"},
		{"number as typed", "sltd", doc("19fv 04-321", "fra", "P"), "P|FRA|19FV04321"},
		{"tdawn", "tdawn", doc("19FV04321", "FRA", "I"), "I|FRA|19FV04321"},
		{"administrative document", "sad", doc("VR998877", "NGA", "vehicle-registration"), "vehicle-registration|NGA|VR998877"},
		{"an administrative document of no named type", "sad", doc("VR998877", "NGA", "other"), ""},
		{"a person's passport number", "nominal", map[string][]string{"name": {"Jean Martin"}, "passportNumber": {"19FV04321"}}, ""},
		{"several numbers (stored before they were refused)", "sltd", map[string][]string{"number": {"A1", "A2"}, "country": {"FRA"}, "type": {"P"}}, ""},
		{"no number", "sltd", map[string][]string{"country": {"FRA"}, "type": {"P"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := documentIdentity(tc.db, tc.props); got != tc.want {
				t.Fatalf("documentIdentity = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestDocumentDatabases: the databases whose documents have an identity
// exist and are in name order (the order they are given identities in).
func TestDocumentDatabases(t *testing.T) {
	for _, db := range documentDatabases {
		if _, ok := DatabaseByID(db); !ok {
			t.Fatalf("no database %s", db)
		}
	}
	if !slices.IsSorted(documentDatabases) {
		t.Fatalf("%v are not in name order", documentDatabases)
	}
}

// officerOf is an officer of a bureau's NCB.
func officerOf(t *testing.T, db *store.DB, iso3 string) access.Principal {
	t.Helper()
	ncb, err := member.NCBOf(context.Background(), db, iso3)
	if err != nil {
		t.Fatal(err)
	}
	return access.Principal{ID: "01J" + iso3 + "OFFICER00000000000000", Name: strings.ToLower(iso3) + ".officer", Country: iso3, UnitID: ncb.ID, UnitKind: access.KindNCB, Roles: []access.Role{access.RoleOfficer}}
}

func passport(number, country, typ string) NewRecord {
	return NewRecord{Schema: "Passport", Properties: map[string][]string{"number": {number}, "country": {country}, "type": {typ}, "status": {"stolen"}}}
}

// wantTaken fails unless err is the conflict of a document already recorded,
// naming holder (if not empty).
func wantTaken(t *testing.T, err error, holder string) {
	t.Helper()
	fe, ok := fault.As(err)
	if !ok || fe.Code != fault.Conflict || fe.Field != "properties.number" {
		t.Fatalf("err = %v, want a conflict on properties.number", err)
	}
	if !strings.Contains(fe.Message, holder) {
		t.Fatalf("conflict %q does not name record %s", fe.Message, holder)
	}
}

// TestDocumentRecordedOnce: a document is recorded once per database, its
// number compared as the index compares it; a refusal writes nothing and
// names the record that holds it when the writer may see that record.
func TestDocumentRecordedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newImportFixture(t, db)
		ctx := context.Background()
		fra, deu := f.officer, officerOf(t, db, "DEU")
		first, _, err := f.s.Create(ctx, fra, "sltd", passport("19FV04321", "FRA", "P"))
		if err != nil {
			t.Fatal(err)
		}
		changes := func() int {
			return f.count(t, `SELECT count(*) FROM audit_pending`) + f.count(t, `SELECT count(*) FROM audit_entries WHERE action IN ('record.create', 'record.update')`)
		}

		t.Run("a second record of the document is refused, naming the first", func(t *testing.T) {
			if err := f.log.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			records, audited := f.records(t), changes()
			for _, number := range []string{"19FV04321", "19fv 04321", "19FV-04-321"} {
				_, _, err := f.s.Create(ctx, fra, "sltd", passport(number, "fra", "P"))
				wantTaken(t, err, first.ID)
			}
			if err := f.log.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			if f.records(t) != records || changes() != audited {
				t.Fatal("a refused record was written or audited as a change")
			}
		})

		t.Run("another type or another country is another document", func(t *testing.T) {
			if _, _, err := f.s.Create(ctx, fra, "sltd", passport("19FV04321", "FRA", "I")); err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.s.Create(ctx, deu, "sltd", passport("19FV04321", "DEU", "P")); err != nil {
				t.Fatal(err)
			}
			// TDAWN is another database.
			if _, _, err := f.s.Create(ctx, fra, "tdawn", passport("19FV04321", "FRA", "P")); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("a retry with the key returns the record, not a conflict", func(t *testing.T) {
			n := passport("20KE00001", "FRA", "P")
			n.Key = "retry-1"
			made, created, err := f.s.Create(ctx, fra, "sltd", n)
			if err != nil || !created {
				t.Fatal(created, err)
			}
			again, created, err := f.s.Create(ctx, fra, "sltd", n)
			if err != nil || created || again.ID != made.ID {
				t.Fatalf("retry: %v %v %v", again.ID, created, err)
			}
			n.Key = "retry-2"
			_, _, err = f.s.Create(ctx, fra, "sltd", n)
			wantTaken(t, err, made.ID)
		})

		t.Run("an update into another record's document is refused; one keeping its own is not", func(t *testing.T) {
			other, _, err := f.s.Create(ctx, fra, "sltd", passport("20UP00001", "FRA", "P"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.s.Update(ctx, fra, other.ID, Patch{Properties: map[string][]string{"number": {"19fv04321"}}})
			wantTaken(t, err, first.ID)
			if got, _ := getRecord(ctx, db, other.ID); got.Version != 1 {
				t.Fatalf("the refused update was written: version %d", got.Version)
			}
			if _, err := f.s.Update(ctx, fra, other.ID, Patch{Properties: map[string][]string{"status": {"lost"}}}); err != nil {
				t.Fatal(err)
			}
			// The number moves: the old one is free, the new one taken.
			if _, err := f.s.Update(ctx, fra, other.ID, Patch{Properties: map[string][]string{"number": {"20UP00002"}}}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.s.Create(ctx, fra, "sltd", passport("20UP00001", "FRA", "P")); err != nil {
				t.Fatalf("the number left behind: %v", err)
			}
			_, _, err = f.s.Create(ctx, fra, "sltd", passport("20UP 00002", "FRA", "P"))
			wantTaken(t, err, other.ID)
		})

		t.Run("a blocked record keeps its document; a deleted one frees it", func(t *testing.T) {
			r, _, err := f.s.Create(ctx, fra, "sltd", passport("20BL00001", "FRA", "P"))
			if err != nil {
				t.Fatal(err)
			}
			blocked := StatusBlocked
			if _, err := f.s.Update(ctx, fra, r.ID, Patch{Status: &blocked}); err != nil {
				t.Fatal(err)
			}
			_, _, err = f.s.Create(ctx, fra, "sltd", passport("20BL00001", "FRA", "P"))
			wantTaken(t, err, r.ID)
			if err := f.s.Delete(ctx, fra, r.ID); err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.s.Create(ctx, fra, "sltd", passport("20BL00001", "FRA", "P")); err != nil {
				t.Fatalf("after deletion: %v", err)
			}
		})

		t.Run("a record is one document", func(t *testing.T) {
			n := passport("20MU00001", "FRA", "P")
			n.Properties["number"] = append(n.Properties["number"], "20MU00002")
			if _, _, err := f.s.Create(ctx, fra, "sltd", n); fault.CodeOf(err) != fault.InvalidField {
				t.Fatalf("two numbers: %v", err)
			}
		})

		t.Run("administrative documents; one of type other is not unique", func(t *testing.T) {
			doc := func(number, typ string) NewRecord {
				return NewRecord{Schema: "AdministrativeDocument", Properties: map[string][]string{"number": {number}, "country": {"FRA"}, "type": {typ}, "status": {"stolen"}}}
			}
			made, _, err := f.s.Create(ctx, fra, "sad", doc("VR998877", "visa"))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = f.s.Create(ctx, fra, "sad", doc("vr 998877", "visa"))
			wantTaken(t, err, made.ID)
			for range 2 {
				if _, _, err := f.s.Create(ctx, fra, "sad", doc("VR998877", "other")); err != nil {
					t.Fatal(err)
				}
			}
		})

		t.Run("another bureau's record is named only if the writer may see it, and the owner learns of the refusal", func(t *testing.T) {
			open, _, err := f.s.Create(ctx, deu, "tdawn", passport("C01X00T47", "DEU", "P"))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = f.s.Create(ctx, fra, "tdawn", passport("C01X00T47", "DEU", "P"))
			wantTaken(t, err, open.ID)
			hidden := passport("C01X00T48", "DEU", "P")
			hidden.Restrictions = &access.Restrictions{ExcludedCountries: []string{"FRA"}}
			kept, _, err := f.s.Create(ctx, deu, "tdawn", hidden)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = f.s.Create(ctx, fra, "tdawn", passport("C01X00T48", "DEU", "P"))
			wantTaken(t, err, "")
			if fe, _ := fault.As(err); strings.Contains(fe.Message, kept.ID) {
				t.Fatalf("the conflict names a record FRA may not see: %s", fe.Message)
			}
			if err := f.log.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			entries, err := f.log.Entries(ctx, audit.Filter{Action: "record.create", Outcome: audit.OutcomeFailure, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 2 || entries[0].Reason != "conflict" || entries[0].Resources[0] != kept.ID || entries[0].Subjects[0] != "DEU" || entries[0].Actor.Country != "FRA" || entries[1].Resources[0] != open.ID {
				t.Fatalf("refusals audited: %+v", entries)
			}
		})

		t.Run("of concurrent creates of one document, exactly one succeeds", func(t *testing.T) {
			for round := range 10 {
				number := fmt.Sprintf("21CC%05d", round)
				var (
					wg               sync.WaitGroup
					mu               sync.Mutex
					made, conflicted int
				)
				for i := range 4 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						n := passport(number, "FRA", "P")
						n.Key = fmt.Sprintf("race-%d-%d", round, i)
						_, _, err := f.s.Create(ctx, fra, "sltd", n)
						mu.Lock()
						defer mu.Unlock()
						switch {
						case err == nil:
							made++
						case fault.CodeOf(err) == fault.Conflict:
							conflicted++
						default:
							t.Errorf("create: %v", err)
						}
					}()
				}
				wg.Wait()
				if made != 1 || conflicted != 3 {
					t.Fatalf("round %d: %d made, %d refused", round, made, conflicted)
				}
			}
		})
	})
}

// TestImportDocumentRecordedOnce: a line whose document a record holds, or
// an earlier line of the file, is refused with its number; the rest of its
// batch is imported.
func TestImportDocumentRecordedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newImportFixture(t, db)
		ctx := context.Background()
		held, _, err := f.s.Create(ctx, f.officer, "sltd", passport("22IM00001", "FRA", "P"))
		if err != nil {
			t.Fatal(err)
		}
		body := strings.Join([]string{
			passportLine("imp-1", "22IM00001"),  // 1 held by a record
			passportLine("imp-2", "22IM00002"),  // 2
			passportLine("imp-3", "22im 00002"), // 3 line 2's document
			passportLine("imp-4", "22IM00004"),  // 4
			passportLine("imp-5", "22IM00004"),  // 5 line 4's, in the next batch
			passportLine("imp-2", "22IM00002"),  // 6 line 2 again: its key
			passportLine("imp-7", "22IM-00007"), // 7
			passportLine("imp-8", "22IM00008"),  // 8
		}, "\n")
		want := func(rep ImportReport, created, existing int, lines ...int) {
			t.Helper()
			wantReport(t, rep, 8, created, existing, len(lines))
			for i, l := range lines {
				if e := rep.Errors[i]; e.Line != l || e.Code != fault.Conflict || e.Field != "properties.number" {
					t.Fatalf("errors %+v, want conflicts on lines %v", rep.Errors, lines)
				}
			}
		}
		rep := f.importNDJSON(t, body, 4)
		want(rep, 4, 1, 1, 3, 5)
		if !strings.Contains(rep.Errors[0].Message, held.ID) || !strings.Contains(rep.Errors[1].Message, "line 2") {
			t.Fatalf("errors %+v", rep.Errors)
		}
		if f.records(t) != 5 {
			t.Fatalf("%d records stored", f.records(t))
		}
		// Sent again: what was imported exists, the same lines are refused.
		rep = f.importNDJSON(t, body, 4)
		want(rep, 0, 5, 1, 3, 5)
		// A whole batch of one file: the line before wins.
		rep = f.importNDJSON(t, body, 10000)
		want(rep, 0, 5, 1, 3, 5)
		if f.records(t) != 5 {
			t.Fatalf("%d records stored", f.records(t))
		}
		if err := f.log.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT count(*) FROM audit_entries WHERE outcome = 'failure'`); n != 0 {
			t.Fatalf("%d refusals audited for the importer's own records", n)
		}

		t.Run("another bureau's record: named if visible, and its owner learns of the refusal", func(t *testing.T) {
			deu := officerOf(t, db, "DEU")
			open, _, err := f.s.Create(ctx, deu, "tdawn", passport("C02X00T47", "DEU", "P"))
			if err != nil {
				t.Fatal(err)
			}
			hidden := passport("C02X00T48", "DEU", "P")
			hidden.Restrictions = &access.Restrictions{ExcludedCountries: []string{"FRA"}}
			kept, _, err := f.s.Create(ctx, deu, "tdawn", hidden)
			if err != nil {
				t.Fatal(err)
			}
			line := func(key, number string) string {
				return fmt.Sprintf(`{"key":%q,"schema":"Passport","properties":{"number":[%q],"country":["DEU"],"type":["P"],"status":["revoked"]}}`, key, number)
			}
			rep, err := f.s.Import(ctx, f.officer, "tdawn", FormatNDJSON, strings.NewReader(line("t-1", "C02X00T47")+"\n"+line("t-2", "C02X00T48")+"\n"+line("t-3", "C02X00T49")), nil)
			if err != nil {
				t.Fatal(err)
			}
			wantReport(t, rep, 3, 1, 0, 2)
			if !strings.Contains(rep.Errors[0].Message, open.ID) || strings.Contains(rep.Errors[1].Message, kept.ID) || rep.Errors[1].Code != fault.Conflict {
				t.Fatalf("errors %+v", rep.Errors)
			}
			if err := f.log.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			entries, err := f.log.Entries(ctx, audit.Filter{Action: "record.import", Outcome: audit.OutcomeFailure, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 || len(entries[0].Resources) != 2 || entries[0].Subjects[0] != "DEU" || entries[0].Details["import_id"] != rep.ImportID {
				t.Fatalf("refusals audited: %+v", entries)
			}
		})

		t.Run("concurrent imports of the same documents create each once", func(t *testing.T) {
			before := f.records(t)
			const docs = 300
			reports := make([]ImportReport, 3)
			var wg sync.WaitGroup
			for i := range reports {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var b strings.Builder
					for d := range docs {
						b.WriteString(passportLine(fmt.Sprintf("conc-%d-%d", i, d), fmt.Sprintf("24CI%05d", d)) + "\n")
					}
					rep, err := f.s.importStream(ctx, f.officer, "sltd", FormatNDJSON, strings.NewReader(b.String()), nil, 50)
					if err != nil {
						t.Error(err)
					}
					reports[i] = rep
				}()
			}
			wg.Wait()
			created, rejected := 0, 0
			for _, r := range reports {
				created, rejected = created+r.Created, rejected+r.Rejected
			}
			if created != docs || rejected != 2*docs || f.records(t) != before+docs {
				t.Fatalf("%d created, %d rejected, %d stored", created, rejected, f.records(t)-before)
			}
		})
	})
}

// TestAssignDocumentIdentities: records stored before identities were kept
// get theirs at start, once; of two records of one document the older
// holds it, the later is kept and logged, and takes it when the older is
// gone and it is updated.
func TestAssignDocumentIdentities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newImportFixture(t, db)
		ctx := context.Background()
		var ids []string
		for i, number := range []string{"23BF00001", "23BF00002", "23BF00003", "23BF00004", "23BF00005"} {
			r, _, err := f.s.Create(ctx, f.officer, "sltd", passport(number, "FRA", "P"))
			if err != nil {
				t.Fatal(i, err)
			}
			ids = append(ids, r.ID)
		}
		sad, _, err := f.s.Create(ctx, f.officer, "sad", NewRecord{Schema: "AdministrativeDocument", Properties: map[string][]string{
			"number": {"VR998877"}, "country": {"FRA"}, "type": {"visa"}, "status": {"stolen"}}})
		if err != nil {
			t.Fatal(err)
		}
		tdawn, _, err := f.s.Create(ctx, f.officer, "tdawn", passport("23BF00002", "FRA", "P"))
		if err != nil {
			t.Fatal(err)
		}
		// As stored before: no identities, the migration's cursor at the
		// start, and two records of one document (the third written over
		// with the second's properties, as the old code allowed).
		for _, q := range []string{
			`DELETE FROM record_documents`,
			`INSERT INTO record_documents_backfill (database_id, after) VALUES ('', '')`,
		} {
			if _, err := db.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Exec(ctx, `UPDATE records SET properties = (SELECT properties FROM records WHERE id = ?) WHERE id = ?`, ids[1], ids[2]); err != nil {
			t.Fatal(err)
		}
		var logged bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&logged, nil))
		if err := assignDocumentIdentities(ctx, db, logger, 2); err != nil {
			t.Fatal(err)
		}
		held := func(id string) string {
			var ident string
			err := db.QueryRow(ctx, `SELECT identity FROM record_documents WHERE record_id = ?`, id).Scan(&ident)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				t.Fatal(err)
			}
			return ident
		}
		for id, want := range map[string]string{ids[0]: "P|FRA|23BF00001", ids[1]: "P|FRA|23BF00002", ids[2]: "", ids[3]: "P|FRA|23BF00004",
			ids[4]: "P|FRA|23BF00005", sad.ID: "visa|FRA|VR998877", tdawn.ID: "P|FRA|23BF00002"} {
			if got := held(id); got != want {
				t.Errorf("record %s holds %q, want %q", id, got, want)
			}
		}
		if !strings.Contains(logged.String(), "records=6") || !strings.Contains(logged.String(), "record "+ids[2]+" repeats record "+ids[1]+" in sltd") {
			t.Fatalf("log: %s", logged.String())
		}
		if n := f.count(t, `SELECT count(*) FROM record_documents_backfill`); n != 0 {
			t.Fatalf("the work is not marked done: %d rows", n)
		}
		_, _, err = f.s.Create(ctx, f.officer, "sltd", passport("23BF00002", "FRA", "P"))
		wantTaken(t, err, ids[1])
		// The later record is still served and may change, its document as it is.
		if _, err := f.s.Update(ctx, f.officer, ids[2], Patch{Properties: map[string][]string{"status": {"lost"}}}); err != nil {
			t.Fatal(err)
		}
		// Done once: the next start does nothing.
		logged.Reset()
		if err := AssignDocumentIdentities(ctx, db, logger); err != nil {
			t.Fatal(err)
		}
		if logged.Len() != 0 {
			t.Fatalf("log: %s", logged.String())
		}
		// Once the older is deleted, the later takes the document when updated.
		if err := f.s.Delete(ctx, f.officer, ids[1]); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Update(ctx, f.officer, ids[2], Patch{Properties: map[string][]string{"status": {"stolen"}}}); err != nil {
			t.Fatal(err)
		}
		if got := held(ids[2]); got != "P|FRA|23BF00002" {
			t.Fatalf("record %s holds %q", ids[2], got)
		}
	})
}
