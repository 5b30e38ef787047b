package access_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// expectVisibility is the test's own statement of who may see a record
// (DOMAIN.md, "Who is on the network" and "Records and their owner"), for a
// reader who declared a purpose fit for its unit. It is written from the
// domain, not from decide.go, and reuses only the hand-written tables of
// roles_test.go and databases_test.go.
func expectVisibility(p access.Principal, a access.Action, r access.Resource) fault.Code {
	// A border point checks travellers, it does not browse records; the
	// Secretariat reviews records but runs no first-line checks.
	if !kindPermits(p.UnitKind, a) {
		return fault.UnitKindNotPermitted
	}
	// What the reader's job lets it do, counting only roles its unit may
	// hold and, for a system's token, roles a token of its unit may carry
	// (none on a token of the Secretariat or the oversight body).
	roles := rolesThatCount(p)
	if !containsAny(roles, rolesPermitting(a)) {
		return fault.RoleNotPermitted
	}
	if p.Token && !slices.Contains(p.Scopes, scopeOf[a]) {
		return fault.ScopeNotGranted
	}
	// The question is about one of the network's databases. An NCB extends to
	// its units the databases it chooses, so those units must say which one
	// they work in; the NCB itself and the Secretariat work with all of them.
	holdsEveryDatabase := p.UnitKind == access.KindNCB || p.UnitKind == access.KindSecretariat
	switch {
	case r.Database == "" && holdsEveryDatabase:
	case !slices.Contains(domainDatabaseIDs(), r.Database):
		return fault.DatabaseNotGranted
	case !holdsEveryDatabase && !slices.Contains(p.Databases, r.Database):
		return fault.DatabaseNotGranted
	}
	return expectRestrictions(p, r)
}

// expectRestrictions is the test's own statement of the owner's restrictions
// alone (DOMAIN.md: "The owner may restrict access: only some countries, all
// but some countries, only NCBs (not border points or units), or only some
// kinds of unit"), whatever the action, purpose and database: what
// access.Sees answers, and the last step of expectVisibility.
func expectRestrictions(p access.Principal, r access.Resource) fault.Code {
	// The unit that entered the record (every user and token of it) has
	// it: the limits say whom the owner shares with, not who wrote it. A
	// record naming no entering unit was entered by no unit a reader is of.
	// The Secretariat's reviewers, who check data for compliance across the
	// network, are not bound either, but only as a reviewer role that counts
	// (never on a token). The Secretariat's other users are readers like any
	// other, of no country.
	enteredByReaderUnit := r.OwnerUnit != "" && p.UnitID == r.OwnerUnit
	networkReviewer := p.UnitKind == access.KindSecretariat && slices.Contains(rolesThatCount(p), reviewer)
	if enteredByReaderUnit || networkReviewer {
		return allowed
	}
	// "only some countries, all but some countries": about the reader's
	// country, so about the bureaus the owner shares with. The owner's own
	// bureau is not shared with, it owns the record: its country is never
	// refused, even when the owner listed it as excluded or left it off.
	rs := r.Restrictions
	ownBureau := r.Country != "" && r.Country == p.Country
	if !ownBureau {
		released := len(rs.Countries) == 0 || slices.Contains(rs.Countries, p.Country)
		withheld := slices.Contains(rs.ExcludedCountries, p.Country)
		if !released || withheld {
			return fault.RestrictedCountry
		}
	}
	// "only NCBs (not border points or units), or only some kinds of unit":
	// about the reader's unit, in every bureau, the owner's own included: a
	// record for NCBs only is kept from the owner's own specialised units and
	// border points, and one released to some kinds of unit that leave NCBs
	// out is kept from the owner's NCB too.
	ncbAdmitted := !rs.NCBOnly || p.UnitKind == access.KindNCB
	kindAdmitted := len(rs.UnitKinds) == 0 || slices.Contains(rs.UnitKinds, p.UnitKind)
	if !ncbAdmitted || !kindAdmitted {
		return fault.RestrictedUnitKind
	}
	return allowed
}

