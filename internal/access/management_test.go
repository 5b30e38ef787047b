package access_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// expectManagement is the test's own statement of who manages units, users
// and tokens (DOMAIN.md: "Only an NCB authorises national entities to use the
// network and decides the scope of their access"; the Secretariat runs the
// network), and of who reads the hits on a bureau's records: both stay inside
// one bureau (bureauActions). A bureau's supervisors manage their own bureau
// from its NCB, the Secretariat's administrators manage every bureau and the
// network-wide bodies. A bureau's officers, supervisors, DPO and analysts
// read the hits on their own bureau's records from its NCB only (kindGrid:
// not from its specialised units, which would learn of hits in databases
// they were never granted); no administrator holds a role permitting it, so
// in practice no one reads another bureau's hits. Only roles that count (rolesThatCount) count,
// the admin's reach included: admin held in an NCB, or carried by any token,
// reaches nothing. A token needs the action's scope (scopeOf: manage for
// management, records:read for hits) and never creates tokens (tokenMay),
// whatever its scopes or the bureau: a person must.
func expectManagement(p access.Principal, a access.Action, r access.Resource) fault.Code {
	if !kindPermits(p.UnitKind, a) {
		return fault.UnitKindNotPermitted
	}
	roles := rolesThatCount(p)
	if !containsAny(roles, rolesPermitting(a)) {
		return fault.RoleNotPermitted
	}
	if p.Token && !tokenMayDo(a) {
		return fault.RoleNotPermitted
	}
	if p.Token && !slices.Contains(p.Scopes, scopeOf[a]) {
		return fault.ScopeNotGranted
	}
	if slices.Contains(roles, admin) {
		return allowed
	}
	ownBureau := p.Country != "" && r.Country == p.Country
	if !ownBureau {
		return fault.OtherBureau
	}
	return allowed
}

// holder is a principal holding one or two roles.
type holder struct {
	name string
	p    access.Principal
}

// roleSets are every single role and every pair of distinct roles, so that
// a role that counts meets one that does not (supervisor and admin in an
// NCB, dpo and admin, analyst and reviewer).
func roleSets() [][]access.Role {
	var out [][]access.Role
	for i, a := range access.Roles {
		out = append(out, []access.Role{a})
		for _, b := range access.Roles[i+1:] {
			out = append(out, []access.Role{a, b})
		}
	}
	return out
}

// roleHolders returns, for every role set (roleSets) and every unit kind, a
// FRA user of that kind holding the roles, whether or not unitRoleGrid lets
// them be held there, and that user's tokens with the manage scope only and
// with every scope but manage, whether or not a token may carry them.
func roleHolders() []holder {
	var out []holder
	for _, roles := range roleSets() {
		for _, k := range access.UnitKinds {
			p := userOf(k, owner, grants(sltd), roles...)
			where := string(k)
			if !k.NetworkWide() {
				where = owner + " " + where
			}
			var names, notHeld, notCarried []string
			for _, role := range roles {
				names = append(names, string(role))
				if !roleCounts(role, k, false) {
					notHeld = append(notHeld, string(role))
				}
				if !roleCounts(role, k, true) {
					notCarried = append(notCarried, string(role))
				}
			}
			base := strings.Join(names, "+") + " of " + where
			user, token := base, base
			if len(notHeld) > 0 {
				user += " (" + strings.Join(notHeld, "+") + " may not be held there)"
			}
			if len(notCarried) > 0 {
				token += " (" + strings.Join(notCarried, "+") + " not carried by its tokens)"
			}
			out = append(out,
				holder{user + " (user)", p},
				holder{token + " (token with manage)", asToken(p, access.ScopeManage)},
				holder{token + " (token with every scope but manage)", asToken(p, access.ScopeMembersRead, access.ScopeRecordsRead, access.ScopeRecordsWrite, access.ScopeChecks, access.ScopeAuditRead)},
			)
		}
	}
	return out
}

// holderResources are what the combinations manage or read the audit of.
var holderResources = []struct {
	name string
	r    access.Resource
}{
	{"FRA's (own bureau for national holders)", inBureau(owner)},
	{"DEU's (another bureau)", inBureau(other)},
	{"network-wide", networkWide},
}

