package access_test

import (
	"fmt"
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// scenario is one question to Decide, named as a user would tell it.
type scenario struct {
	name    string
	p       access.Principal
	action  access.Action
	r       access.Resource
	purpose access.Purpose
	want    fault.Code // allowed, or the reason of the refusal
}

func runScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			wantDecision(t, access.Decide(s.p, s.action, s.r, s.purpose), s.want)
		})
	}
}

// Rule 1: the action is known, and the principal's unit kind may do it at
// all, whatever roles its users hold.
func TestDecideRule1ActionAndUnitKind(t *testing.T) {
	runScenarios(t, []scenario{
		{"an unknown action is refused even to a Secretariat admin", secretariatUser(admin), "record.export", record(owner, sltd), access.PurposeCriminalInvestigation, fault.Forbidden},
		{"an empty action is refused", ncbUser(owner, access.Roles...), "", record(owner, sltd), access.PurposeCriminalInvestigation, fault.Forbidden},
		{"an action named in another case is unknown", ncbUser(owner, access.Roles...), "Record.Search", record(owner, sltd), access.PurposeCriminalInvestigation, fault.Forbidden},
		{"an unknown action by an oversight user with no role is unknown, not refused for the unit kind", oversightUser(), "record.export", record(owner, sltd), access.PurposeCriminalInvestigation, fault.Forbidden},
		{"DEU border officer at a border point may not search records", borderUser(other, grants(sltd), borderOfficer), access.RecordSearch, record(owner, sltd), access.PurposeBorderControl, fault.UnitKindNotPermitted},
		{"DEU border officer at a border point may not read a record", borderUser(other, grants(sltd), borderOfficer), access.RecordRead, record(owner, sltd), access.PurposeBorderControl, fault.UnitKindNotPermitted},
		{"a border point user given the officer role still may not search records", borderUser(other, grants(sltd), officer), access.RecordSearch, record(owner, sltd), access.PurposeBorderControl, fault.UnitKindNotPermitted},
		{"a border point user given the officer role may not create records", borderUser(owner, grants(sltd), officer), access.RecordCreate, record(owner, sltd), "", fault.UnitKindNotPermitted},
		{"Secretariat reviewer may not run a check", secretariatUser(reviewer), access.CheckRun, record(owner, sltd), access.PurposeCriminalInvestigation, fault.UnitKindNotPermitted},
		{"a Secretariat user given the officer role may not run a check", secretariatUser(officer), access.CheckRun, record(owner, sltd), access.PurposeCriminalInvestigation, fault.UnitKindNotPermitted},
		{"Secretariat admin may not delete a FRA record", secretariatUser(admin), access.RecordDelete, record(owner, sltd), "", fault.UnitKindNotPermitted},
		{"oversight body DPO may not search records", oversightUser(dpo), access.RecordSearch, record(owner, sltd), access.PurposeCriminalInvestigation, fault.UnitKindNotPermitted},
		{"an oversight user given the officer role may not search records", oversightUser(officer), access.RecordSearch, record(owner, sltd), access.PurposeCriminalInvestigation, fault.UnitKindNotPermitted},
		{"a specialised unit user given the supervisor role may not manage units", specialisedUser(owner, nil, supervisor), access.UnitCreate, inBureau(owner), "", fault.UnitKindNotPermitted},
		{"a border point user given the supervisor role may not create users", borderUser(owner, nil, supervisor), access.UserCreate, inBureau(owner), "", fault.UnitKindNotPermitted},
		{"an oversight user given the admin role may not manage units", oversightUser(admin), access.UnitDisable, inBureau(other), "", fault.UnitKindNotPermitted},
		{"a user of an unknown unit kind may not search records", access.Principal{Country: other, UnitKind: "embassy", Roles: []access.Role{officer}}, access.RecordSearch, record(owner, sltd), access.PurposeCriminalInvestigation, fault.UnitKindNotPermitted},
		{"a user of an unknown unit kind may not run a check", access.Principal{Country: other, UnitKind: "embassy", Roles: []access.Role{officer}}, access.CheckRun, record(owner, sltd), access.PurposeCriminalInvestigation, fault.UnitKindNotPermitted},
		{"a user of no unit kind may not run a check", access.Principal{Country: other, Roles: []access.Role{officer}}, access.CheckRun, record(owner, sltd), access.PurposeCriminalInvestigation, fault.UnitKindNotPermitted},
		{"Secretariat analyst searches records", secretariatUser(analyst), access.RecordSearch, record(owner, sltd), access.PurposeThreatAnalysis, allowed},
		{"DEU specialised unit officer runs a check on its database", specialisedUser(other, grants(sltd), officer), access.CheckRun, record(owner, sltd), access.PurposeCriminalInvestigation, allowed},
		{"DEU border officer at a border point reads the member list", borderUser(other, nil, borderOfficer), access.MemberRead, access.Resource{}, "", allowed},
		// Precedence: the unit kind is checked before the roles, the scopes,
		// the purpose, bureau, owner, database and restrictions.
		{"a border point user with no role, searching: refused for its unit kind", borderUser(other, grants(sltd)), access.RecordSearch, record(owner, sltd), access.PurposeBorderControl, fault.UnitKindNotPermitted},
		{"a Secretariat user with no role, running a check: refused for its unit kind", secretariatUser(), access.CheckRun, record(owner, sltd), access.PurposeCriminalInvestigation, fault.UnitKindNotPermitted},
		{"a border point token with no scope searching: refused for its unit kind", asToken(borderUser(other, grants(sltd), borderOfficer)), access.RecordSearch, record(owner, sltd), access.PurposeBorderControl, fault.UnitKindNotPermitted},
		{"a border point user searching with no purpose: refused for its unit kind", borderUser(other, grants(sltd), borderOfficer), access.RecordSearch, record(owner, sltd), "", fault.UnitKindNotPermitted},
		{"a border point user given the officer role, updating another bureau's record in an ungranted database: refused for its unit kind", borderUser(other, nil, officer), access.RecordUpdate, record(owner, icse), "", fault.UnitKindNotPermitted},
		{"a specialised unit token with no role and no scope, on another bureau: refused for its unit kind", asToken(specialisedUser(owner, nil)), access.UnitDisable, inBureau(other), "", fault.UnitKindNotPermitted},
		{"a border point user searching a FRA record withheld from DEU: refused for its unit kind", borderUser(other, grants(sltd), borderOfficer), access.RecordSearch, restricted(owner, sltd, access.Restrictions{ExcludedCountries: []string{other}}), access.PurposeBorderControl, fault.UnitKindNotPermitted},
		{"an oversight body DPO's token with records:read searching records: refused for its unit kind, not for its roles", asToken(oversightUser(dpo), access.ScopeRecordsRead), access.RecordSearch, record(owner, sltd), access.PurposeIdentification, fault.UnitKindNotPermitted},
		{"a Secretariat analyst's token with checks running a check: refused for its unit kind, not for its roles", asToken(secretariatUser(analyst), access.ScopeChecks), access.CheckRun, record(owner, sltd), access.PurposeIdentification, fault.UnitKindNotPermitted},
		{"an oversight body DPO's token managing units: refused for its unit kind, not for its roles", asToken(oversightUser(dpo), access.ScopeManage), access.UnitRead, inBureau(owner), "", fault.UnitKindNotPermitted},
	})
}