func rolesPermitting(a access.Action) []access.Role {
	var out []access.Role
	for _, role := range access.Roles {
		if rolePermits(role, a) {
			out = append(out, role)
		}
	}
	return out
}

// visibilityReader is a realistic reader of FRA's records with the purpose it
// would declare.
type visibilityReader struct {
	name    string
	p       access.Principal
	purpose access.Purpose
}

// visibilityReaders: the owner's bureau (its NCB, units and border points,
// users and tokens), other bureaus' NCBs, units and border points with and
// without the database, the Secretariat, system tokens, and users holding
// roles their unit may not hold.
func visibilityReaders(db string) []visibilityReader {
	return []visibilityReader{
		{"FRA NCB officer (owner's bureau)", ncbUser(owner, officer), access.PurposeCriminalInvestigation},
		{"FRA NCB analyst (owner's bureau)", ncbUser(owner, analyst), access.PurposeThreatAnalysis},
		{"FRA NCB border officer (owner's bureau)", ncbUser(owner, borderOfficer), access.PurposeBorderControl},
		{"FRA NCB officer's token with records:read and checks (owner's bureau)", asToken(ncbUser(owner, officer), access.ScopeRecordsRead, access.ScopeChecks), access.PurposeCriminalInvestigation},
		{"FRA specialised unit officer with the database (owner's country)", specialisedUser(owner, grants(db), officer), access.PurposeCriminalInvestigation},
		{"FRA specialised unit officer without the database (owner's country)", specialisedUser(owner, grants(smv), officer), access.PurposeCriminalInvestigation},
		{"FRA specialised unit officer's token with records:read and checks, with the database (owner's country)", asToken(specialisedUser(owner, grants(db), officer), access.ScopeRecordsRead, access.ScopeChecks), access.PurposeCriminalInvestigation},
		{"FRA border officer at a border point with the database (owner's country)", borderUser(owner, grants(db), borderOfficer), access.PurposeBorderControl},
		{"FRA border kiosk token with checks, with the database (owner's country)", asToken(borderUser(owner, grants(db), borderOfficer), access.ScopeChecks), access.PurposeBorderControl},
		{"DEU NCB officer", ncbUser(other, officer), access.PurposeLocateWantedPerson},
		{"DEU NCB analyst", ncbUser(other, analyst), access.PurposeThreatAnalysis},
		{"DEU NCB border officer", ncbUser(other, borderOfficer), access.PurposeBorderControl},
		{"DEU specialised unit officer with the database", specialisedUser(other, grants(smv, db), officer), access.PurposeCriminalInvestigation},
		{"DEU specialised unit officer without the database", specialisedUser(other, grants(smv), officer), access.PurposeCriminalInvestigation},
		{"DEU border officer at a border point with the database", borderUser(other, grants(db), borderOfficer), access.PurposeBorderControl},
		{"DEU border officer at a border point without the database", borderUser(other, grants(smv), borderOfficer), access.PurposeSecurityCheck},
		{"Secretariat reviewer", secretariatUser(reviewer), access.PurposeIdentification},
		{"Secretariat analyst", secretariatUser(analyst), access.PurposeThreatAnalysis},
		{"Secretariat reviewer who is also an analyst", secretariatUser(analyst, reviewer), access.PurposeThreatAnalysis},
		{"DEU NCB officer's token with records:read and checks", asToken(ncbUser(other, officer), access.ScopeRecordsRead, access.ScopeChecks), access.PurposeLocateWantedPerson},
		{"DEU NCB officer's token with records:read only", asToken(ncbUser(other, officer), access.ScopeRecordsRead), access.PurposeLocateWantedPerson},
		{"DEU border kiosk token with checks, with the database", asToken(borderUser(other, grants(db), borderOfficer), access.ScopeChecks), access.PurposeBorderControl},
		{"Secretariat analyst's token with records:read (a network-wide body's token carries no role)", asToken(secretariatUser(analyst), access.ScopeRecordsRead), access.PurposeThreatAnalysis},
		{"Secretariat reviewer's token with records:read (a token may not carry reviewer)", asToken(secretariatUser(reviewer), access.ScopeRecordsRead), access.PurposeIdentification},
		{"Secretariat token carrying analyst and reviewer with records:read (a network-wide body's token carries no role)", asToken(secretariatUser(analyst, reviewer), access.ScopeRecordsRead), access.PurposeThreatAnalysis},
		{"DEU NCB token carrying analyst and reviewer with records:read (reviewer counts for nothing)", asToken(ncbUser(other, analyst, reviewer), access.ScopeRecordsRead), access.PurposeThreatAnalysis},
		{"DEU specialised unit token carrying analyst and reviewer with records:read, with the database", asToken(specialisedUser(other, grants(db), analyst, reviewer), access.ScopeRecordsRead), access.PurposeThreatAnalysis},
		{"oversight body DPO's token with records:read and checks", asToken(oversightUser(dpo), access.ScopeRecordsRead, access.ScopeChecks), access.PurposeIdentification},
		// Roles their unit may not hold (unitRoleGrid) grant nothing: they
		// open neither browsing to a border point nor checks to the Secretariat,
		// nor anything else.
		{"DEU border point user wrongly given the officer role, with the database", borderUser(other, grants(db), officer, borderOfficer), access.PurposeBorderControl},
		{"DEU border point user holding only the officer role, with the database", borderUser(other, grants(db), officer), access.PurposeBorderControl},
		{"DEU specialised unit user wrongly given supervisor, with the database", specialisedUser(other, grants(db), supervisor), access.PurposeCriminalInvestigation},
		{"DEU NCB user wrongly given reviewer", ncbUser(other, reviewer), access.PurposeIdentification},
		{"DEU NCB officer wrongly given reviewer too", ncbUser(other, officer, reviewer), access.PurposeIdentification},
		{"DEU NCB analyst wrongly given reviewer too", ncbUser(other, analyst, reviewer), access.PurposeThreatAnalysis},
		{"Secretariat user wrongly given the officer role", secretariatUser(officer), access.PurposeIdentification},
	}
}

