package access_test

import (
	"slices"
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// declaredPurposes are the purpose ids of DOMAIN.md, written out again so
// that adding, renaming or dropping one fails a test.
var declaredPurposes = []access.Purpose{
	"locate-wanted-person", "identification", "criminal-investigation", "alert",
	"forensic", "border-control", "security-check", "threat-analysis",
}

// borderPurposes: a border point checks travellers and documents; it does not
// investigate.
var borderPurposes = []access.Purpose{"border-control", "security-check"}

func TestPurposesAreTheDeclaredOnes(t *testing.T) {
	got := slices.Sorted(slices.Values(access.Purposes))
	want := slices.Sorted(slices.Values(declaredPurposes))
	if !slices.Equal(got, want) {
		t.Errorf("access.Purposes = %v, want DOMAIN.md's %v", got, want)
	}
	for _, p := range declaredPurposes {
		if !p.Valid() {
			t.Errorf("purpose %q not valid", p)
		}
	}
}

// TestNeedsPurpose: exactly the actions that process police data need one.
func TestNeedsPurpose(t *testing.T) {
	for _, a := range access.Actions() {
		if got, want := access.NeedsPurpose(a), slices.Contains(visibilityActions, a); got != want {
			t.Errorf("NeedsPurpose(%s) = %v, want %v", a, got, want)
		}
	}
	if access.NeedsPurpose("record.export") {
		t.Error("NeedsPurpose of an unknown action = true")
	}
}

// purposeReaders may each do every visibility action they are given (with a
// fit purpose) on another bureau's SLTD record.
var purposeReaders = []struct {
	name    string
	p       access.Principal
	actions []access.Action
}{
	{"DEU NCB officer", ncbUser(other, officer), visibilityActions},
	{"DEU NCB officer's token", asToken(ncbUser(other, officer), access.ScopeRecordsRead, access.ScopeChecks), visibilityActions},
	{"DEU specialised unit officer with SLTD", specialisedUser(other, grants(sltd), officer), visibilityActions},
	{"Secretariat reviewer", secretariatUser(reviewer), []access.Action{access.RecordSearch, access.RecordRead}},
	{"DEU border officer at a border point", borderUser(other, grants(sltd), borderOfficer), []access.Action{access.CheckRun}},
	{"DEU border officer at a border point's token", asToken(borderUser(other, grants(sltd), borderOfficer), access.ScopeChecks), []access.Action{access.CheckRun}},
}

func TestPurposeMissing(t *testing.T) {
	for _, rd := range purposeReaders {
		for _, a := range rd.actions {
			t.Run(rd.name+"/"+string(a), func(t *testing.T) {
				wantDecision(t, access.Decide(rd.p, a, record(owner, sltd), ""), fault.PurposeRequired)
			})
		}
	}
}

func TestPurposeUnknown(t *testing.T) {
	unknown := []access.Purpose{"curiosity", "Border-Control", "border_control", " border-control", "criminal-investigation,alert", "*"}
	for _, rd := range purposeReaders {
		for _, a := range rd.actions {
			for _, purpose := range unknown {
				t.Run(rd.name+"/"+string(a)+"/"+string(purpose), func(t *testing.T) {
					wantDecision(t, access.Decide(rd.p, a, record(owner, sltd), purpose), fault.PurposeUnknown)
				})
			}
		}
	}
}

// TestPurposeEveryDeclared: every declared purpose is accepted from bureaus
// and the Secretariat; a border point may declare only the border ones.
func TestPurposeEveryDeclared(t *testing.T) {
	for _, rd := range purposeReaders {
		atBorder := rd.p.UnitKind == access.KindBorderPoint
		for _, a := range rd.actions {
			for _, purpose := range declaredPurposes {
				want := allowed
				if atBorder && !slices.Contains(borderPurposes, purpose) {
					want = fault.PurposeNotPermitted
				}
				t.Run(rd.name+"/"+string(a)+"/"+string(purpose), func(t *testing.T) {
					wantDecision(t, access.Decide(rd.p, a, record(owner, sltd), purpose), want)
				})
			}
		}
	}
}

// TestBorderPointPurposeOnEveryVisibilityAction: a border point is refused
// every visibility action with a non-border purpose. It cannot browse at all
// (unit kind, checked first); for checks the purpose is the reason.
func TestBorderPointPurposeOnEveryVisibilityAction(t *testing.T) {
	p := borderUser(other, grants(sltd), borderOfficer)
	want := map[access.Action]fault.Code{
		access.RecordSearch: fault.UnitKindNotPermitted,
		access.RecordRead:   fault.UnitKindNotPermitted,
		access.CheckRun:     fault.PurposeNotPermitted,
	}
	for _, a := range visibilityActions {
		for _, purpose := range declaredPurposes {
			if slices.Contains(borderPurposes, purpose) {
				continue
			}
			t.Run(string(a)+"/"+string(purpose), func(t *testing.T) {
				wantDecision(t, access.Decide(p, a, record(owner, sltd), purpose), want[a])
			})
		}
	}
}

// TestNonBorderUnitsAreNotLimitedToBorderPurposes: the border limit is about
// the border point, not the role: an NCB's border officer runs a check for a
// criminal investigation.
func TestNonBorderUnitsAreNotLimitedToBorderPurposes(t *testing.T) {
	p := ncbUser(other, borderOfficer)
	for _, purpose := range declaredPurposes {
		wantDecision(t, access.Decide(p, access.CheckRun, record(owner, sltd), purpose), allowed)
	}
}

// TestManagementNeedsNoPurpose: actions that do not process police data are
// allowed without a purpose, and a purpose (even an unknown one) changes
// nothing.
func TestManagementNeedsNoPurpose(t *testing.T) {
	cases := []struct {
		p access.Principal
		a access.Action
		r access.Resource
	}{
		{ncbUser(owner, officer), access.MemberRead, access.Resource{}},
		{ncbUser(owner, dpo), access.AuditRead, inBureau(owner)},
		{ncbUser(owner, officer), access.RecordCreate, record(owner, sltd)},
		{ncbUser(owner, officer), access.RecordUpdate, record(owner, sltd)},
		{ncbUser(owner, officer), access.RecordDelete, record(owner, sltd)},
		{ncbUser(owner, officer), access.HitRead, inBureau(owner)},
		{ncbUser(owner, analyst), access.HitRead, inBureau(owner)},
		{ncbUser(owner, dpo), access.HitRead, inBureau(owner)},
	}
	for _, a := range managementActions {
		cases = append(cases, struct {
			p access.Principal
			a access.Action
			r access.Resource
		}{ncbUser(owner, supervisor), a, inBureau(owner)})
	}
	for _, c := range cases {
		for _, purpose := range []access.Purpose{"", "curiosity", access.PurposeForensic} {
			if d := access.Decide(c.p, c.a, c.r, purpose); !d.Allowed {
				t.Errorf("%s by %v with purpose %q: %s, want allowed (no purpose needed)", c.a, c.p.Roles, purpose, describe(d))
			}
		}
	}
	// A border point's purpose limit applies to police data only: reading the
	// member list needs no border purpose.
	if d := access.Decide(borderUser(other, nil, borderOfficer), access.MemberRead, access.Resource{}, ""); !d.Allowed {
		t.Errorf("border point reads the member list without purpose: %s, want allowed", describe(d))
	}
}