// Rule 2: one of the principal's roles permits the action. A role counts
// only in a kind of unit that may hold it and, on a token, only if tokens of
// that unit may carry it (failclosed_test.go has more).
func TestDecideRule2Roles(t *testing.T) {
	runScenarios(t, []scenario{
		{"FRA officer reads the member list", ncbUser(owner, officer), access.MemberRead, access.Resource{}, "", allowed},
		{"a user with no role may not even read the member list", ncbUser(owner), access.MemberRead, access.Resource{}, "", fault.RoleNotPermitted},
		{"a user holding only an unknown role is refused", ncbUser(owner, "chief"), access.MemberRead, access.Resource{}, "", fault.RoleNotPermitted},
		{"FRA DPO may not search records", ncbUser(owner, dpo), access.RecordSearch, record(other, sltd), access.PurposeCriminalInvestigation, fault.RoleNotPermitted},
		{"FRA analyst searches nominal data for threat analysis", ncbUser(owner, analyst), access.RecordSearch, record(other, "nominal"), access.PurposeThreatAnalysis, allowed},
		{"FRA analyst may not run a check", ncbUser(owner, analyst), access.CheckRun, record(other, sltd), access.PurposeCriminalInvestigation, fault.RoleNotPermitted},
		{"FRA border officer at the NCB may not search records", ncbUser(owner, borderOfficer), access.RecordSearch, record(other, sltd), access.PurposeBorderControl, fault.RoleNotPermitted},
		{"FRA border officer at the NCB runs a check", ncbUser(owner, borderOfficer), access.CheckRun, record(other, sltd), access.PurposeBorderControl, allowed},
		{"Secretariat admin may not search records", secretariatUser(admin), access.RecordSearch, record(owner, sltd), access.PurposeCriminalInvestigation, fault.RoleNotPermitted},
		{"FRA officer may not create a user", ncbUser(owner, officer), access.UserCreate, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA supervisor may not read audit entries", ncbUser(owner, supervisor), access.AuditRead, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA analyst may not create a record", ncbUser(owner, analyst), access.RecordCreate, record(owner, sltd), "", fault.RoleNotPermitted},
		{"FRA DPO may not delete a FRA record", ncbUser(owner, dpo), access.RecordDelete, record(owner, sltd), "", fault.RoleNotPermitted},
		{"DEU specialised unit analyst may not run a check", specialisedUser(other, grants(sltd), analyst), access.CheckRun, record(owner, sltd), access.PurposeCriminalInvestigation, fault.RoleNotPermitted},
		{"one permitting role among others is enough: FRA DPO and officer searches", ncbUser(owner, dpo, officer), access.RecordSearch, record(other, sltd), access.PurposeCriminalInvestigation, allowed},
		{"a role held in the wrong kind of unit grants nothing: FRA NCB user given admin disables a DEU unit", ncbUser(owner, admin), access.UnitDisable, inBureau(other), "", fault.RoleNotPermitted},
		{"a role held in the wrong kind of unit grants nothing: Secretariat user given the officer role searches records", secretariatUser(officer), access.RecordSearch, record(owner, sltd), access.PurposeIdentification, fault.RoleNotPermitted},
		// A token serves a bureau's national system: a token of the
		// Secretariat or the oversight body carries no role that counts, even
		// one a user there holds and tokens elsewhere carry.
		{"an oversight body DPO's token with audit:read reads DEU audit entries", asToken(oversightUser(dpo), access.ScopeAuditRead), access.AuditRead, inBureau(other), "", fault.RoleNotPermitted},
		{"an oversight body DPO's token with members:read reads the member list", asToken(oversightUser(dpo), access.ScopeMembersRead), access.MemberRead, access.Resource{}, "", fault.RoleNotPermitted},
		{"a Secretariat analyst's token with records:read searches an unrestricted FRA record", asToken(secretariatUser(analyst), access.ScopeRecordsRead), access.RecordSearch, record(owner, sltd), access.PurposeThreatAnalysis, fault.RoleNotPermitted},
		{"a Secretariat analyst's token with members:read reads the member list", asToken(secretariatUser(analyst), access.ScopeMembersRead), access.MemberRead, access.Resource{}, "", fault.RoleNotPermitted},
		{"the same roles count on a bureau's token: FRA NCB analyst's token with records:read searches an unrestricted DEU record", asToken(ncbUser(owner, analyst), access.ScopeRecordsRead), access.RecordSearch, record(other, sltd), access.PurposeThreatAnalysis, allowed},
		{"the same roles count on a bureau's token: FRA NCB DPO's token with audit:read reads FRA audit entries", asToken(ncbUser(owner, dpo), access.ScopeAuditRead), access.AuditRead, inBureau(owner), "", allowed},
		// Precedence: the role is checked before the scope, purpose, bureau,
		// owner, database and restrictions.
		{"a token lacking both role and scope is refused for its role", asToken(ncbUser(owner, borderOfficer)), access.RecordSearch, record(other, sltd), access.PurposeBorderControl, fault.RoleNotPermitted},
		{"an oversight body DPO's token with no scope is refused for its role, not its scope", asToken(oversightUser(dpo)), access.AuditRead, inBureau(other), "", fault.RoleNotPermitted},
		{"a Secretariat analyst's token with no scope and no purpose is refused for its role", asToken(secretariatUser(analyst)), access.RecordSearch, record(owner, sltd), "", fault.RoleNotPermitted},
		{"FRA DPO searching without purpose is refused for its role", ncbUser(owner, dpo), access.RecordSearch, record(other, sltd), "", fault.RoleNotPermitted},
		{"FRA officer creating a user in DEU is refused for its role", ncbUser(owner, officer), access.UserCreate, inBureau(other), "", fault.RoleNotPermitted},
		{"FRA analyst updating a DEU record in an unknown database is refused for its role", ncbUser(owner, analyst), access.RecordUpdate, record(other, "passports"), "", fault.RoleNotPermitted},
		{"DEU specialised unit analyst checking an ungranted database withheld from DEU is refused for its role", specialisedUser(other, nil, analyst), access.CheckRun, restricted(owner, icse, access.Restrictions{ExcludedCountries: []string{other}}), access.PurposeCriminalInvestigation, fault.RoleNotPermitted},
	})
}

// Rule 3: a token's scopes cover the action; users are not narrowed.
func TestDecideRule3Scopes(t *testing.T) {
	runScenarios(t, []scenario{
		{"FRA system token with records:read searches SLTD", asToken(ncbUser(owner, officer), access.ScopeRecordsRead), access.RecordSearch, record(other, sltd), access.PurposeCriminalInvestigation, allowed},
		{"FRA system token without records:read may not search", asToken(ncbUser(owner, officer), access.ScopeChecks), access.RecordSearch, record(other, sltd), access.PurposeCriminalInvestigation, fault.ScopeNotGranted},
		{"FRA system token with records:read may not run checks", asToken(ncbUser(owner, officer), access.ScopeRecordsRead), access.CheckRun, record(other, sltd), access.PurposeCriminalInvestigation, fault.ScopeNotGranted},
		{"DEU border kiosk token with checks runs a check", asToken(borderUser(other, grants(sltd), borderOfficer), access.ScopeChecks), access.CheckRun, record(owner, sltd), access.PurposeBorderControl, allowed},
		{"a token with no scope may not read the member list", asToken(ncbUser(owner, officer)), access.MemberRead, access.Resource{}, "", fault.ScopeNotGranted},
		{"a token with records:read may not write records", asToken(ncbUser(owner, officer), access.ScopeRecordsRead), access.RecordCreate, record(owner, sltd), "", fault.ScopeNotGranted},
		{"a supervisor's token without manage may not create a user", asToken(ncbUser(owner, supervisor), access.ScopeMembersRead, access.ScopeRecordsRead), access.UserCreate, inBureau(owner), "", fault.ScopeNotGranted},
		{"FRA data-protection monitoring token with audit:read reads FRA audit entries", asToken(ncbUser(owner, dpo), access.ScopeAuditRead), access.AuditRead, inBureau(owner), "", allowed},
		{"FRA data-protection monitoring token without audit:read may not read FRA audit entries", asToken(ncbUser(owner, dpo), access.ScopeMembersRead, access.ScopeManage), access.AuditRead, inBureau(owner), "", fault.ScopeNotGranted},
		{"a user is not narrowed by scopes it does not carry", ncbUser(owner, supervisor), access.UserCreate, inBureau(owner), "", allowed},
		// Precedence: the scope is checked before the purpose, bureau, owner,
		// database and restrictions.
		{"a border point token without checks scope and without purpose is refused for its scope", asToken(borderUser(other, grants(sltd), borderOfficer), access.ScopeRecordsRead), access.CheckRun, record(owner, sltd), "", fault.ScopeNotGranted},
		{"a supervisor token without manage, on another bureau, is refused for its scope", asToken(ncbUser(owner, supervisor), access.ScopeRecordsRead), access.UnitDisable, inBureau(other), "", fault.ScopeNotGranted},
		{"a DPO token without audit:read, on another bureau, is refused for its scope", asToken(ncbUser(owner, dpo)), access.AuditRead, inBureau(other), "", fault.ScopeNotGranted},
		{"a specialised unit token without records:write, on another bureau's record, is refused for its scope", asToken(specialisedUser(owner, grants(icse), officer), access.ScopeRecordsRead), access.RecordUpdate, record(other, icse), "", fault.ScopeNotGranted},
		{"a specialised unit token without records:read, on an ungranted database withheld from DEU, is refused for its scope", asToken(specialisedUser(other, nil, officer), access.ScopeChecks), access.RecordRead, restricted(owner, icse, access.Restrictions{ExcludedCountries: []string{other}}), access.PurposeCriminalInvestigation, fault.ScopeNotGranted},
	})
}