// TestManagementCombinations asks Decide about every action confined to a
// bureau (management and reading hits), for every role holder, on its own
// bureau, another bureau and the network-wide bodies, and compares with
// expectManagement. The tokens with manage only lack records:read, those
// with every scope but manage hold it, so hits meet both.
func TestManagementCombinations(t *testing.T) {
	resources := holderResources
	holders := roleHolders()
	cases, outcomes := 0, map[fault.Code]int{}
	perAction := map[access.Action]map[fault.Code]int{}
	for _, a := range bureauActions {
		perAction[a] = map[fault.Code]int{}
		for _, h := range holders {
			for _, res := range resources {
				want := expectManagement(h.p, a, res.r)
				for _, purpose := range []access.Purpose{"", access.PurposeCriminalInvestigation} {
					d := access.Decide(h.p, a, res.r, purpose)
					cases++
					outcomes[want]++
					perAction[a][want]++
					if d.Allowed != (want == allowed) || d.Reason != want {
						t.Errorf("%s by %s on a %s resource (purpose %q): %s, want %s", a, h.name, res.name, purpose, describe(d), describeWant(want))
					}
				}
			}
		}
	}
	for _, code := range []fault.Code{allowed, fault.UnitKindNotPermitted, fault.RoleNotPermitted, fault.ScopeNotGranted, fault.OtherBureau} {
		if outcomes[code] == 0 {
			t.Errorf("no combination led to %s", describeWant(code))
		}
		for _, a := range hitActions {
			if perAction[a][code] == 0 {
				t.Errorf("%s: no combination led to %s", a, describeWant(code))
			}
		}
	}
	t.Logf("%d bureau combinations (%d holders × %d resources × %d actions × 2 purposes); outcomes %v", cases, len(holders), len(resources), len(bureauActions), outcomes)
}

// TestSupervisorNeverManagesAnotherBureau: whatever its other roles, scopes
// or unit, a principal without an admin role that counts never manages a
// bureau other than its own nor the network-wide bodies: not without admin,
// not with admin held where it may not be held (an NCB, a unit, the
// oversight body), not as a token, which never carries admin. Only a
// Secretariat user holding admin does.
func TestSupervisorNeverManagesAnotherBureau(t *testing.T) {
	nonAdmin := slices.DeleteFunc(slices.Clone(access.Roles), func(r access.Role) bool { return r == admin })
	for _, roles := range [][]access.Role{nonAdmin, access.Roles, {supervisor, admin}} {
		for _, k := range access.UnitKinds {
			p := userOf(k, owner, nil, roles...)
			for _, form := range []access.Principal{p, asToken(p, access.Scopes...)} {
				want := !form.Token && k == access.KindSecretariat && slices.Contains(roles, admin)
				for _, a := range managementActions {
					for _, r := range []access.Resource{inBureau(other), networkWide, {Country: other, UnitKind: access.KindSecretariat}} {
						if d := access.Decide(form, a, r, ""); d.Allowed != want {
							t.Errorf("a FRA %s principal (token=%v) holding %v: %s on %+v: %s, want allowed=%v", k, form.Token, roles, a, r, describe(d), want)
						}
					}
				}
			}
		}
	}
}

// TestNoOneReadsAnotherBureausHits: whatever its roles, scopes, unit and
// purpose, no principal reads the hits on another bureau's records, on the
// network-wide bodies' or on no bureau's: the Secretariat's administrators,
// who reach every bureau in management, hold no role that permits reading
// hits, and the Secretariat may not read them at all. A bureau's own people
// read their bureau's hits only as roleGrid, kindGrid and scopeOf say.
func TestNoOneReadsAnotherBureausHits(t *testing.T) {
	foreign := []access.Resource{inBureau(other), {Country: other}, record(other, sltd), networkWide, {}, record("", sltd)}
	purposes := []access.Purpose{"", access.PurposeCriminalInvestigation}
	for _, roles := range append(roleSets(), access.Roles) {
		for _, k := range access.UnitKinds {
			p := userOf(k, owner, grants(sltd), roles...)
			for _, form := range []access.Principal{p, asToken(p, access.Scopes...)} {
				for _, a := range hitActions {
					for _, r := range foreign {
						for _, purpose := range purposes {
							if d := access.Decide(form, a, r, purpose); d.Allowed {
								t.Errorf("a FRA %s principal (token=%v) holding %v: %s on %+v (purpose %q): allowed, want refused", k, form.Token, roles, a, r, purpose)
							}
						}
					}
				}
			}
		}
	}
}

// TestTokensNeverCreateTokens: whatever its roles, scopes and unit, and
// whoever's the new token would be, a token is refused token.create: for its
// unit kind where that kind may not manage at all, otherwise with
// role_not_permitted, never with scope_not_granted nor other_bureau (the
// refusal comes before the scopes and the bureau). The same principal as a
// user is allowed where it supervises its own bureau or administers the
// network; and the token still reads and revokes tokens like a user.
func TestTokensNeverCreateTokens(t *testing.T) {
	scopeSets := [][]access.Scope{nil, {access.ScopeManage}, {access.ScopeMembersRead}, access.Scopes}
	resources := []access.Resource{inBureau(owner), inBureau(other), networkWide, {}}
	tokens, users := 0, 0
	for _, roles := range roleSets() {
		for _, k := range access.UnitKinds {
			user := userOf(k, owner, grants(sltd), roles...)
			for _, scopes := range scopeSets {
				token := asToken(user, scopes...)
				want := fault.RoleNotPermitted
				if !kindPermits(k, access.TokenCreate) {
					want = fault.UnitKindNotPermitted
				}
				for _, r := range resources {
					d := access.Decide(token, access.TokenCreate, r, "")
					tokens++
					if d.Allowed || d.Reason != want {
						t.Errorf("token.create by a token of a FRA %s unit carrying %v with scopes %v on %+v: %s, want %s", k, roles, scopes, r, describe(d), describeWant(want))
					}
				}
			}
			adminHere := k == access.KindSecretariat && slices.Contains(roles, admin)
			supervisorHere := k == access.KindNCB && slices.Contains(roles, supervisor)
			for _, r := range resources {
				wantUser := adminHere || supervisorHere && r.Country == owner
				if d := access.Decide(user, access.TokenCreate, r, ""); d.Allowed != wantUser {
					t.Errorf("token.create by a user of a FRA %s unit holding %v on %+v: %s, want allowed=%v", k, roles, r, describe(d), wantUser)
				}
				users++
			}
		}
	}
	// The token may still read and revoke its bureau's tokens: only creating
	// them is for people.
	sup := asToken(ncbUser(owner, supervisor), access.ScopeManage)
	for _, a := range []access.Action{access.TokenRead, access.TokenRevoke} {
		wantDecision(t, access.Decide(sup, a, inBureau(owner), ""), allowed)
	}
	t.Logf("%d token and %d user token.create questions", tokens, users)
}

