package access_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// TestRecordList: a bureau lists its own records without a purpose, within
// its units' database grants and the owner's unit-kind limits; another
// bureau's records it lists only as a search, with a purpose.
func TestRecordList(t *testing.T) {
	type rs = access.Restrictions
	unit := specialisedUser(owner, grants(sltd), officer)
	for _, tc := range []struct {
		name string
		p    access.Principal
		r    access.Resource
		want fault.Code
	}{
		{"FRA NCB officer lists FRA SLTD", ncbUser(owner, officer), record(owner, sltd), allowed},
		{"FRA NCB analyst lists FRA SLTD", ncbUser(owner, analyst), record(owner, sltd), allowed},
		{"FRA NCB officer's token with records:read lists FRA SLTD", asToken(ncbUser(owner, officer), access.ScopeRecordsRead), record(owner, sltd), allowed},
		{"FRA NCB officer's token without records:read", asToken(ncbUser(owner, officer), access.ScopeChecks), record(owner, sltd), fault.ScopeNotGranted},
		{"FRA NCB DPO lists FRA SLTD", ncbUser(owner, dpo), record(owner, sltd), fault.RoleNotPermitted},
		{"FRA NCB officer lists DEU SLTD without a purpose", ncbUser(owner, officer), record(other, sltd), fault.OtherBureau},
		{"FRA NCB officer lists an unknown database", ncbUser(owner, officer), record(owner, unknownDatabase), fault.DatabaseNotGranted},
		{"FRA unit with SLTD lists FRA SLTD", unit, record(owner, sltd), allowed},
		{"FRA unit with SLTD lists FRA ICSE", unit, record(owner, icse), fault.DatabaseNotGranted},
		{"FRA unit lists a FRA NCB-only record", unit, restricted(owner, sltd, rs{NCBOnly: true}), fault.RestrictedUnitKind},
		{"FRA unit lists the NCB-only record it entered", unit, enteredBy(restricted(owner, sltd, rs{NCBOnly: true}), unit), allowed},
		{"FRA NCB lists its record withheld from other countries", ncbUser(owner, officer), restricted(owner, sltd, rs{Countries: []string{third}}), allowed},
		{"FRA border point lists FRA SLTD", borderUser(owner, grants(sltd), borderOfficer), record(owner, sltd), fault.UnitKindNotPermitted},
		{"Secretariat reviewer lists without a purpose", secretariatUser(reviewer), record(owner, sltd), fault.UnitKindNotPermitted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, purpose := range []access.Purpose{"", access.PurposeCriminalInvestigation} {
				wantDecision(t, access.Decide(tc.p, access.RecordList, tc.r, purpose), tc.want)
			}
		})
	}
	d := access.Decide(ncbUser(owner, officer), access.RecordList, record(other, sltd), "")
	if !strings.Contains(d.Message, "declare one") || !strings.Contains(d.Message, string(access.PurposeCriminalInvestigation)) {
		t.Errorf("listing another bureau's records without a purpose: %q does not say which purposes to declare", d.Message)
	}
}

// TestPurposeMeanings: every purpose says what it covers, and only the
// declared ones do.
func TestPurposeMeanings(t *testing.T) {
	for _, p := range access.Purposes {
		if m := p.Meaning(); len(m) < 20 {
			t.Errorf("purpose %s has no meaning worth reading: %q", p, m)
		}
	}
	if access.Purpose("curiosity").Meaning() != "" {
		t.Error("an unknown purpose has a meaning")
	}
	if got := access.PurposesFor(access.KindBorderPoint); !slices.Equal(got, borderPurposes) {
		t.Errorf("PurposesFor(border point) = %v, want %v", got, borderPurposes)
	}
	for _, k := range []access.UnitKind{access.KindNCB, access.KindSpecialised, access.KindSecretariat} {
		if got := access.PurposesFor(k); !slices.Equal(got, access.Purposes) {
			t.Errorf("PurposesFor(%s) = %v, want every purpose", k, got)
		}
	}
	access.PurposesFor(access.KindNCB)[0] = "changed"
	if access.Purposes[0] == "changed" {
		t.Error("PurposesFor hands out the package's own list")
	}
}

// TestPurposeRefusalsListThePurposes: a refusal for a missing or unknown
// purpose names the purposes the asker may declare, on the purpose field.
func TestPurposeRefusalsListThePurposes(t *testing.T) {
	ncb := ncbUser(other, officer)
	border := borderUser(other, grants(sltd), borderOfficer)
	for _, tc := range []struct {
		name    string
		p       access.Principal
		a       access.Action
		purpose access.Purpose
		want    fault.Code
		lists   []access.Purpose
	}{
		{"NCB without a purpose", ncb, access.RecordSearch, "", fault.PurposeRequired, access.Purposes},
		{"NCB with an unknown purpose", ncb, access.RecordSearch, "curiosity", fault.PurposeUnknown, access.Purposes},
		{"border point without a purpose", border, access.CheckRun, "", fault.PurposeRequired, borderPurposes},
		{"border point with an unknown purpose", border, access.CheckRun, "fishing", fault.PurposeUnknown, borderPurposes},
		{"border point investigating", border, access.CheckRun, access.PurposeCriminalInvestigation, fault.PurposeNotPermitted, borderPurposes},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := access.Decide(tc.p, tc.a, record(owner, sltd), tc.purpose)
			wantDecision(t, d, tc.want)
			for _, p := range access.Purposes {
				if listed := strings.Contains(d.Message, string(p)); listed != slices.Contains(tc.lists, p) {
					t.Errorf("%q: lists %s = %v", d.Message, p, listed)
				}
			}
			fe, _ := fault.As(d.Err())
			if fe == nil || fe.Field != "purpose" {
				t.Errorf("Err() = %+v, want the field purpose", d.Err())
			}
		})
	}
	long := access.Purpose(strings.Repeat("x", 10000))
	if d := access.Decide(ncb, access.RecordSearch, record(owner, sltd), long); len(d.Message) > 400 {
		t.Errorf("an unknown purpose of 10,000 bytes is echoed whole: %d bytes", len(d.Message))
	}
}