type namedRestrictions struct {
	name string
	rs   access.Restrictions
}

// everyRestriction enumerates every combination of the owner's restrictions
// as seen by a DEU reader: no allowlist, one with DEU, one without; no
// exclusion, one of DEU, one of another country, one of the owner's own
// country and DEU; NCB-only or not; and no unit-kind list or one of several.
// No allowlist names FRA, so an allowlist refuses the owner's own bureau
// unless it is exempt from the country limits.
func everyRestriction() []namedRestrictions {
	countries := []struct {
		name string
		list []string
	}{{"", nil}, {"released to DEU+ITA", []string{third, other}}, {"released to ITA+ESP", []string{third, fourth}}}
	excluded := []struct {
		name string
		list []string
	}{{"", nil}, {"withheld from DEU", []string{other}}, {"withheld from ESP", []string{fourth}}, {"withheld from FRA+DEU", []string{owner, other}}}
	ncbOnly := []bool{false, true}
	unitKinds := []struct {
		name string
		list []access.UnitKind
	}{
		{"", nil},
		{"kinds ncb", []access.UnitKind{access.KindNCB}},
		{"kinds specialised", []access.UnitKind{access.KindSpecialised}},
		{"kinds border-point", []access.UnitKind{access.KindBorderPoint}},
		{"kinds ncb+specialised", []access.UnitKind{access.KindNCB, access.KindSpecialised}},
		{"kinds specialised+border-point", []access.UnitKind{access.KindSpecialised, access.KindBorderPoint}},
	}
	var out []namedRestrictions
	for _, c := range countries {
		for _, e := range excluded {
			for _, n := range ncbOnly {
				for _, k := range unitKinds {
					ncbOnlyName := ""
					if n {
						ncbOnlyName = "NCB-only"
					}
					var parts []string
					for _, part := range []string{c.name, e.name, ncbOnlyName, k.name} {
						if part != "" {
							parts = append(parts, part)
						}
					}
					name := strings.Join(parts, ", ")
					if name == "" {
						name = "unrestricted"
					}
					out = append(out, namedRestrictions{name, access.Restrictions{
						Countries: c.list, ExcludedCountries: e.list, NCBOnly: n, UnitKinds: k.list,
					}})
				}
			}
		}
	}
	return out
}