// expectAudit is the test's own statement of who reads whose audit entries
// (docs/ARCHITECTURE.md: "a bureau's DPO reads the entries that concern its
// country; the oversight body's DPOs and administrators read all"): a DPO
// reads its own bureau's, the oversight body's DPOs and the Secretariat's
// administrators read every bureau's and the network-wide bodies'. Only
// roles that count (rolesThatCount) count, the admin's reach included: admin
// held in an NCB, or carried by any token, reaches nothing, and the
// oversight body reads all through its users, its tokens carrying no role.
func expectAudit(p access.Principal, r access.Resource) fault.Code {
	if !kindPermits(p.UnitKind, access.AuditRead) {
		return fault.UnitKindNotPermitted
	}
	roles := rolesThatCount(p)
	if !containsAny(roles, rolesPermitting(access.AuditRead)) {
		return fault.RoleNotPermitted
	}
	if p.Token && !slices.Contains(p.Scopes, scopeOf[access.AuditRead]) {
		return fault.ScopeNotGranted
	}
	networkAdmin := slices.Contains(roles, admin)
	oversightDPO := p.UnitKind == access.KindOversight && slices.Contains(roles, dpo)
	if networkAdmin || oversightDPO {
		return allowed
	}
	if p.Country != "" && r.Country == p.Country {
		return allowed
	}
	return fault.OtherBureau
}

// TestAuditCombinations asks Decide about reading the audit entries of the
// principal's own bureau, another bureau and the network-wide bodies, for
// every role holder, and compares with expectAudit.
func TestAuditCombinations(t *testing.T) {
	holders := roleHolders()
	cases, outcomes := 0, map[fault.Code]int{}
	for _, h := range holders {
		for _, res := range holderResources {
			want := expectAudit(h.p, res.r)
			for _, purpose := range []access.Purpose{"", access.PurposeCriminalInvestigation} {
				d := access.Decide(h.p, access.AuditRead, res.r, purpose)
				cases++
				outcomes[want]++
				if d.Allowed != (want == allowed) || d.Reason != want {
					t.Errorf("audit.read by %s on a %s audit trail (purpose %q): %s, want %s", h.name, res.name, purpose, describe(d), describeWant(want))
				}
			}
		}
	}
	for _, code := range []fault.Code{allowed, fault.RoleNotPermitted, fault.ScopeNotGranted, fault.OtherBureau} {
		if outcomes[code] == 0 {
			t.Errorf("no combination led to %s", describeWant(code))
		}
	}
	t.Logf("%d audit combinations (%d holders × %d resources × 2 purposes); outcomes %v", cases, len(holders), len(holderResources), outcomes)
}

// TestOnlyTheNetworkReadsEveryAudit: whatever its roles, scopes or unit, a
// principal reads another bureau's or the network-wide bodies' audit entries
// only as a user of the oversight body holding dpo or of the Secretariat
// holding admin; an NCB DPO also given admin, and every token, does not.
func TestOnlyTheNetworkReadsEveryAudit(t *testing.T) {
	for _, roles := range [][]access.Role{access.Roles, {dpo, admin}, {dpo}, {admin}} {
		for _, k := range access.UnitKinds {
			p := userOf(k, owner, nil, roles...)
			for _, form := range []access.Principal{p, asToken(p, access.Scopes...)} {
				want := !form.Token &&
					(k == access.KindSecretariat && slices.Contains(roles, admin) ||
						k == access.KindOversight && slices.Contains(roles, dpo))
				for _, r := range []access.Resource{inBureau(other), networkWide} {
					if d := access.Decide(form, access.AuditRead, r, ""); d.Allowed != want {
						t.Errorf("a FRA %s principal (token=%v) holding %v reads the audit of %+v: %s, want allowed=%v", k, form.Token, roles, r, describe(d), want)
					}
				}
			}
		}
	}
}
