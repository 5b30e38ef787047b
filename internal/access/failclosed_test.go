package access_test

// Where the question is incomplete or the principal's data is wrong, Decide
// fails closed: a record question must name a database the unit holds, and a
// role counts only where it may be held and, on a token, only if tokens may
// carry it.

import (
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// unknownDatabase is a plausible name that is none of the network's databases.
const unknownDatabase = "passports"

// TestRecordWithoutDatabaseIsNotGranted: a specialised unit or border point
// has only the databases its NCB granted, so a record question from it must
// name one; when a caller forgets the database, or asks "may this unit
// search?" before looking in every database, the answer is
// database_not_granted, whatever the unit's grants. NCBs and the Secretariat
// hold every database and need not name one.
func TestRecordWithoutDatabaseIsNotGranted(t *testing.T) {
	noDatabase := access.Resource{Country: owner}
	runScenarios(t, []scenario{
		{"DEU specialised unit with no grant searches a FRA record naming no database", specialisedUser(other, nil, officer), access.RecordSearch, noDatabase, access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"DEU specialised unit with SLTD reads a FRA record naming no database", specialisedUser(other, grants(sltd), officer), access.RecordRead, noDatabase, access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"DEU specialised unit with no grant runs a check naming no database", specialisedUser(other, nil, officer), access.CheckRun, noDatabase, access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"DEU border point with no grant runs a check naming no database", borderUser(other, nil, borderOfficer), access.CheckRun, noDatabase, access.PurposeBorderControl, fault.DatabaseNotGranted},
		{"DEU border point with SMV only runs a check on nothing at all", borderUser(other, grants(smv), borderOfficer), access.CheckRun, access.Resource{}, access.PurposeBorderControl, fault.DatabaseNotGranted},
		{"DEU border point with every first-line database runs a check naming no database", borderUser(other, access.FirstLineDatabases(), borderOfficer), access.CheckRun, noDatabase, access.PurposeBorderControl, fault.DatabaseNotGranted},
		{"a grant of the empty name grants nothing", borderUser(other, grants(""), borderOfficer), access.CheckRun, noDatabase, access.PurposeBorderControl, fault.DatabaseNotGranted},
		{"FRA specialised unit with no grant creates a FRA record naming no database", specialisedUser(owner, nil, officer), access.RecordCreate, noDatabase, "", fault.DatabaseNotGranted},
		{"FRA specialised unit with ICSE updates a FRA record naming no database", specialisedUser(owner, grants(icse), officer), access.RecordUpdate, noDatabase, "", fault.DatabaseNotGranted},
		{"FRA specialised unit with no grant deletes a FRA record naming no database", specialisedUser(owner, nil, officer), access.RecordDelete, noDatabase, "", fault.DatabaseNotGranted},
		{"the owner's own border point checks naming no database", borderUser(owner, grants(sltd), borderOfficer), access.CheckRun, noDatabase, access.PurposeBorderControl, fault.DatabaseNotGranted},
		{"DEU NCB searches naming no database", ncbUser(other, officer), access.RecordSearch, noDatabase, access.PurposeCriminalInvestigation, allowed},
		{"DEU NCB border officer checks naming no database", ncbUser(other, borderOfficer), access.CheckRun, noDatabase, access.PurposeBorderControl, allowed},
		{"FRA NCB creates a FRA record naming no database", ncbUser(owner, officer), access.RecordCreate, noDatabase, "", allowed},
		{"Secretariat reviewer reads naming no database", secretariatUser(reviewer), access.RecordRead, noDatabase, access.PurposeIdentification, allowed},
		{"Secretariat analyst searches naming no database", secretariatUser(analyst), access.RecordSearch, noDatabase, access.PurposeThreatAnalysis, allowed},
		// Questions that are not about records name no database.
		{"DEU specialised unit with no grant reads the member list", specialisedUser(other, nil, officer), access.MemberRead, access.Resource{}, "", allowed},
		{"DEU border point with no grant reads the member list", borderUser(other, nil, borderOfficer), access.MemberRead, access.Resource{}, "", allowed},
	})
}

// TestUnknownDatabaseIsNotGranted: a database that is none of the network's
// is granted to no one, NCBs and the Secretariat included, and a grant that
// names it (a typo, a retired database) opens nothing.
func TestUnknownDatabaseIsNotGranted(t *testing.T) {
	runScenarios(t, []scenario{
		{"DEU NCB searches an unknown database", ncbUser(other, officer), access.RecordSearch, record(owner, unknownDatabase), access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"DEU NCB border officer checks an unknown database", ncbUser(other, borderOfficer), access.CheckRun, record(owner, unknownDatabase), access.PurposeBorderControl, fault.DatabaseNotGranted},
		{"FRA NCB creates a FRA record in an unknown database", ncbUser(owner, officer), access.RecordCreate, record(owner, unknownDatabase), "", fault.DatabaseNotGranted},
		{"FRA NCB deletes its record in an unknown database", ncbUser(owner, supervisor), access.RecordDelete, record(owner, unknownDatabase), "", fault.DatabaseNotGranted},
		{"FRA NCB reads its own record in an unknown database", ncbUser(owner, officer), access.RecordRead, record(owner, unknownDatabase), access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"Secretariat reviewer reads an unknown database", secretariatUser(reviewer), access.RecordRead, record(owner, unknownDatabase), access.PurposeIdentification, fault.DatabaseNotGranted},
		{"DEU NCB searches SLTD spelt in capitals", ncbUser(other, officer), access.RecordSearch, record(owner, "SLTD"), access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"DEU specialised unit granted an unknown database searches it", specialisedUser(other, grants(unknownDatabase), officer), access.RecordSearch, record(owner, unknownDatabase), access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"DEU border point granted an unknown database checks it", borderUser(other, grants(unknownDatabase), borderOfficer), access.CheckRun, record(owner, unknownDatabase), access.PurposeBorderControl, fault.DatabaseNotGranted},
		{"FRA specialised unit granted an unknown database creates a record in it", specialisedUser(owner, grants(unknownDatabase), officer), access.RecordCreate, record(owner, unknownDatabase), "", fault.DatabaseNotGranted},
	})
	for _, d := range access.Databases {
		wantDecision(t, access.Decide(ncbUser(other, officer), access.RecordSearch, record(owner, d.ID), access.PurposeCriminalInvestigation), allowed)
		wantDecision(t, access.Decide(secretariatUser(reviewer), access.RecordRead, record(owner, d.ID), access.PurposeIdentification), allowed)
	}
}

// TestRolesHeldInTheWrongUnitCountForNothing: a role held in a kind of unit
// that may not hold it (unitRoleGrid), however it got into the stored data,
// grants nothing; a role rightly held next to it still works.
func TestRolesHeldInTheWrongUnitCountForNothing(t *testing.T) {
	runScenarios(t, []scenario{
		{"FRA NCB user given admin creates a FRA user", ncbUser(owner, admin), access.UserCreate, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA NCB user given admin disables a DEU unit", ncbUser(owner, admin), access.UnitDisable, inBureau(other), "", fault.RoleNotPermitted},
		{"FRA NCB user given admin reads DEU audit entries", ncbUser(owner, admin), access.AuditRead, inBureau(other), "", fault.RoleNotPermitted},
		{"FRA NCB user given reviewer searches a DEU record", ncbUser(owner, reviewer), access.RecordSearch, record(other, sltd), access.PurposeIdentification, fault.RoleNotPermitted},
		{"DEU specialised unit user given supervisor creates a DEU record", specialisedUser(other, grants(sltd), supervisor), access.RecordCreate, record(other, sltd), "", fault.RoleNotPermitted},
		{"DEU specialised unit user given border-officer runs a check", specialisedUser(other, grants(sltd), borderOfficer), access.CheckRun, record(owner, sltd), access.PurposeBorderControl, fault.RoleNotPermitted},
		{"DEU border point user given officer runs a check", borderUser(other, grants(sltd), officer), access.CheckRun, record(owner, sltd), access.PurposeBorderControl, fault.RoleNotPermitted},
		{"DEU border point user given dpo reads DEU audit entries", borderUser(other, nil, dpo), access.AuditRead, inBureau(other), "", fault.RoleNotPermitted},
		{"Secretariat user given the officer role reads a FRA record", secretariatUser(officer), access.RecordRead, record(owner, sltd), access.PurposeIdentification, fault.RoleNotPermitted},
		{"Secretariat user given supervisor creates a Secretariat user", secretariatUser(supervisor), access.UserCreate, networkWide, "", fault.RoleNotPermitted},
		{"Secretariat user given dpo reads DEU audit entries", secretariatUser(dpo), access.AuditRead, inBureau(other), "", fault.RoleNotPermitted},
		{"oversight user given admin reads DEU audit entries", oversightUser(admin), access.AuditRead, inBureau(other), "", fault.RoleNotPermitted},
		{"oversight user given reviewer reads the member list", oversightUser(reviewer), access.MemberRead, access.Resource{}, "", fault.RoleNotPermitted},
		{"a role rightly held still works next to a wrong one: FRA NCB officer given admin searches", ncbUser(owner, officer, admin), access.RecordSearch, record(other, sltd), access.PurposeCriminalInvestigation, allowed},
		// A wrong role next to a right one widens nothing: the admin's reach
		// beyond the bureau, and the Secretariat reviewer's beyond the
		// restrictions, come only from a role that counts.
		{"a wrong role widens nothing: FRA NCB supervisor given admin creates a DEU user", ncbUser(owner, supervisor, admin), access.UserCreate, inBureau(other), "", fault.OtherBureau},
		{"a wrong role widens nothing: FRA NCB supervisor given admin creates a Secretariat user", ncbUser(owner, supervisor, admin), access.UserCreate, networkWide, "", fault.OtherBureau},
		{"a wrong role widens nothing: FRA NCB DPO given admin reads DEU audit entries", ncbUser(owner, dpo, admin), access.AuditRead, inBureau(other), "", fault.OtherBureau},
		{"a wrong role widens nothing: DEU NCB analyst given reviewer reads a FRA record released to ITA only", ncbUser(other, analyst, reviewer), access.RecordRead, restricted(owner, sltd, access.Restrictions{Countries: []string{third}}), access.PurposeThreatAnalysis, fault.RestrictedCountry},
		{"a role rightly held still works next to a wrong one: DEU border officer given officer runs a check", borderUser(other, grants(sltd), officer, borderOfficer), access.CheckRun, record(owner, sltd), access.PurposeBorderControl, allowed},
	})
}

// TestTokenRolesOutsideTokenRolesCountForNothing: a system client's token
// never carries the Secretariat's reviews nor an administrator's work
// (tokenRoles), and a token of the Secretariat or the oversight body, which
// serve no national system, carries no role at all (tokenGrid). A token
// carrying such a role (minted by a bug, or by a token service that did not
// check) gets nothing from it: the policy decision is the last line.
func TestTokenRolesOutsideTokenRolesCountForNothing(t *testing.T) {
	runScenarios(t, []scenario{
		{"a Secretariat token carrying admin with manage creates a DEU user", asToken(secretariatUser(admin), access.ScopeManage), access.UserCreate, inBureau(other), "", fault.RoleNotPermitted},
		{"a Secretariat token carrying admin with manage creates a Secretariat user", asToken(secretariatUser(admin), access.ScopeManage), access.UserCreate, networkWide, "", fault.RoleNotPermitted},
		{"a Secretariat token carrying admin with audit:read reads DEU audit entries", asToken(secretariatUser(admin), access.ScopeAuditRead), access.AuditRead, inBureau(other), "", fault.RoleNotPermitted},
		{"a Secretariat token carrying admin with members:read reads the member list", asToken(secretariatUser(admin), access.ScopeMembersRead), access.MemberRead, access.Resource{}, "", fault.RoleNotPermitted},
		{"a Secretariat token carrying reviewer reads a FRA record released to ITA only", asToken(secretariatUser(reviewer), access.ScopeRecordsRead), access.RecordRead, restricted(owner, sltd, access.Restrictions{Countries: []string{third}}), access.PurposeIdentification, fault.RoleNotPermitted},
		{"a Secretariat token carrying reviewer searches an unrestricted FRA record", asToken(secretariatUser(reviewer), access.ScopeRecordsRead), access.RecordSearch, record(owner, sltd), access.PurposeIdentification, fault.RoleNotPermitted},
		{"a FRA token carrying admin with manage disables a DEU unit (admin is not even held in an NCB)", asToken(ncbUser(owner, admin), access.ScopeManage), access.UnitDisable, inBureau(other), "", fault.RoleNotPermitted},
		{"a Secretariat token carrying admin with no scope at all: refused for its role, not its scope", asToken(secretariatUser(admin)), access.UnitDisable, inBureau(other), "", fault.RoleNotPermitted},
		// A network-wide body's token carries nothing, not even a role a
		// bureau's token may carry and its users may hold.
		{"a Secretariat analyst's token with records:read searches an unrestricted FRA record", asToken(secretariatUser(analyst), access.ScopeRecordsRead), access.RecordSearch, record(owner, sltd), access.PurposeThreatAnalysis, fault.RoleNotPermitted},
		{"a Secretariat token carrying analyst and admin with records:read searches an unrestricted FRA record", asToken(secretariatUser(analyst, admin), access.ScopeRecordsRead), access.RecordSearch, record(owner, sltd), access.PurposeThreatAnalysis, fault.RoleNotPermitted},
		{"a Secretariat token carrying analyst and reviewer with records:read reads a FRA record released to ITA only", asToken(secretariatUser(analyst, reviewer), access.ScopeRecordsRead), access.RecordRead, restricted(owner, sltd, access.Restrictions{Countries: []string{third}}), access.PurposeThreatAnalysis, fault.RoleNotPermitted},
		{"an oversight body DPO's token with audit:read reads DEU audit entries", asToken(oversightUser(dpo), access.ScopeAuditRead), access.AuditRead, inBureau(other), "", fault.RoleNotPermitted},
		{"an oversight body DPO's token with audit:read reads FRA audit entries", asToken(oversightUser(dpo), access.ScopeAuditRead), access.AuditRead, inBureau(owner), "", fault.RoleNotPermitted},
		// What a token may carry still works, also next to a forbidden role,
		// which widens nothing.
		{"a DEU specialised unit analyst's token with records:read searches an unrestricted FRA record", asToken(specialisedUser(other, grants(sltd), analyst), access.ScopeRecordsRead), access.RecordSearch, record(owner, sltd), access.PurposeThreatAnalysis, allowed},
		{"a FRA token carrying dpo with audit:read reads FRA audit entries", asToken(ncbUser(owner, dpo), access.ScopeAuditRead), access.AuditRead, inBureau(owner), "", allowed},
		{"a FRA token carrying dpo and admin with audit:read reads DEU audit entries", asToken(ncbUser(owner, dpo, admin), access.ScopeAuditRead), access.AuditRead, inBureau(other), "", fault.OtherBureau},
		{"a FRA token carrying supervisor and admin with manage creates a FRA user", asToken(ncbUser(owner, supervisor, admin), access.ScopeManage), access.UserCreate, inBureau(owner), "", allowed},
		{"a FRA token carrying supervisor and admin with manage creates a DEU user", asToken(ncbUser(owner, supervisor, admin), access.ScopeManage), access.UserCreate, inBureau(other), "", fault.OtherBureau},
		{"a DEU token carrying analyst and reviewer with records:read reads a FRA record released to ITA only", asToken(ncbUser(other, analyst, reviewer), access.ScopeRecordsRead), access.RecordRead, restricted(owner, sltd, access.Restrictions{Countries: []string{third}}), access.PurposeThreatAnalysis, fault.RestrictedCountry},
	})
}