// Rule 3 (before the scopes): some actions are for people only. A token may
// not create tokens: a token issuing tokens could keep itself alive for ever,
// whoever revoked its maker. The refusal is role_not_permitted and comes
// after the unit kind and the roles, before the scopes and the bureau.
func TestDecideUsersOnly(t *testing.T) {
	runScenarios(t, []scenario{
		{"FRA supervisor creates a FRA token", ncbUser(owner, supervisor), access.TokenCreate, inBureau(owner), "", allowed},
		{"Secretariat admin creates a DEU token", secretariatUser(admin), access.TokenCreate, inBureau(other), "", allowed},
		{"FRA supervisor token with manage creates a FRA token", asToken(ncbUser(owner, supervisor), access.ScopeManage), access.TokenCreate, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA supervisor token with every scope creates a FRA token", asToken(ncbUser(owner, supervisor), access.Scopes...), access.TokenCreate, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA supervisor+officer+analyst token with manage creates a FRA token", asToken(ncbUser(owner, officer, supervisor, analyst), access.ScopeManage), access.TokenCreate, inBureau(owner), "", fault.RoleNotPermitted},
		// Precedence: after the unit kind and the roles ...
		{"a FRA specialised unit officer token with manage creating a token: refused for its unit kind", asToken(specialisedUser(owner, nil, officer), access.ScopeManage), access.TokenCreate, inBureau(owner), "", fault.UnitKindNotPermitted},
		{"a FRA NCB officer token with manage creating a token: refused for its role", asToken(ncbUser(owner, officer), access.ScopeManage), access.TokenCreate, inBureau(owner), "", fault.RoleNotPermitted},
		{"a Secretariat admin token with manage creating a token: refused, its admin counts for nothing", asToken(secretariatUser(admin), access.ScopeManage), access.TokenCreate, inBureau(other), "", fault.RoleNotPermitted},
		// ... and before the scopes and the bureau.
		{"FRA supervisor token with no scope creates a FRA token: refused as a token, not for its scope", asToken(ncbUser(owner, supervisor)), access.TokenCreate, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA supervisor token without manage creates a FRA token: refused as a token, not for its scope", asToken(ncbUser(owner, supervisor), access.ScopeMembersRead, access.ScopeRecordsRead), access.TokenCreate, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA supervisor token with manage creates a DEU token: refused as a token, not for the bureau", asToken(ncbUser(owner, supervisor), access.ScopeManage), access.TokenCreate, inBureau(other), "", fault.RoleNotPermitted},
		{"FRA supervisor token without manage creates a Secretariat token: refused as a token", asToken(ncbUser(owner, supervisor), access.ScopeChecks), access.TokenCreate, networkWide, "", fault.RoleNotPermitted},
		// Only token.create: the token still does the rest of its management.
		{"FRA supervisor token with manage reads FRA tokens", asToken(ncbUser(owner, supervisor), access.ScopeManage), access.TokenRead, inBureau(owner), "", allowed},
		{"FRA supervisor token with manage revokes a FRA token", asToken(ncbUser(owner, supervisor), access.ScopeManage), access.TokenRevoke, inBureau(owner), "", allowed},
		{"FRA supervisor token without manage revokes a FRA token: refused for its scope", asToken(ncbUser(owner, supervisor), access.ScopeRecordsRead), access.TokenRevoke, inBureau(owner), "", fault.ScopeNotGranted},
		{"FRA supervisor token with manage creates a FRA user", asToken(ncbUser(owner, supervisor), access.ScopeManage), access.UserCreate, inBureau(owner), "", allowed},
	})
}

// Rule 4: police data needs a declared purpose, one a border point may use.
func TestDecideRule4Purpose(t *testing.T) {
	runScenarios(t, []scenario{
		{"FRA officer searches SLTD for a criminal investigation", ncbUser(owner, officer), access.RecordSearch, record(other, sltd), access.PurposeCriminalInvestigation, allowed},
		{"FRA officer searches SLTD without a purpose", ncbUser(owner, officer), access.RecordSearch, record(other, sltd), "", fault.PurposeRequired},
		{"FRA officer reads its own record without a purpose", ncbUser(owner, officer), access.RecordRead, record(owner, sltd), "", fault.PurposeRequired},
		{"FRA officer searches for curiosity", ncbUser(owner, officer), access.RecordSearch, record(other, sltd), "curiosity", fault.PurposeUnknown},
		{"a purpose in capitals is not a declared purpose", ncbUser(owner, officer), access.CheckRun, record(other, sltd), "BORDER-CONTROL", fault.PurposeUnknown},
		{"DEU border officer at a border point checks a passport for border control", borderUser(other, grants(sltd), borderOfficer), access.CheckRun, record(owner, sltd), access.PurposeBorderControl, allowed},
		{"DEU border officer at a border point checks a passport for a security check", borderUser(other, grants(sltd), borderOfficer), access.CheckRun, record(owner, sltd), access.PurposeSecurityCheck, allowed},
		{"DEU border officer at a border point checks a passport for a criminal investigation", borderUser(other, grants(sltd), borderOfficer), access.CheckRun, record(owner, sltd), access.PurposeCriminalInvestigation, fault.PurposeNotPermitted},
		{"DEU border officer at a border point checks without a purpose", borderUser(other, grants(sltd), borderOfficer), access.CheckRun, record(owner, sltd), "", fault.PurposeRequired},
		{"DEU border officer at a border point checks for an unknown purpose", borderUser(other, grants(sltd), borderOfficer), access.CheckRun, record(owner, sltd), "fishing", fault.PurposeUnknown},
		{"FRA supervisor creates a user with no purpose (management needs none)", ncbUser(owner, supervisor), access.UserCreate, inBureau(owner), "", allowed},
		{"FRA officer creates a record with no purpose (writes need none)", ncbUser(owner, officer), access.RecordCreate, record(owner, sltd), "", allowed},
		// Precedence: the purpose is checked before the database grant and the
		// owner's restrictions.
		{"DEU specialised unit without the ICSE grant searches ICSE without purpose: purpose first", specialisedUser(other, grants(sltd), officer), access.RecordSearch, record(owner, icse), "", fault.PurposeRequired},
		{"DEU specialised unit searches naming no database and no purpose: purpose first", specialisedUser(other, grants(sltd), officer), access.RecordSearch, access.Resource{Country: owner}, "", fault.PurposeRequired},
		{"DEU NCB searches an unknown database for curiosity: purpose first", ncbUser(other, officer), access.RecordSearch, record(owner, "passports"), "curiosity", fault.PurposeUnknown},
		{"DEU NCB searches a record withheld from DEU with an unknown purpose: purpose first", ncbUser(other, officer), access.RecordSearch, restricted(owner, sltd, access.Restrictions{ExcludedCountries: []string{other}}), "curiosity", fault.PurposeUnknown},
		{"DEU border point without the SLTD grant checks an NCB-only record for an investigation: purpose first", borderUser(other, grants(smv), borderOfficer), access.CheckRun, restricted(owner, sltd, access.Restrictions{NCBOnly: true}), access.PurposeCriminalInvestigation, fault.PurposeNotPermitted},
	})
}