// visibilityDatabases are the databases the combinations ask about: a
// first-line one, none named, and a name that is none of the network's.
var visibilityDatabases = []string{sltd, "", unknownDatabase}

// enteringUnits are the units a FRA record of the combinations was entered
// by: none recorded, FRA's NCB, the FRA specialised unit among the readers,
// and another FRA specialised unit that is no reader's.
var enteringUnits = []struct {
	name string
	unit string
}{
	{"no entering unit recorded", ""},
	{"entered by the FRA NCB", ncbUser(owner).UnitID},
	{"entered by the FRA specialised unit", specialisedUser(owner, nil).UnitID},
	{"entered by another FRA specialised unit", "unit-FRA-su-2"},
}

// restrictsCountries reports whether rs refuses the country of a reader
// from another bureau than the owner's.
func restrictsCountries(rs access.Restrictions, country string) bool {
	return len(rs.Countries) > 0 && !slices.Contains(rs.Countries, country) || slices.Contains(rs.ExcludedCountries, country)
}

// restrictsKind reports whether rs keeps a record from units of kind k.
func restrictsKind(rs access.Restrictions, k access.UnitKind) bool {
	return rs.NCBOnly && k != access.KindNCB || len(rs.UnitKinds) > 0 && !slices.Contains(rs.UnitKinds, k)
}

// TestVisibilityCombinations asks Decide about every visibility action, every
// combination of restrictions, every reader, database and entering unit, and
// compares with expectVisibility.
func TestVisibilityCombinations(t *testing.T) {
	restrictions := everyRestriction()
	cases, refusals := 0, map[fault.Code]int{}
	// The rules of the owner's bureau, each of which the enumeration must meet.
	var ownPastCountries, ownRefusedForKind, ownNCBRefusedForKind, enteringPastKind int
	for _, db := range visibilityDatabases {
		readers := visibilityReaders(db)
		for _, a := range visibilityActions {
			for _, rd := range readers {
				for _, nr := range restrictions {
					for _, eu := range enteringUnits {
						r := restricted(owner, db, nr.rs)
						r.OwnerUnit = eu.unit
						want := expectVisibility(rd.p, a, r)
						d := access.Decide(rd.p, a, r, rd.purpose)
						cases++
						refusals[want]++
						if d.Allowed != (want == allowed) || d.Reason != want {
							t.Errorf("%s: %s for %s on a FRA record in %q (%s; %s): %s, want %s",
								a, rd.name, rd.purpose, db, nr.name, eu.name, describe(d), describeWant(want))
						}
						entering := eu.unit != "" && eu.unit == rd.p.UnitID
						switch {
						case rd.p.Country != owner:
						case entering && restrictsKind(nr.rs, rd.p.UnitKind) && want == allowed:
							enteringPastKind++
						case entering:
						case restrictsCountries(nr.rs, owner) && !restrictsKind(nr.rs, rd.p.UnitKind) && want == allowed:
							ownPastCountries++
						case want == fault.RestrictedUnitKind && rd.p.UnitKind == access.KindNCB:
							ownNCBRefusedForKind++
						case want == fault.RestrictedUnitKind:
							ownRefusedForKind++
						}
					}
				}
			}
		}
	}
	// The enumeration must reach every outcome, or it proves less than it seems.
	for _, code := range []fault.Code{allowed, fault.UnitKindNotPermitted, fault.RoleNotPermitted, fault.ScopeNotGranted, fault.DatabaseNotGranted, fault.RestrictedCountry, fault.RestrictedUnitKind} {
		if refusals[code] == 0 {
			t.Errorf("no combination led to %s", describeWant(code))
		}
	}
	for name, n := range map[string]int{
		"the owner's bureau allowed past country limits that would refuse FRA":  ownPastCountries,
		"the owner's units or border points refused for their unit kind":        ownRefusedForKind,
		"the owner's NCB refused for its unit kind":                             ownNCBRefusedForKind,
		"the unit that entered the record allowed past limits on its unit kind": enteringPastKind,
	} {
		if n == 0 {
			t.Errorf("no combination met %s", name)
		}
	}
	t.Logf("%d visibility combinations (%d restrictions × %d readers × %d actions × %d databases × %d entering units); outcomes %v",
		cases, len(restrictions), len(visibilityReaders(sltd)), len(visibilityActions), len(visibilityDatabases), len(enteringUnits), refusals)
}

