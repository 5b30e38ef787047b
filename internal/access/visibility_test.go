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
	// The owner decides whom it shares a record with, so its own bureau
	// always sees it; the Secretariat's reviewers, who check data for
	// compliance across the network, do too, but only as a reviewer role
	// that counts (never on a token). The Secretariat's other users are
	// readers like any other, of no country.
	ownBureau := r.Country != "" && r.Country == p.Country
	networkReviewer := p.UnitKind == access.KindSecretariat && slices.Contains(roles, reviewer)
	if ownBureau || networkReviewer {
		return allowed
	}
	// "only some countries, all but some countries": about the reader's country.
	rs := r.Restrictions
	released := len(rs.Countries) == 0 || slices.Contains(rs.Countries, p.Country)
	withheld := slices.Contains(rs.ExcludedCountries, p.Country)
	if !released || withheld {
		return fault.RestrictedCountry
	}
	// "only NCBs (not border points or units), or only some kinds of unit":
	// about the reader's unit.
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

// visibilityReaders: the owner's bureau, other bureaus' NCBs, units and
// border points with and without the database, the Secretariat, system
// tokens, and users holding roles their unit may not hold.
func visibilityReaders(db string) []visibilityReader {
	return []visibilityReader{
		{"FRA NCB officer (owner's bureau)", ncbUser(owner, officer), access.PurposeCriminalInvestigation},
		{"FRA specialised unit officer with the database (owner's country)", specialisedUser(owner, grants(db), officer), access.PurposeCriminalInvestigation},
		{"FRA border officer at a border point with the database (owner's country)", borderUser(owner, grants(db), borderOfficer), access.PurposeBorderControl},
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
// exclusion, one of DEU, one of another country; NCB-only or not; and no
// unit-kind list or one of several.
func everyRestriction() []namedRestrictions {
	countries := []struct {
		name string
		list []string
	}{{"", nil}, {"released to DEU+ITA", []string{third, other}}, {"released to ITA+ESP", []string{third, fourth}}}
	excluded := []struct {
		name string
		list []string
	}{{"", nil}, {"withheld from DEU", []string{other}}, {"withheld from ESP", []string{fourth}}}
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

// TestVisibilityCombinations asks Decide about every visibility action, every
// combination of restrictions, every reader and database, and compares with
// expectVisibility.
func TestVisibilityCombinations(t *testing.T) {
	restrictions := everyRestriction()
	cases, refusals := 0, map[fault.Code]int{}
	for _, db := range visibilityDatabases {
		readers := visibilityReaders(db)
		for _, a := range visibilityActions {
			for _, rd := range readers {
				for _, nr := range restrictions {
					r := restricted(owner, db, nr.rs)
					want := expectVisibility(rd.p, a, r)
					d := access.Decide(rd.p, a, r, rd.purpose)
					cases++
					refusals[want]++
					if d.Allowed != (want == allowed) || d.Reason != want {
						t.Errorf("%s: %s for %s on a FRA record in %q (%s): %s, want %s",
							a, rd.name, rd.purpose, db, nr.name, describe(d), describeWant(want))
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
	t.Logf("%d visibility combinations (%d restrictions × %d readers × %d actions × %d databases); outcomes %v",
		cases, len(restrictions), len(visibilityReaders(sltd)), len(visibilityActions), len(visibilityDatabases), refusals)
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