// Rule 5: management stays inside the principal's bureau; admins (an admin
// role that counts: a Secretariat user's) manage any.
func TestDecideRule5Bureau(t *testing.T) {
	runScenarios(t, []scenario{
		{"FRA supervisor creates a user in FRA", ncbUser(owner, supervisor), access.UserCreate, inBureau(owner), "", allowed},
		{"FRA supervisor disables a FRA border point", ncbUser(owner, supervisor), access.UnitDisable, access.Resource{Country: owner, UnitKind: access.KindBorderPoint}, "", allowed},
		{"FRA supervisor creates a user in DEU", ncbUser(owner, supervisor), access.UserCreate, inBureau(other), "", fault.OtherBureau},
		{"FRA supervisor revokes a DEU token", ncbUser(owner, supervisor), access.TokenRevoke, inBureau(other), "", fault.OtherBureau},
		{"FRA supervisor disables a Secretariat unit", ncbUser(owner, supervisor), access.UnitDisable, networkWide, "", fault.OtherBureau},
		{"FRA supervisor lists the Secretariat's users", ncbUser(owner, supervisor), access.UserRead, networkWide, "", fault.OtherBureau},
		{"a supervisor with no country may not manage network-wide units", access.Principal{UnitKind: access.KindNCB, Roles: []access.Role{supervisor}}, access.UnitRead, networkWide, "", fault.OtherBureau},
		{"Secretariat admin disables a DEU unit", secretariatUser(admin), access.UnitDisable, inBureau(other), "", allowed},
		{"Secretariat admin creates a Secretariat user", secretariatUser(admin), access.UserCreate, networkWide, "", allowed},
		{"FRA supervisor token with manage may not create a FRA token: a person must", asToken(ncbUser(owner, supervisor), access.ScopeManage), access.TokenCreate, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA supervisor token with manage revokes a FRA token", asToken(ncbUser(owner, supervisor), access.ScopeManage), access.TokenRevoke, inBureau(owner), "", allowed},
		{"FRA supervisor creates a FRA token", ncbUser(owner, supervisor), access.TokenCreate, inBureau(owner), "", allowed},
		{"FRA supervisor token with manage disables a DEU user", asToken(ncbUser(owner, supervisor), access.ScopeManage), access.UserDisable, inBureau(other), "", fault.OtherBureau},
		{"FRA supervisor who is also the DPO disables a DEU unit", ncbUser(owner, supervisor, dpo), access.UnitDisable, inBureau(other), "", fault.OtherBureau},
		// Only an admin role that counts reaches beyond the bureau: admin held
		// in an NCB (however it got into the stored data) counts for nothing,
		// so the supervisor next to it stays inside its bureau.
		{"FRA NCB supervisor also given admin creates a user in FRA", ncbUser(owner, supervisor, admin), access.UserCreate, inBureau(owner), "", allowed},
		{"FRA NCB supervisor also given admin creates a user in DEU", ncbUser(owner, supervisor, admin), access.UserCreate, inBureau(other), "", fault.OtherBureau},
		{"FRA NCB supervisor also given admin disables a DEU unit", ncbUser(owner, admin, supervisor), access.UnitDisable, inBureau(other), "", fault.OtherBureau},
		{"FRA NCB supervisor also given admin disables a Secretariat unit", ncbUser(owner, supervisor, admin), access.UnitDisable, networkWide, "", fault.OtherBureau},
		{"FRA NCB supervisor+admin token with manage may not create a FRA token: a person must", asToken(ncbUser(owner, supervisor, admin), access.ScopeManage), access.TokenCreate, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA NCB supervisor+admin token with manage revokes a FRA token", asToken(ncbUser(owner, supervisor, admin), access.ScopeManage), access.TokenRevoke, inBureau(owner), "", allowed},
		{"FRA NCB supervisor+admin token with manage revokes a DEU token", asToken(ncbUser(owner, supervisor, admin), access.ScopeManage), access.TokenRevoke, inBureau(other), "", fault.OtherBureau},
		{"FRA NCB supervisor+admin token with manage lists the Secretariat's users", asToken(ncbUser(owner, supervisor, admin), access.ScopeManage), access.UserRead, networkWide, "", fault.OtherBureau},
		{"a Secretariat admin's token with manage disables a DEU unit", asToken(secretariatUser(admin), access.ScopeManage), access.UnitDisable, inBureau(other), "", fault.RoleNotPermitted},
	})
}

// Rule 6: a DPO reads its own bureau's audit entries; oversight and admins
// (roles that count: an oversight DPO user, a Secretariat admin user) all.
func TestDecideRule6Audit(t *testing.T) {
	runScenarios(t, []scenario{
		{"FRA DPO reads FRA audit entries", ncbUser(owner, dpo), access.AuditRead, inBureau(owner), "", allowed},
		{"FRA DPO reads DEU audit entries", ncbUser(owner, dpo), access.AuditRead, inBureau(other), "", fault.OtherBureau},
		{"FRA DPO reads the Secretariat's audit entries", ncbUser(owner, dpo), access.AuditRead, networkWide, "", fault.OtherBureau},
		{"oversight body DPO reads DEU audit entries", oversightUser(dpo), access.AuditRead, inBureau(other), "", allowed},
		{"oversight body DPO reads the Secretariat's audit entries", oversightUser(dpo), access.AuditRead, networkWide, "", allowed},
		{"Secretariat admin reads DEU audit entries", secretariatUser(admin), access.AuditRead, inBureau(other), "", allowed},
		{"Secretariat reviewer reads audit entries", secretariatUser(reviewer), access.AuditRead, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA supervisor reads FRA audit entries", ncbUser(owner, supervisor), access.AuditRead, inBureau(owner), "", fault.RoleNotPermitted},
		{"a supervisor's token with audit:read still may not read audit entries", asToken(ncbUser(owner, supervisor), access.ScopeAuditRead), access.AuditRead, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA data-protection monitoring token reads FRA audit entries", asToken(ncbUser(owner, dpo), access.ScopeAuditRead), access.AuditRead, inBureau(owner), "", allowed},
		{"FRA data-protection monitoring token reads DEU audit entries", asToken(ncbUser(owner, dpo), access.ScopeAuditRead), access.AuditRead, inBureau(other), "", fault.OtherBureau},
		{"FRA data-protection monitoring token reads the Secretariat's audit entries", asToken(ncbUser(owner, dpo), access.ScopeAuditRead), access.AuditRead, networkWide, "", fault.OtherBureau},
		{"a DPO role held in a specialised unit reads its bureau's audit entries", specialisedUser(owner, nil, dpo), access.AuditRead, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA NCB user given admin reads DEU audit entries", ncbUser(owner, admin), access.AuditRead, inBureau(other), "", fault.RoleNotPermitted},
		{"a Secretariat token carrying admin with audit:read reads DEU audit entries", asToken(secretariatUser(admin), access.ScopeAuditRead), access.AuditRead, inBureau(other), "", fault.RoleNotPermitted},
		// Only an admin role that counts reads every bureau's entries: admin
		// held in an NCB counts for nothing, so the DPO next to it reads its
		// own bureau's entries only.
		{"FRA NCB DPO also given admin reads FRA audit entries", ncbUser(owner, dpo, admin), access.AuditRead, inBureau(owner), "", allowed},
		{"FRA NCB DPO also given admin reads DEU audit entries", ncbUser(owner, dpo, admin), access.AuditRead, inBureau(other), "", fault.OtherBureau},
		{"FRA NCB DPO also given admin reads the Secretariat's audit entries", ncbUser(owner, admin, dpo), access.AuditRead, networkWide, "", fault.OtherBureau},
		{"FRA NCB DPO+admin token with audit:read reads FRA audit entries", asToken(ncbUser(owner, dpo, admin), access.ScopeAuditRead), access.AuditRead, inBureau(owner), "", allowed},
		{"FRA NCB DPO+admin token with audit:read reads DEU audit entries", asToken(ncbUser(owner, dpo, admin), access.ScopeAuditRead), access.AuditRead, inBureau(other), "", fault.OtherBureau},
		// The oversight body reads all through its users, not through tokens:
		// a token of the oversight body carries no role.
		{"an oversight body DPO's token with audit:read reads DEU audit entries", asToken(oversightUser(dpo), access.ScopeAuditRead), access.AuditRead, inBureau(other), "", fault.RoleNotPermitted},
		{"an oversight body DPO's token with audit:read reads the Secretariat's audit entries", asToken(oversightUser(dpo), access.ScopeAuditRead), access.AuditRead, networkWide, "", fault.RoleNotPermitted},
	})
}

// Rule 7: only the owner's bureau changes a record.
func TestDecideRule7Owner(t *testing.T) {
	onlyITA := access.Restrictions{Countries: []string{third}, NCBOnly: true}
	runScenarios(t, []scenario{
		{"FRA officer creates a FRA record in SLTD", ncbUser(owner, officer), access.RecordCreate, record(owner, sltd), "", allowed},
		{"FRA supervisor deletes a FRA record", ncbUser(owner, supervisor), access.RecordDelete, record(owner, sltd), "", allowed},
		{"FRA officer updates a DEU record", ncbUser(owner, officer), access.RecordUpdate, record(other, sltd), "", fault.NotOwner},
		{"FRA supervisor deletes a DEU record", ncbUser(owner, supervisor), access.RecordDelete, record(other, sltd), "", fault.NotOwner},
		{"FRA officer creates a record for DEU", ncbUser(owner, officer), access.RecordCreate, record(other, sltd), "", fault.NotOwner},
		{"FRA officer updates a record with no owner", ncbUser(owner, officer), access.RecordUpdate, record("", sltd), "", fault.NotOwner},
		{"a user with no country updates a record with no owner", access.Principal{UnitKind: access.KindNCB, Roles: []access.Role{officer}}, access.RecordUpdate, record("", sltd), "", fault.NotOwner},
		{"FRA child-protection unit with ICSE creates a FRA ICSE record", specialisedUser(owner, grants(icse), officer), access.RecordCreate, record(owner, icse), "", allowed},
		{"the owner's restrictions do not bind the owner: FRA officer updates a FRA record released to ITA NCB only", ncbUser(owner, officer), access.RecordUpdate, restricted(owner, sltd, onlyITA), "", allowed},
		{"FRA specialised unit officer with SLTD updates a DEU SLTD record", specialisedUser(owner, grants(sltd), officer), access.RecordUpdate, record(other, sltd), "", fault.NotOwner},
		// Precedence: ownership is checked before the database grant.
		{"FRA specialised unit without ICSE updates a DEU ICSE record: not owner first", specialisedUser(owner, grants(sltd), officer), access.RecordUpdate, record(other, icse), "", fault.NotOwner},
	})
}

// Rule 8: the database is granted to the principal's unit.
func TestDecideRule8Databases(t *testing.T) {
	withheldFromDEU := access.Restrictions{ExcludedCountries: []string{other}}
	runScenarios(t, []scenario{
		{"DEU child-protection unit with ICSE searches a FRA ICSE record", specialisedUser(other, grants(icse), officer), access.RecordSearch, record(owner, icse), access.PurposeCriminalInvestigation, allowed},
		{"DEU cybercrime unit without ICSE searches a FRA ICSE record", specialisedUser(other, grants(sltd, smv), officer), access.RecordSearch, record(owner, icse), access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"DEU specialised unit with no grant reads a FRA record", specialisedUser(other, nil, officer), access.RecordRead, record(owner, sltd), access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"DEU border point with SLTD checks a FRA passport", borderUser(other, grants(sltd), borderOfficer), access.CheckRun, record(owner, sltd), access.PurposeBorderControl, allowed},
		{"DEU border point with SMV only checks a FRA passport", borderUser(other, grants(smv), borderOfficer), access.CheckRun, record(owner, sltd), access.PurposeBorderControl, fault.DatabaseNotGranted},
		{"DEU NCB searches ICSE (an NCB holds every database)", ncbUser(other, officer), access.RecordSearch, record(owner, icse), access.PurposeCriminalInvestigation, allowed},
		{"Secretariat reviewer reads ICSE (the Secretariat holds every database)", secretariatUser(reviewer), access.RecordRead, record(owner, icse), access.PurposeCriminalInvestigation, allowed},
		{"a grant is named exactly: SLTD in capitals does not grant sltd", specialisedUser(other, grants("SLTD"), officer), access.RecordSearch, record(owner, sltd), access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"own bureau does not replace the grant: FRA specialised unit without ICSE reads a FRA ICSE record", specialisedUser(owner, grants(sltd), officer), access.RecordRead, record(owner, icse), access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"own bureau does not replace the grant: FRA border point without SLTD checks a FRA passport", borderUser(owner, grants(smv), borderOfficer), access.CheckRun, record(owner, sltd), access.PurposeBorderControl, fault.DatabaseNotGranted},
		{"FRA specialised unit without ICSE creates a FRA ICSE record", specialisedUser(owner, grants(sltd), officer), access.RecordCreate, record(owner, icse), "", fault.DatabaseNotGranted},
		{"FRA specialised unit without ICSE deletes a FRA ICSE record", specialisedUser(owner, grants(sltd), officer), access.RecordDelete, record(owner, icse), "", fault.DatabaseNotGranted},
		// Fail closed (failclosed_test.go has more): a unit bounded by grants
		// must name its database, and a database must be one of the network's.
		{"DEU specialised unit with SLTD searches naming no database", specialisedUser(other, grants(sltd), officer), access.RecordSearch, access.Resource{Country: owner}, access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"DEU border point with SLTD checks naming no database", borderUser(other, grants(sltd), borderOfficer), access.CheckRun, access.Resource{Country: owner}, access.PurposeBorderControl, fault.DatabaseNotGranted},
		{"DEU NCB searches naming no database (it holds every database)", ncbUser(other, officer), access.RecordSearch, access.Resource{Country: owner}, access.PurposeCriminalInvestigation, allowed},
		{"DEU NCB searches a database the network does not have", ncbUser(other, officer), access.RecordSearch, record(owner, "passports"), access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"Secretariat reviewer reads a database the network does not have", secretariatUser(reviewer), access.RecordRead, record(owner, "passports"), access.PurposeIdentification, fault.DatabaseNotGranted},
		// Precedence: the database grant is checked before the restrictions.
		{"DEU specialised unit without ICSE searches a FRA ICSE record withheld from DEU: database first", specialisedUser(other, grants(sltd), officer), access.RecordSearch, restricted(owner, icse, withheldFromDEU), access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"DEU border point without SLTD checks an NCB-only FRA passport: database first", borderUser(other, grants(smv), borderOfficer), access.CheckRun, restricted(owner, sltd, access.Restrictions{NCBOnly: true}), access.PurposeBorderControl, fault.DatabaseNotGranted},
		{"Secretariat analyst reads a record in an unknown database released to ITA only: database first", secretariatUser(analyst), access.RecordRead, restricted(owner, "passports", access.Restrictions{Countries: []string{third}}), access.PurposeThreatAnalysis, fault.DatabaseNotGranted},
	})
}

// Rule 9: police data is seen only as its owner's restrictions admit. The
// unit that entered a record and the Secretariat's reviewers are not bound by
// them; inside the owner's bureau only the unit-kind limits bind; other
// bureaus are bound by all of them.
func TestDecideRule9Restrictions(t *testing.T) {
	type rs = access.Restrictions
	runScenarios(t, []scenario{
		{"DEU NCB searches an unrestricted FRA record", ncbUser(other, officer), access.RecordSearch, record(owner, sltd), access.PurposeLocateWantedPerson, allowed},
		{"DEU NCB reads a FRA record released to DEU and ITA", ncbUser(other, officer), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{other, third}}), access.PurposeLocateWantedPerson, allowed},
		{"ESP NCB reads a FRA record released to DEU and ITA", ncbUser(fourth, officer), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{other, third}}), access.PurposeLocateWantedPerson, fault.RestrictedCountry},
		{"DEU NCB searches a FRA record withheld from DEU", ncbUser(other, officer), access.RecordSearch, restricted(owner, sltd, rs{ExcludedCountries: []string{other}}), access.PurposeLocateWantedPerson, fault.RestrictedCountry},
		{"ITA NCB searches a FRA record withheld from DEU", ncbUser(third, officer), access.RecordSearch, restricted(owner, sltd, rs{ExcludedCountries: []string{other}}), access.PurposeLocateWantedPerson, allowed},
		{"DEU NCB checks a FRA record released to NCBs only", ncbUser(other, officer), access.CheckRun, restricted(owner, sltd, rs{NCBOnly: true}), access.PurposeLocateWantedPerson, allowed},
		{"DEU specialised unit with SLTD searches a FRA record released to NCBs only", specialisedUser(other, grants(sltd), officer), access.RecordSearch, restricted(owner, sltd, rs{NCBOnly: true}), access.PurposeCriminalInvestigation, fault.RestrictedUnitKind},
		{"DEU border point checks a FRA passport released to NCBs only", borderUser(other, grants(sltd), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{NCBOnly: true}), access.PurposeBorderControl, fault.RestrictedUnitKind},
		{"DEU border point checks a FRA passport released to border points", borderUser(other, grants(sltd), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindBorderPoint}}), access.PurposeBorderControl, allowed},
		{"DEU NCB searches a FRA record released to specialised units only", ncbUser(other, officer), access.RecordSearch, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindSpecialised}}), access.PurposeCriminalInvestigation, fault.RestrictedUnitKind},
		{"DEU specialised unit searches a FRA record released to NCBs and specialised units", specialisedUser(other, grants(sltd), officer), access.RecordSearch, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindNCB, access.KindSpecialised}}), access.PurposeCriminalInvestigation, allowed},
		{"DEU border point checks a FRA passport released to NCBs and specialised units", borderUser(other, grants(sltd), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindNCB, access.KindSpecialised}}), access.PurposeBorderControl, fault.RestrictedUnitKind},
		// Inside the owner's bureau. The country limits say which bureaus the
		// owner shares with, so they do not apply to its own bureau; the
		// unit-kind limits do ("only NCBs (not border points or units), or
		// only some kinds of unit", DOMAIN.md): they keep a record from the
		// bureau's own specialised units and border points, and from its NCB
		// if the kinds leave NCBs out.
		{"the owner's NCB always sees its record, even released to ITA only", ncbUser(owner, officer), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{third}}), access.PurposeCriminalInvestigation, allowed},
		{"the owner's NCB sees its record even if it excluded its own country", ncbUser(owner, officer), access.RecordRead, restricted(owner, sltd, rs{ExcludedCountries: []string{owner}}), access.PurposeCriminalInvestigation, allowed},
		{"the owner's NCB reads its bureau's NCB-only record", ncbUser(owner, officer), access.RecordRead, restricted(owner, sltd, rs{NCBOnly: true}), access.PurposeCriminalInvestigation, allowed},
		{"FRA specialised unit reads a FRA NCB-only record", specialisedUser(owner, grants(sltd), officer), access.RecordRead, restricted(owner, sltd, rs{NCBOnly: true}), access.PurposeCriminalInvestigation, fault.RestrictedUnitKind},
		{"FRA specialised unit searches a FRA NCB-only record", specialisedUser(owner, grants(sltd), analyst), access.RecordSearch, restricted(owner, sltd, rs{NCBOnly: true}), access.PurposeThreatAnalysis, fault.RestrictedUnitKind},
		{"FRA specialised unit's token checks a FRA NCB-only record", asToken(specialisedUser(owner, grants(sltd), officer), access.ScopeChecks), access.CheckRun, restricted(owner, sltd, rs{NCBOnly: true}), access.PurposeCriminalInvestigation, fault.RestrictedUnitKind},
		{"the FRA unit that entered a FRA NCB-only record reads it", specialisedUser(owner, grants(sltd), officer), access.RecordRead, enteredBy(restricted(owner, sltd, rs{NCBOnly: true}), specialisedUser(owner, nil)), access.PurposeCriminalInvestigation, allowed},
		{"FRA NCB reads a FRA record released to specialised units only", ncbUser(owner, officer), access.RecordRead, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindSpecialised}}), access.PurposeCriminalInvestigation, fault.RestrictedUnitKind},
		{"FRA NCB border officer checks a FRA passport released to border points only", ncbUser(owner, borderOfficer), access.CheckRun, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindBorderPoint}}), access.PurposeBorderControl, fault.RestrictedUnitKind},
		{"FRA NCB reads a FRA record released to NCBs and specialised units", ncbUser(owner, officer), access.RecordRead, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindNCB, access.KindSpecialised}}), access.PurposeCriminalInvestigation, allowed},
		{"FRA specialised unit reads a FRA record released to specialised units only", specialisedUser(owner, grants(sltd), officer), access.RecordRead, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindSpecialised}}), access.PurposeCriminalInvestigation, allowed},
		{"FRA border point checks a FRA passport released to NCBs and specialised units", borderUser(owner, grants(sltd), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindNCB, access.KindSpecialised}}), access.PurposeBorderControl, fault.RestrictedUnitKind},
		{"FRA border point checks a FRA NCB-only passport", borderUser(owner, grants(sltd), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{NCBOnly: true}), access.PurposeBorderControl, fault.RestrictedUnitKind},
		{"FRA border point checks a FRA passport released to DEU only: the countries do not bind its own bureau", borderUser(owner, grants(sltd), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{Countries: []string{other}}), access.PurposeBorderControl, allowed},
		{"FRA border point checks a passport its bureau released to ITA only", borderUser(owner, grants(sltd), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{Countries: []string{third}}), access.PurposeBorderControl, allowed},
		{"FRA border point checks a FRA passport withheld from FRA and DEU", borderUser(owner, grants(sltd), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{ExcludedCountries: []string{owner, other}}), access.PurposeBorderControl, allowed},
		// ... still subject to its other rules.
		{"FRA border point checks a FRA passport released to DEU only and to NCBs only: its unit kind still counts", borderUser(owner, grants(sltd), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{Countries: []string{other}, NCBOnly: true}), access.PurposeBorderControl, fault.RestrictedUnitKind},
		{"FRA border point checks a FRA passport released to DEU only and to specialised units: its unit kind still counts", borderUser(owner, grants(sltd), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{Countries: []string{other}, UnitKinds: []access.UnitKind{access.KindSpecialised}}), access.PurposeBorderControl, fault.RestrictedUnitKind},
		{"FRA border point without SLTD checks a FRA passport released to DEU only: its grants still count", borderUser(owner, grants(smv), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{Countries: []string{other}}), access.PurposeBorderControl, fault.DatabaseNotGranted},
		{"FRA border point checks a FRA passport released to DEU only for an investigation: its purposes still count", borderUser(owner, grants(sltd), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{Countries: []string{other}}), access.PurposeCriminalInvestigation, fault.PurposeNotPermitted},
		{"FRA border point reads a FRA record released to DEU only: it still does not browse", borderUser(owner, grants(sltd), borderOfficer), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{other}}), access.PurposeBorderControl, fault.UnitKindNotPermitted},
		// The unit that entered a record always sees it, whatever the limits:
		// every user and token of that unit, and that unit only.
		{"the FRA specialised unit that entered a record released to border points only reads it", specialisedUser(owner, grants(sltd), officer), access.RecordRead, enteredBy(restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindBorderPoint}}), specialisedUser(owner, nil)), access.PurposeCriminalInvestigation, allowed},
		{"the FRA specialised unit that entered an NCB-only record withheld from FRA searches it", specialisedUser(owner, grants(sltd), analyst), access.RecordSearch, enteredBy(restricted(owner, sltd, rs{ExcludedCountries: []string{owner}, NCBOnly: true}), specialisedUser(owner, nil)), access.PurposeThreatAnalysis, allowed},
		{"the token of the FRA specialised unit that entered an NCB-only record checks it", asToken(specialisedUser(owner, grants(sltd), officer), access.ScopeChecks), access.CheckRun, enteredBy(restricted(owner, sltd, rs{NCBOnly: true}), specialisedUser(owner, nil)), access.PurposeCriminalInvestigation, allowed},
		{"the FRA NCB that entered a record released to specialised units only reads it", ncbUser(owner, officer), access.RecordRead, enteredBy(restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindSpecialised}}), ncbUser(owner)), access.PurposeCriminalInvestigation, allowed},
		{"another FRA specialised unit reads an NCB-only record a FRA specialised unit entered", specialisedUser(owner, grants(sltd), officer), access.RecordRead, access.Resource{Country: owner, OwnerUnit: "unit-FRA-su-2", Database: sltd, Restrictions: rs{NCBOnly: true}}, access.PurposeCriminalInvestigation, fault.RestrictedUnitKind},
		{"FRA specialised unit reads an NCB-only record the FRA NCB entered", specialisedUser(owner, grants(sltd), officer), access.RecordRead, enteredBy(restricted(owner, sltd, rs{NCBOnly: true}), ncbUser(owner)), access.PurposeCriminalInvestigation, fault.RestrictedUnitKind},
		{"DEU specialised unit reads an NCB-only FRA record a FRA specialised unit entered", specialisedUser(other, grants(sltd), officer), access.RecordRead, enteredBy(restricted(owner, sltd, rs{NCBOnly: true}), specialisedUser(owner, nil)), access.PurposeCriminalInvestigation, fault.RestrictedUnitKind},
		{"a reader of no unit on an NCB-only record of no recorded unit: no unit entered it", access.Principal{Country: owner, UnitKind: access.KindSpecialised, Roles: []access.Role{officer}, Databases: grants(sltd)}, access.RecordRead, restricted(owner, sltd, rs{NCBOnly: true}), access.PurposeCriminalInvestigation, fault.RestrictedUnitKind},
		// ... still subject to its other rules: the restrictions come last.
		{"the FRA specialised unit that entered an NCB-only ICSE record, no longer granted ICSE, reads it", specialisedUser(owner, grants(sltd), officer), access.RecordRead, enteredBy(restricted(owner, icse, rs{NCBOnly: true}), specialisedUser(owner, nil)), access.PurposeCriminalInvestigation, fault.DatabaseNotGranted},
		{"the FRA specialised unit that entered an NCB-only record reads it without purpose", specialisedUser(owner, grants(sltd), officer), access.RecordRead, enteredBy(restricted(owner, sltd, rs{NCBOnly: true}), specialisedUser(owner, nil)), "", fault.PurposeRequired},
		{"the token of the FRA specialised unit that entered an NCB-only record, without records:read, reads it", asToken(specialisedUser(owner, grants(sltd), officer), access.ScopeChecks), access.RecordRead, enteredBy(restricted(owner, sltd, rs{NCBOnly: true}), specialisedUser(owner, nil)), access.PurposeCriminalInvestigation, fault.ScopeNotGranted},
		// The Secretariat's reviewers check data for compliance across the
		// network and are not bound by the restrictions; the Secretariat's
		// other users are, and, having no country, are on no allowlist.
		{"Secretariat reviewer reads a FRA record released to ITA NCB only", secretariatUser(reviewer), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{third}, NCBOnly: true}), access.PurposeIdentification, allowed},
		{"Secretariat reviewer searches a FRA record released to border points only", secretariatUser(reviewer), access.RecordSearch, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindBorderPoint}}), access.PurposeIdentification, allowed},
		{"Secretariat reviewer who is also an analyst reads a FRA record released to ITA only", secretariatUser(analyst, reviewer), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{third}}), access.PurposeThreatAnalysis, allowed},
		{"Secretariat analyst searches an unrestricted FRA record", secretariatUser(analyst), access.RecordSearch, record(owner, sltd), access.PurposeThreatAnalysis, allowed},
		{"Secretariat analyst searches a FRA record released to border points only", secretariatUser(analyst), access.RecordSearch, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindBorderPoint}}), access.PurposeThreatAnalysis, fault.RestrictedUnitKind},
		{"Secretariat analyst searches a FRA record released to NCBs only", secretariatUser(analyst), access.RecordSearch, restricted(owner, sltd, rs{NCBOnly: true}), access.PurposeThreatAnalysis, fault.RestrictedUnitKind},
		{"Secretariat analyst reads a FRA record released to DEU and ITA", secretariatUser(analyst), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{other, third}}), access.PurposeThreatAnalysis, fault.RestrictedCountry},
		{"Secretariat analyst reads a FRA record withheld from DEU", secretariatUser(analyst), access.RecordRead, restricted(owner, sltd, rs{ExcludedCountries: []string{other}}), access.PurposeThreatAnalysis, allowed},
		{"Secretariat analyst reads a FRA record released to NCBs and the Secretariat", secretariatUser(analyst), access.RecordRead, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindNCB, access.KindSecretariat}}), access.PurposeThreatAnalysis, allowed},
		// Only a reviewer role that counts, held in the Secretariat, lifts the
		// restrictions: a token never does (a Secretariat token carries no
		// role; a bureau's token may not carry reviewer, nor may its users
		// hold it), so a token carrying analyst and reviewer is an analyst's.
		{"a Secretariat analyst's token reads a FRA record released to DEU only: its roles count for nothing", asToken(secretariatUser(analyst), access.ScopeRecordsRead), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{other}}), access.PurposeThreatAnalysis, fault.RoleNotPermitted},
		{"a Secretariat token carrying analyst and reviewer reads a FRA record released to ITA only: its roles count for nothing", asToken(secretariatUser(analyst, reviewer), access.ScopeRecordsRead), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{third}}), access.PurposeThreatAnalysis, fault.RoleNotPermitted},
		{"a DEU NCB token carrying analyst and reviewer reads a FRA record released to ITA only: bound by the restrictions", asToken(ncbUser(other, analyst, reviewer), access.ScopeRecordsRead), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{third}}), access.PurposeThreatAnalysis, fault.RestrictedCountry},
		{"a DEU NCB token carrying analyst and reviewer searches a FRA record withheld from DEU: bound by the restrictions", asToken(ncbUser(other, reviewer, analyst), access.ScopeRecordsRead), access.RecordSearch, restricted(owner, sltd, rs{ExcludedCountries: []string{other}}), access.PurposeThreatAnalysis, fault.RestrictedCountry},
		{"a DEU NCB token carrying analyst and reviewer reads a FRA record released to border points only: bound by the restrictions", asToken(ncbUser(other, analyst, reviewer), access.ScopeRecordsRead), access.RecordRead, restricted(owner, sltd, rs{UnitKinds: []access.UnitKind{access.KindBorderPoint}}), access.PurposeThreatAnalysis, fault.RestrictedUnitKind},
		{"a DEU specialised unit token carrying analyst and reviewer reads a FRA record released to NCBs only: bound by the restrictions", asToken(specialisedUser(other, grants(sltd), analyst, reviewer), access.ScopeRecordsRead), access.RecordRead, restricted(owner, sltd, rs{NCBOnly: true}), access.PurposeThreatAnalysis, fault.RestrictedUnitKind},
		{"a DEU NCB user holding analyst and reviewer reads a FRA record released to ITA only: reviewer counts only in the Secretariat", ncbUser(other, analyst, reviewer), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{third}}), access.PurposeThreatAnalysis, fault.RestrictedCountry},
		{"a DEU NCB token carrying analyst and reviewer reads an unrestricted FRA record", asToken(ncbUser(other, analyst, reviewer), access.ScopeRecordsRead), access.RecordRead, record(owner, sltd), access.PurposeThreatAnalysis, allowed},
		{"DEU NCB reads a record with no owner released to ITA only", ncbUser(other, officer), access.RecordRead, restricted("", sltd, rs{Countries: []string{third}}), access.PurposeIdentification, fault.RestrictedCountry},
		{"a reader with no country is not on an allowlist", specialisedUser("", grants(sltd), officer), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{other}}), access.PurposeIdentification, fault.RestrictedCountry},
		// Precedence inside the restrictions: countries before unit kinds, the
		// allowlist before the exclusions.
		{"DEU specialised unit on a FRA record released to ITA NCB only: country first", specialisedUser(other, grants(sltd), officer), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{third}, NCBOnly: true}), access.PurposeCriminalInvestigation, fault.RestrictedCountry},
		{"DEU border point on a FRA passport withheld from DEU and released to NCBs: country first", borderUser(other, grants(sltd), borderOfficer), access.CheckRun, restricted(owner, sltd, rs{ExcludedCountries: []string{other}, UnitKinds: []access.UnitKind{access.KindNCB}}), access.PurposeBorderControl, fault.RestrictedCountry},
		{"DEU NCB on a FRA record released to DEU but also withheld from DEU: the exclusion wins", ncbUser(other, officer), access.RecordRead, restricted(owner, sltd, rs{Countries: []string{other}, ExcludedCountries: []string{other}}), access.PurposeCriminalInvestigation, fault.RestrictedCountry},
		{"DEU specialised unit on a record NCB-only yet released to specialised units: NCB-only wins", specialisedUser(other, grants(sltd), officer), access.RecordRead, restricted(owner, sltd, rs{NCBOnly: true, UnitKinds: []access.UnitKind{access.KindSpecialised}}), access.PurposeCriminalInvestigation, fault.RestrictedUnitKind},
		// Restrictions govern seeing, not the rest: management and writes ignore them.
		{"restrictions on a resource do not stop the owner's supervisor managing it", ncbUser(owner, supervisor), access.UnitRead, access.Resource{Country: owner, Restrictions: rs{Countries: []string{third}}}, "", allowed},
	})
}