// TestSees: access.Sees answers the owner's restrictions alone, whatever
// the action, purpose, roles, scopes and database: the unit that entered
// the record and the Secretariat's reviewers (a reviewer role that counts)
// always see it; inside the owner's bureau only the unit-kind limits apply;
// other bureaus and the Secretariat's other users are bound by all.
func TestSees(t *testing.T) {
	type rs = access.Restrictions
	ncbOnly := rs{NCBOnly: true}
	cases := []struct {
		name string
		p    access.Principal
		r    access.Resource
		want bool
	}{
		// Other bureaus: every limit.
		{"DEU NCB, an unrestricted FRA record", ncbUser(other, officer), record(owner, sltd), true},
		{"DEU NCB, a FRA record released to DEU and ITA", ncbUser(other, officer), restricted(owner, sltd, rs{Countries: []string{other, third}}), true},
		{"ESP NCB, a FRA record released to DEU and ITA", ncbUser(fourth, officer), restricted(owner, sltd, rs{Countries: []string{other, third}}), false},
		{"DEU NCB, a FRA record withheld from DEU", ncbUser(other, officer), restricted(owner, sltd, rs{ExcludedCountries: []string{other}}), false},
		{"DEU NCB, a FRA NCB-only record", ncbUser(other, officer), restricted(owner, sltd, ncbOnly), true},
		{"DEU specialised unit, a FRA NCB-only record", specialisedUser(other, grants(sltd), officer), restricted(owner, sltd, ncbOnly), false},
		{"DEU border point, a FRA passport released to border points", borderUser(other, grants(sltd), borderOfficer), restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindBorderPoint}}), true},
		{"DEU NCB, a FRA record released to specialised units only", ncbUser(other, officer), restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindSpecialised}}), false},
		{"DEU specialised unit, an NCB-only FRA record a FRA specialised unit entered", specialisedUser(other, grants(sltd), officer), enteredBy(restricted(owner, sltd, ncbOnly), specialisedUser(owner, nil)), false},
		{"DEU NCB, a record of no owner released to ITA only", ncbUser(other, officer), restricted("", sltd, rs{Countries: []string{third}}), false},
		// The owner's bureau: the unit-kind limits only.
		{"FRA specialised unit, a FRA NCB-only record", specialisedUser(owner, grants(sltd), officer), restricted(owner, sltd, ncbOnly), false},
		{"the FRA specialised unit that entered a FRA NCB-only record", specialisedUser(owner, grants(sltd), officer), enteredBy(restricted(owner, sltd, ncbOnly), specialisedUser(owner, nil)), true},
		{"the token of the FRA specialised unit that entered a FRA NCB-only record", asToken(specialisedUser(owner, grants(sltd), officer), access.ScopeRecordsRead), enteredBy(restricted(owner, sltd, ncbOnly), specialisedUser(owner, nil)), true},
		{"another FRA specialised unit, a FRA NCB-only record a FRA specialised unit entered", specialisedUser(owner, grants(sltd), officer), access.Resource{Country: owner, OwnerUnit: "unit-FRA-su-2", Database: sltd, Restrictions: ncbOnly}, false},
		{"FRA NCB, a FRA NCB-only record", ncbUser(owner, officer), restricted(owner, sltd, ncbOnly), true},
		{"FRA NCB, a FRA record released to specialised units only", ncbUser(owner, officer), restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindSpecialised}}), false},
		{"the FRA NCB that entered a FRA record released to specialised units only", ncbUser(owner, officer), enteredBy(restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindSpecialised}}), ncbUser(owner)), true},
		{"FRA NCB, a FRA record released to ITA only", ncbUser(owner, officer), restricted(owner, sltd, rs{Countries: []string{third}}), true},
		{"FRA NCB, a FRA record withheld from FRA", ncbUser(owner, officer), restricted(owner, sltd, rs{ExcludedCountries: []string{owner}}), true},
		{"FRA border point, a FRA passport released to DEU only", borderUser(owner, grants(sltd), borderOfficer), restricted(owner, sltd, rs{Countries: []string{other}}), true},
		{"FRA border point, a FRA passport withheld from FRA", borderUser(owner, grants(sltd), borderOfficer), restricted(owner, sltd, rs{ExcludedCountries: []string{owner}}), true},
		{"FRA border point, a FRA passport released to DEU only, NCB-only", borderUser(owner, grants(sltd), borderOfficer), restricted(owner, sltd, rs{Countries: []string{other}, NCBOnly: true}), false},
		{"FRA border point, a FRA passport released to NCBs and specialised units", borderUser(owner, grants(sltd), borderOfficer), restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindNCB, access.KindSpecialised}}), false},
		{"a FRA reader of no unit, an NCB-only record of no recorded unit", access.Principal{Country: owner, UnitKind: access.KindSpecialised, Roles: []access.Role{officer}}, restricted(owner, sltd, ncbOnly), false},
		// The Secretariat: its reviewers are not bound; its other users, of no
		// country, are.
		{"Secretariat reviewer, a FRA record released to ITA NCB only", secretariatUser(reviewer), restricted(owner, sltd, rs{Countries: []string{third}, NCBOnly: true}), true},
		{"Secretariat reviewer's token, a FRA record released to ITA only", asToken(secretariatUser(reviewer), access.ScopeRecordsRead), restricted(owner, sltd, rs{Countries: []string{third}}), false},
		{"Secretariat analyst, a FRA NCB-only record", secretariatUser(analyst), restricted(owner, sltd, ncbOnly), false},
		{"Secretariat analyst, a FRA record released to DEU only", secretariatUser(analyst), restricted(owner, sltd, rs{Countries: []string{other}}), false},
		{"Secretariat analyst, a FRA record withheld from DEU", secretariatUser(analyst), restricted(owner, sltd, rs{ExcludedCountries: []string{other}}), true},
		{"a DEU NCB user wrongly given reviewer, a FRA record released to ITA only", ncbUser(other, reviewer), restricted(owner, sltd, rs{Countries: []string{third}}), false},
		// The rest of the decision is not Sees's: roles, unit kinds that may
		// not browse, scopes, grants, databases.
		{"DEU border point (which does not browse), an unrestricted FRA record", borderUser(other, nil, borderOfficer), record(owner, sltd), true},
		{"DEU specialised unit without the database, an unrestricted FRA ICSE record", specialisedUser(other, grants(sltd), officer), record(owner, icse), true},
		{"DEU NCB user with no role, an unrestricted FRA record", ncbUser(other), record(owner, sltd), true},
		{"DEU NCB token with no scope, an unrestricted FRA record", asToken(ncbUser(other, officer)), record(owner, sltd), true},
		{"DEU NCB, an unrestricted FRA record in an unknown database", ncbUser(other, officer), record(owner, unknownDatabase), true},
		{"DEU NCB, a FRA record withheld from DEU in an unknown database", ncbUser(other, officer), restricted(owner, unknownDatabase, rs{ExcludedCountries: []string{other}}), false},
	}
	for _, c := range cases {
		if got := access.Sees(c.p, c.r); got != c.want {
			t.Errorf("%s: Sees = %v, want %v", c.name, got, c.want)
		}
		if got := expectRestrictions(c.p, c.r) == allowed; got != c.want {
			t.Errorf("%s: the test's oracle says %v, the table %v", c.name, got, c.want)
		}
	}
}

