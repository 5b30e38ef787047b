package access_test

import (
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// Changing a record needs seeing it: a unit of the owner's bureau that a
// restriction hides the record from may not change (and so unhide) it.
func TestRecordChangesRespectRestrictions(t *testing.T) {
	unit := specialisedUser("FRA", grants("sltd"), access.RoleOfficer)
	unit.UnitID = "UNIT-FRA-CYBER"
	ncb := ncbUser("FRA", access.RoleOfficer)
	ncbOnly := access.Resource{Country: "FRA", Database: "sltd", OwnerUnit: "UNIT-FRA-NCB", Restrictions: access.Restrictions{NCBOnly: true}}
	unitsOnly := access.Resource{Country: "FRA", Database: "sltd", OwnerUnit: "UNIT-FRA-OTHER", Restrictions: access.Restrictions{UnitKinds: []access.UnitKind{access.KindSpecialised}}}
	entered := ncbOnly
	entered.OwnerUnit = unit.UnitID
	for _, tc := range []struct {
		name string
		p    access.Principal
		a    access.Action
		r    access.Resource
		want fault.Code
	}{
		{"FRA unit updates a FRA NCB-only record", unit, access.RecordUpdate, ncbOnly, fault.RestrictedUnitKind},
		{"FRA unit deletes a FRA NCB-only record", unit, access.RecordDelete, ncbOnly, fault.RestrictedUnitKind},
		{"FRA unit updates the NCB-only record it entered", unit, access.RecordUpdate, entered, ""},
		{"FRA NCB updates a record released to specialised units only", ncb, access.RecordUpdate, unitsOnly, fault.RestrictedUnitKind},
		{"FRA NCB updates its NCB-only record", ncb, access.RecordUpdate, ncbOnly, ""},
	} {
		d := access.Decide(tc.p, tc.a, tc.r, "")
		if d.Allowed != (tc.want == "") || d.Reason != tc.want {
			t.Errorf("%s: allowed %v reason %q, want %q", tc.name, d.Allowed, d.Reason, tc.want)
		}
	}
}