// Hits: a bureau reads the hits on its own records (one of them shown to
// someone outside the bureau) from its NCB only, as an officer, supervisor,
// DPO or analyst, under records:read, with no purpose. Not from its
// specialised units: they would learn of hits on records in databases they
// were never granted. The unit kind is checked first, so a specialised unit
// is refused for its kind whatever the bureau, role or scope.
// The rule is a bureau rule (rule 5): the hits must be the principal's own
// bureau's; admins would reach any bureau, but no admin holds a role that
// permits reading hits, so only the bureau's own people do.
func TestDecideHits(t *testing.T) {
	runScenarios(t, []scenario{
		{"FRA officer reads FRA hits", ncbUser(owner, officer), access.HitRead, inBureau(owner), "", allowed},
		{"FRA officer reads DEU hits", ncbUser(owner, officer), access.HitRead, inBureau(other), "", fault.OtherBureau},
		{"FRA border officer at a border point reads FRA hits", borderUser(owner, grants(sltd), borderOfficer), access.HitRead, inBureau(owner), "", fault.UnitKindNotPermitted},
		{"FRA supervisor token with records:read reads FRA hits", asToken(ncbUser(owner, supervisor), access.ScopeRecordsRead), access.HitRead, inBureau(owner), "", allowed},
		{"FRA supervisor token without records:read reads FRA hits", asToken(ncbUser(owner, supervisor), access.ScopeManage, access.ScopeChecks), access.HitRead, inBureau(owner), "", fault.ScopeNotGranted},
		{"Secretariat reviewer reads FRA hits", secretariatUser(reviewer), access.HitRead, inBureau(owner), "", fault.UnitKindNotPermitted},
		// The other holders of the rule, and its edges.
		{"FRA supervisor reads FRA hits", ncbUser(owner, supervisor), access.HitRead, inBureau(owner), "", allowed},
		{"FRA DPO reads FRA hits", ncbUser(owner, dpo), access.HitRead, inBureau(owner), "", allowed},
		{"FRA analyst reads FRA hits", ncbUser(owner, analyst), access.HitRead, inBureau(owner), "", allowed},
		{"FRA specialised unit officer reads FRA hits", specialisedUser(owner, grants(sltd), officer), access.HitRead, inBureau(owner), "", fault.UnitKindNotPermitted},
		{"FRA specialised unit officer with no grant reads FRA hits", specialisedUser(owner, nil, officer), access.HitRead, inBureau(owner), "", fault.UnitKindNotPermitted},
		{"FRA specialised unit analyst granted every database reads FRA hits", specialisedUser(owner, domainDatabaseIDs(), analyst), access.HitRead, inBureau(owner), "", fault.UnitKindNotPermitted},
		{"FRA specialised unit officer's token with records:read reads FRA hits", asToken(specialisedUser(owner, grants(sltd), officer), access.ScopeRecordsRead), access.HitRead, inBureau(owner), "", fault.UnitKindNotPermitted},
		{"FRA specialised unit analyst reads DEU hits: refused for its unit kind first", specialisedUser(owner, grants(sltd), analyst), access.HitRead, inBureau(other), "", fault.UnitKindNotPermitted},
		{"FRA specialised unit user with no role reads FRA hits: refused for its unit kind first", specialisedUser(owner, grants(sltd)), access.HitRead, inBureau(owner), "", fault.UnitKindNotPermitted},
		{"FRA NCB officer reads FRA hits with no database granted (an NCB needs none)", ncbUser(owner, officer), access.HitRead, inBureau(owner), "", allowed},
		{"FRA NCB analyst's token with records:read reads FRA hits", asToken(ncbUser(owner, analyst), access.ScopeRecordsRead), access.HitRead, inBureau(owner), "", allowed},
		{"FRA officer reads FRA hits declaring a purpose (none needed, any ignored)", ncbUser(owner, officer), access.HitRead, inBureau(owner), "curiosity", allowed},
		{"FRA officer reads the Secretariat's hits", ncbUser(owner, officer), access.HitRead, networkWide, "", fault.OtherBureau},
		{"FRA officer reads hits of no bureau", ncbUser(owner, officer), access.HitRead, access.Resource{}, "", fault.OtherBureau},
		{"FRA border officer at the NCB reads FRA hits", ncbUser(owner, borderOfficer), access.HitRead, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA NCB user given reviewer reads FRA hits", ncbUser(owner, reviewer), access.HitRead, inBureau(owner), "", fault.RoleNotPermitted},
		{"FRA NCB user given admin reads DEU hits", ncbUser(owner, admin), access.HitRead, inBureau(other), "", fault.RoleNotPermitted},
		{"Secretariat admin reads DEU hits", secretariatUser(admin), access.HitRead, inBureau(other), "", fault.UnitKindNotPermitted},
		{"Secretariat analyst reads FRA hits", secretariatUser(analyst), access.HitRead, inBureau(owner), "", fault.UnitKindNotPermitted},
		{"oversight body DPO reads FRA hits", oversightUser(dpo), access.HitRead, inBureau(owner), "", fault.UnitKindNotPermitted},
		{"FRA officer token with records:read reads DEU hits", asToken(ncbUser(owner, officer), access.ScopeRecordsRead), access.HitRead, inBureau(other), "", fault.OtherBureau},
		{"FRA DPO token with audit:read only reads FRA hits", asToken(ncbUser(owner, dpo), access.ScopeAuditRead), access.HitRead, inBureau(owner), "", fault.ScopeNotGranted},
		{"FRA supervisor token without records:read reads DEU hits: refused for its scope first", asToken(ncbUser(owner, supervisor), access.ScopeManage), access.HitRead, inBureau(other), "", fault.ScopeNotGranted},
	})
}

// TestDecisionErr: a refusal becomes a *fault.Error carrying the reason; an
// allowance is no error.
func TestDecisionErr(t *testing.T) {
	ok := access.Decide(ncbUser(owner, officer), access.RecordRead, record(owner, sltd), access.PurposeIdentification)
	if err := ok.Err(); err != nil {
		t.Fatalf("allowed decision: Err() = %v, want nil", err)
	}
	no := access.Decide(ncbUser(owner, officer), access.RecordRead, record(owner, sltd), "")
	err := no.Err()
	fe, isFault := fault.As(err)
	if !isFault {
		t.Fatalf("refused decision: Err() = %v, want a *fault.Error", err)
	}
	if fe.Code != fault.PurposeRequired || fe.Message != no.Message || fe.Message == "" {
		t.Errorf("refused decision: Err() = %+v, want code %s and the decision's message %q", fe, fault.PurposeRequired, no.Message)
	}
	if fault.CodeOf(err).Status() != 403 {
		t.Errorf("refused decision: status %d, want 403", fault.CodeOf(err).Status())
	}
}

// TestDecideLeavesInputsAlone: Decide is pure; it must not reorder or change
// the principal's or the record's lists, which callers share.
func TestDecideLeavesInputsAlone(t *testing.T) {
	p := specialisedUser(other, grants(smv, sltd), analyst, officer)
	p = asToken(p, access.ScopeRecordsRead, access.ScopeChecks)
	r := enteredBy(restricted(owner, sltd, access.Restrictions{
		Countries: []string{third, other}, ExcludedCountries: []string{fourth},
		UnitKinds: []access.UnitKind{access.KindSpecialised, access.KindNCB},
	}), specialisedUser(owner, nil))
	before := fmt.Sprint(p, r)
	for _, a := range access.Actions() {
		access.Decide(p, a, r, access.PurposeCriminalInvestigation)
	}
	access.Sees(p, r)
	if after := fmt.Sprint(p, r); after != before {
		t.Errorf("inputs changed by Decide:\nbefore %s\nafter  %s", before, after)
	}
}