// TestSeesCombinations compares Sees with expectRestrictions for every
// reader, restriction and entering unit, and checks it against Decide: a
// visibility action Decide allows is one Sees admits, and one Decide refuses
// for the restrictions is one Sees does not.
func TestSeesCombinations(t *testing.T) {
	cases, seen := 0, map[bool]int{}
	for _, rd := range visibilityReaders(sltd) {
		for _, nr := range everyRestriction() {
			for _, eu := range enteringUnits {
				r := restricted(owner, sltd, nr.rs)
				r.OwnerUnit = eu.unit
				want := expectRestrictions(rd.p, r) == allowed
				got := access.Sees(rd.p, r)
				cases++
				seen[want]++
				if got != want {
					t.Errorf("%s on a FRA record (%s; %s): Sees = %v, want %v", rd.name, nr.name, eu.name, got, want)
				}
				for _, a := range visibilityActions {
					d := access.Decide(rd.p, a, r, rd.purpose)
					if d.Allowed && !got {
						t.Errorf("%s: %s on a FRA record (%s; %s): Decide allows, Sees = false", a, rd.name, nr.name, eu.name)
					}
					if (d.Reason == fault.RestrictedCountry || d.Reason == fault.RestrictedUnitKind) && got {
						t.Errorf("%s: %s on a FRA record (%s; %s): Decide refuses with %s, Sees = true", a, rd.name, nr.name, eu.name, d.Reason)
					}
				}
			}
		}
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Errorf("outcomes %v: the sweep should meet both answers", seen)
	}
	t.Logf("%d Sees combinations; outcomes %v", cases, seen)
}

