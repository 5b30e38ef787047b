package member

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/audit/audittest"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// TestMain proves that the audit integrators the tests started have stopped.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// newTestService returns a Service on db with the reference data seeded and
// a running audit log, wired as the node wires them. The log stops when t
// ends, before the store closes.
func newTestService(t *testing.T, db *store.DB) *Service {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewFake(t0)
	ids := id.NewGenerator(clk, nil)
	log := audittest.Start(t, db, clk, ids)
	// Units need no password hashing.
	s := NewService(db, log, nil, clk, ids)
	if err := s.SeedReference(ctx); err != nil {
		t.Fatalf("seed reference: %v", err)
	}
	return s
}

func countUnits(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT count(*) FROM units`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateUnitValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newTestService(t, db)
		operator := audit.SystemActor("operator")
		firstLine := access.FirstLineDatabases()
		slices.Sort(firstLine)

		for _, tc := range []struct {
			name  string
			unit  NewUnit
			code  fault.Code
			field string
			// On success, the unit's stored name and databases.
			wantName string
			wantDBs  []string
		}{
			{name: "no country", unit: NewUnit{Kind: access.KindSpecialised, Name: "x"}, code: fault.MissingField, field: "country"},
			{name: "lower-case country", unit: NewUnit{Country: "fra", Kind: access.KindSpecialised, Name: "x"}, code: fault.InvalidField, field: "country"},
			{name: "ISO2 country", unit: NewUnit{Country: "FR", Kind: access.KindSpecialised, Name: "x"}, code: fault.InvalidField, field: "country"},
			{name: "not a member", unit: NewUnit{Country: "XXX", Kind: access.KindSpecialised, Name: "x"}, code: fault.InvalidField, field: "country"},
			{name: "no kind", unit: NewUnit{Country: "FRA", Name: "x"}, code: fault.MissingField, field: "kind"},
			{name: "an NCB", unit: NewUnit{Country: "FRA", Kind: access.KindNCB, Name: "x"}, code: fault.InvalidField, field: "kind"},
			{name: "a Secretariat", unit: NewUnit{Country: "FRA", Kind: access.KindSecretariat, Name: "x"}, code: fault.InvalidField, field: "kind"},
			{name: "an oversight body", unit: NewUnit{Country: "FRA", Kind: access.KindOversight, Name: "x"}, code: fault.InvalidField, field: "kind"},
			{name: "unknown kind", unit: NewUnit{Country: "FRA", Kind: "embassy", Name: "x"}, code: fault.InvalidField, field: "kind"},
			{name: "no name", unit: NewUnit{Country: "FRA", Kind: access.KindSpecialised}, code: fault.MissingField, field: "name"},
			{name: "blank name", unit: NewUnit{Country: "FRA", Kind: access.KindSpecialised, Name: " \t "}, code: fault.MissingField, field: "name"},
			{name: "201 characters", unit: NewUnit{Country: "FRA", Kind: access.KindSpecialised, Name: strings.Repeat("é", 201)}, code: fault.InvalidField, field: "name"},
			{name: "control character", unit: NewUnit{Country: "FRA", Kind: access.KindSpecialised, Name: "Lyon\nairport"}, code: fault.InvalidField, field: "name"},
			{name: "invalid UTF-8", unit: NewUnit{Country: "FRA", Kind: access.KindSpecialised, Name: "Lyon \xff"}, code: fault.InvalidField, field: "name"},
			{name: "unknown database", unit: NewUnit{Country: "FRA", Kind: access.KindSpecialised, Name: "x", Databases: []string{"sltd", "facebook"}}, code: fault.InvalidField, field: "databases"},
			{name: "database in upper case", unit: NewUnit{Country: "FRA", Kind: access.KindSpecialised, Name: "x", Databases: []string{"SLTD"}}, code: fault.InvalidField, field: "databases"},
			{
				name: "200 characters", unit: NewUnit{Country: "FRA", Kind: access.KindSpecialised, Name: strings.Repeat("é", 200)},
				wantName: strings.Repeat("é", 200), wantDBs: []string{},
			},
			{
				name: "name trimmed", unit: NewUnit{Country: "FRA", Kind: access.KindSpecialised, Name: "  Cybercrime unit  "},
				wantName: "Cybercrime unit", wantDBs: []string{},
			},
			{
				name: "databases deduplicated and sorted", unit: NewUnit{Country: "FRA", Kind: access.KindSpecialised, Name: "Art squad", Databases: []string{"works-of-art", "sltd", "works-of-art", "dna"}},
				wantName: "Art squad", wantDBs: []string{"dna", "sltd", "works-of-art"},
			},
			{
				name: "a border point gets the first-line databases", unit: NewUnit{Country: "FRA", Kind: access.KindBorderPoint, Name: "Lyon airport"},
				wantName: "Lyon airport", wantDBs: firstLine,
			},
			{
				name: "a border point keeps the databases it is given", unit: NewUnit{Country: "FRA", Kind: access.KindBorderPoint, Name: "Calais", Databases: []string{"smv", "sltd"}},
				wantName: "Calais", wantDBs: []string{"sltd", "smv"},
			},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := countUnits(t, db)
				u, err := s.CreateUnitAsOperator(ctx, operator, tc.unit)
				if tc.code != "" {
					wantFault(t, err, tc.code, tc.field)
					if after := countUnits(t, db); after != before {
						t.Fatalf("a refused unit was stored: %d units, had %d", after, before)
					}
					return
				}
				wantFault(t, err, "", "")
				if u.Name != tc.wantName || !slices.Equal(u.Databases, tc.wantDBs) || u.Databases == nil {
					t.Fatalf("unit = %q %#v, want %q %#v", u.Name, u.Databases, tc.wantName, tc.wantDBs)
				}
				stored, err := GetUnit(ctx, db, u.ID)
				if err != nil {
					t.Fatal(err)
				}
				if stored.Name != tc.wantName || !slices.Equal(stored.Databases, tc.wantDBs) || stored.Kind != tc.unit.Kind || stored.Country != tc.unit.Country {
					t.Fatalf("stored unit = %+v", stored)
				}
			})
		}
	})
}