// TestBorderPointNeverBrowses: whatever the record's restrictions and the
// border point's grants, roles and declared purpose, a border point does not
// search or read records; it only runs checks.
func TestBorderPointNeverBrowses(t *testing.T) {
	purposes := append([]access.Purpose{""}, access.Purposes...)
	for _, nr := range everyRestriction() {
		for _, country := range []string{owner, other} {
			p := borderUser(country, grants(sltd, icse, smv), access.Roles...)
			for _, form := range []access.Principal{p, asToken(p, access.Scopes...)} {
				for _, a := range []access.Action{access.RecordSearch, access.RecordRead} {
					for _, purpose := range purposes {
						if d := access.Decide(form, a, restricted(owner, sltd, nr.rs), purpose); d.Allowed {
							t.Fatalf("%s border point (token=%v) may %s a FRA record (%s) for %q", country, form.Token, a, nr.name, purpose)
						}
					}
				}
			}
		}
	}
}

// TestRestrictedNeverSeenAcrossPurposes: the purpose never widens what the
// owner's restrictions allow. For every allowed purpose, a DEU reader sees a
// record withheld from DEU no more than with any other.
func TestRestrictedNeverSeenAcrossPurposes(t *testing.T) {
	withheld := restricted(owner, sltd, access.Restrictions{ExcludedCountries: []string{other}})
	for _, rd := range visibilityReaders(sltd) {
		if rd.p.Country != other {
			continue
		}
		for _, a := range visibilityActions {
			for _, purpose := range access.Purposes {
				if d := access.Decide(rd.p, a, withheld, purpose); d.Allowed {
					t.Errorf("%s may %s a FRA record withheld from DEU for %s", rd.name, a, purpose)
				}
			}
		}
	}
}
