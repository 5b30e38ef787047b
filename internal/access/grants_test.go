package access_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// grantGrid: which roles (columns, as roleColumns) a principal may give to a
// user or token, or take away by disabling a user holding it, by a role of
// its that counts (rows). Administrators grant every role. A bureau's
// supervisors grant the roles of its daily work, never dpo (the data
// protection officer watches the supervisor: only an administrator appoints
// or removes one), reviewer or admin (the Secretariat's). No other role
// grants anything.
var grantGrid = map[access.Role]string{
	//              off sup dpo bo  ana rev adm
	officer:       " .   .   .   .   .   .   . ",
	supervisor:    " x   x   .   x   x   .   . ",
	dpo:           " .   .   .   .   .   .   . ",
	borderOfficer: " .   .   .   .   .   .   . ",
	analyst:       " .   .   .   .   .   .   . ",
	reviewer:      " .   .   .   .   .   .   . ",
	admin:         " x   x   x   x   x   x   x ",
}

// adminOnlyScope: which scopes only an administrator may give a token.
// audit:read reads the audit log, the work of data protection officers,
// whom only an administrator appoints. Every scope is listed, so that a new
// one needs a decision here.
var adminOnlyScope = map[access.Scope]bool{
	access.ScopeMembersRead:  false,
	access.ScopeRecordsRead:  false,
	access.ScopeRecordsWrite: false,
	access.ScopeChecks:       false,
	access.ScopeAuditRead:    true,
	access.ScopeManage:       false,
	access.ScopeMessages:     false,
}

// grantPermits reports whether grantGrid lets a holder of granter grant role.
func grantPermits(granter, role access.Role) bool {
	row, ok := grantGrid[granter]
	if !ok {
		return false
	}
	i := slices.Index(roleColumns, role)
	return i >= 0 && marks(row, len(roleColumns))[i]
}

// expectGrant is the test's own statement of who may grant (or take away)
// role: a principal one of whose roles that count (rolesThatCount) grants it
// (grantGrid); a token, on top of that, only a role it carries itself so
// that it counts. A token's scopes do not matter here (Decide checks them).
func expectGrant(p access.Principal, role access.Role) fault.Code {
	roles := rolesThatCount(p)
	ok := slices.ContainsFunc(roles, func(g access.Role) bool { return grantPermits(g, role) })
	// A token grants only roles it carries, and never supervisor: a manager
	// it made could log in and issue the tokens a token may not.
	if p.Token && (!slices.Contains(roles, role) || role == access.RoleSupervisor) {
		ok = false
	}
	if !ok {
		return fault.RoleNotGrantable
	}
	return allowed
}

// expectGrantScope is the test's own statement of who may give a token scope
// s: a token never a scope it lacks itself; an admin-only scope
// (adminOnlyScope) only a principal whose admin role counts, so never a
// token. Anything else anyone (Decide says who creates tokens at all).
func expectGrantScope(p access.Principal, s access.Scope) fault.Code {
	if p.Token && !slices.Contains(p.Scopes, s) {
		return fault.ScopeNotGrantable
	}
	if adminOnlyScope[s] && !slices.Contains(rolesThatCount(p), admin) {
		return fault.ScopeNotGrantable
	}
	return allowed
}

// TestGrantTablesCoverEverything: grantGrid has a row for every role and
// adminOnlyScope an entry for every scope, so a new role or scope fails here
// until someone writes down who grants it.
func TestGrantTablesCoverEverything(t *testing.T) {
	if got, want := sortedKeys(grantGrid), slices.Sorted(slices.Values(access.Roles)); !slices.Equal(got, want) {
		t.Errorf("grantGrid covers roles %v, want access.Roles %v", got, want)
	}
	if got, want := sortedKeys(adminOnlyScope), slices.Sorted(slices.Values(access.Scopes)); !slices.Equal(got, want) {
		t.Errorf("adminOnlyScope covers scopes %v, want access.Scopes %v", got, want)
	}
}

// grantCase is one question to MayGrant or MayGrantScope.
type grantCase struct {
	name  string
	p     access.Principal
	role  access.Role
	scope access.Scope
	want  fault.Code
}

// TestMayGrant: named cases, every role for each kind of granter.
func TestMayGrant(t *testing.T) {
	var cases []grantCase
	each := func(who string, p access.Principal, may ...access.Role) {
		for _, r := range access.Roles {
			want := fault.RoleNotGrantable
			if slices.Contains(may, r) {
				want = allowed
			}
			cases = append(cases, grantCase{name: who + " grants " + string(r), p: p, role: r, want: want})
		}
	}
	daily := []access.Role{officer, supervisor, borderOfficer, analyst}

	// Administrators: a Secretariat user whose admin counts grants every role.
	each("Secretariat admin", secretariatUser(admin), access.Roles...)
	each("Secretariat admin+reviewer", secretariatUser(admin, reviewer), access.Roles...)
	// Supervisors: their bureau's daily work, never dpo, reviewer or admin.
	each("FRA NCB supervisor", ncbUser(owner, supervisor), daily...)
	each("FRA NCB supervisor who is also the DPO", ncbUser(owner, supervisor, dpo), daily...)
	each("FRA NCB supervisor+officer+analyst", ncbUser(owner, supervisor, officer, analyst), daily...)
	// admin held where it may not be held counts for nothing: the supervisor
	// next to it still may not appoint a DPO.
	each("FRA NCB supervisor also given admin", ncbUser(owner, supervisor, admin), daily...)
	each("FRA NCB user given admin", ncbUser(owner, admin))
	each("oversight user given admin", oversightUser(admin))
	// supervisor held where it may not be held counts for nothing.
	each("FRA specialised unit user given supervisor", specialisedUser(owner, grants(icse), supervisor, officer))
	each("FRA border point user given supervisor", borderUser(owner, grants(sltd), supervisor, borderOfficer))
	each("Secretariat user given supervisor", secretariatUser(supervisor, analyst))
	// Others grant nothing, their own roles included.
	each("FRA NCB DPO", ncbUser(owner, dpo))
	each("oversight body DPO", oversightUser(dpo))
	each("FRA NCB officer", ncbUser(owner, officer))
	each("FRA NCB holding every role but supervisor and admin", ncbUser(owner, officer, dpo, borderOfficer, analyst, reviewer))
	each("FRA specialised unit officer+analyst", specialisedUser(owner, grants(icse), officer, analyst))
	each("FRA border point border officer", borderUser(owner, grants(sltd), borderOfficer))
	each("Secretariat reviewer+analyst", secretariatUser(reviewer, analyst))
	each("a user with no role", ncbUser(owner))
	// Tokens: a supervisor's token grants at most the roles it carries itself
	// (among the supervisor's), whatever its scopes.
	// A token never grants supervisor, even holding it.
	each("FRA NCB supervisor token with manage", asToken(ncbUser(owner, supervisor), access.ScopeManage))
	each("FRA NCB supervisor token with no scope", asToken(ncbUser(owner, supervisor)))
	each("FRA NCB supervisor+officer token with every scope", asToken(ncbUser(owner, supervisor, officer), access.Scopes...), officer)
	each("FRA NCB supervisor+dpo token with manage", asToken(ncbUser(owner, supervisor, dpo), access.ScopeManage))
	dailyButSupervisor := slices.DeleteFunc(slices.Clone(daily), func(r access.Role) bool { return r == supervisor })
	each("FRA NCB token carrying every role a token may carry", asToken(ncbUser(owner, tokenRoles...), access.ScopeManage), dailyButSupervisor...)
	each("FRA NCB token carrying every role", asToken(ncbUser(owner, access.Roles...), access.Scopes...), dailyButSupervisor...)
	each("FRA NCB officer+analyst token with manage", asToken(ncbUser(owner, officer, analyst), access.ScopeManage))
	each("FRA NCB dpo token with every scope", asToken(ncbUser(owner, dpo), access.Scopes...))
	// An admin's token never counts as an admin's, nor carries anything in
	// the Secretariat.
	each("Secretariat admin token with every scope", asToken(secretariatUser(admin), access.Scopes...))
	each("Secretariat admin+analyst token with manage", asToken(secretariatUser(admin, analyst), access.ScopeManage))
	each("FRA NCB supervisor+admin token with manage", asToken(ncbUser(owner, supervisor, admin), access.ScopeManage))
	each("FRA specialised unit supervisor+officer token with manage", asToken(specialisedUser(owner, grants(icse), supervisor, officer), access.ScopeManage))
	each("oversight body DPO token with every scope", asToken(oversightUser(dpo), access.Scopes...))

	for _, c := range cases {
		d := access.MayGrant(c.p, c.role)
		if d.Allowed != (c.want == allowed) || d.Reason != c.want {
			t.Errorf("%s: %s, want %s", c.name, describe(d), describeWant(c.want))
		}
		wantGrantRefusal(t, c.name, d)
	}
	// An unknown role is none a supervisor or a token may give. (Whether an
	// administrator's may is left to RoleAllowedInUnit, which fits no
	// unknown role to any unit.)
	for _, p := range []access.Principal{ncbUser(owner, supervisor), asToken(ncbUser(owner, supervisor, officer), access.Scopes...), ncbUser(owner, access.Roles...)} {
		for _, r := range []access.Role{"", "chief", "Officer", "SUPERVISOR"} {
			if d := access.MayGrant(p, r); d.Allowed || d.Reason != fault.RoleNotGrantable {
				t.Errorf("MayGrant(%v (token=%v), %q): %s, want refused: role_not_grantable", p.Roles, p.Token, r, describe(d))
			}
		}
	}
}

// TestMayGrantScope: named cases, every scope for each kind of granter,
// tokens with and without the scope.
func TestMayGrantScope(t *testing.T) {
	var cases []grantCase
	each := func(who string, p access.Principal, may ...access.Scope) {
		for _, s := range access.Scopes {
			want := fault.ScopeNotGrantable
			if slices.Contains(may, s) {
				want = allowed
			}
			cases = append(cases, grantCase{name: who + " grants " + string(s), p: p, scope: s, want: want})
		}
	}
	butAudit := slices.DeleteFunc(slices.Clone(access.Scopes), func(s access.Scope) bool { return s == access.ScopeAuditRead })

	each("Secretariat admin", secretariatUser(admin), access.Scopes...)
	each("FRA NCB supervisor", ncbUser(owner, supervisor), butAudit...)
	each("FRA NCB supervisor who is also the DPO", ncbUser(owner, supervisor, dpo), butAudit...)
	each("FRA NCB DPO", ncbUser(owner, dpo), butAudit...)
	each("oversight body DPO", oversightUser(dpo), butAudit...)
	each("FRA NCB supervisor also given admin", ncbUser(owner, supervisor, admin), butAudit...)
	each("oversight user given admin", oversightUser(admin), butAudit...)
	each("Secretariat reviewer", secretariatUser(reviewer), butAudit...)
	// A token: never a scope it lacks, never audit:read.
	each("FRA NCB supervisor token with no scope", asToken(ncbUser(owner, supervisor)))
	each("FRA NCB supervisor token with manage", asToken(ncbUser(owner, supervisor), access.ScopeManage), access.ScopeManage)
	each("FRA NCB supervisor token with manage and records:read", asToken(ncbUser(owner, supervisor), access.ScopeManage, access.ScopeRecordsRead), access.ScopeManage, access.ScopeRecordsRead)
	each("FRA NCB supervisor token with every scope", asToken(ncbUser(owner, supervisor), access.Scopes...), butAudit...)
	butManage := slices.DeleteFunc(slices.Clone(access.Scopes), func(s access.Scope) bool { return s == access.ScopeManage })
	each("FRA NCB supervisor token with every scope but manage", asToken(ncbUser(owner, supervisor), butManage...), access.ScopeMembersRead, access.ScopeRecordsRead, access.ScopeRecordsWrite, access.ScopeChecks, access.ScopeMessages)
	each("FRA NCB DPO token with audit:read", asToken(ncbUser(owner, dpo), access.ScopeAuditRead))
	each("Secretariat admin token with every scope", asToken(secretariatUser(admin), access.Scopes...), butAudit...)
	each("Secretariat admin token with audit:read", asToken(secretariatUser(admin), access.ScopeAuditRead))
	each("FRA NCB supervisor+admin token with every scope", asToken(ncbUser(owner, supervisor, admin), access.Scopes...), butAudit...)

	for _, c := range cases {
		d := access.MayGrantScope(c.p, c.scope)
		if d.Allowed != (c.want == allowed) || d.Reason != c.want {
			t.Errorf("%s: %s, want %s", c.name, describe(d), describeWant(c.want))
		}
		wantGrantRefusal(t, c.name, d)
	}
	// A token never holds an unknown scope, so never gives one.
	for _, s := range []access.Scope{"", "records:*", "Manage", "audit"} {
		p := asToken(ncbUser(owner, supervisor), access.Scopes...)
		if d := access.MayGrantScope(p, s); d.Allowed || d.Reason != fault.ScopeNotGrantable {
			t.Errorf("MayGrantScope(a token with every scope, %q): %s, want refused: scope_not_grantable", s, describe(d))
		}
	}
}

// wantGrantRefusal checks that a refusal of MayGrant or MayGrantScope is a
// published 403 code with a message, and that Err carries it.
func wantGrantRefusal(t *testing.T, name string, d access.Decision) {
	t.Helper()
	if d.Allowed {
		if d.Reason != "" || d.Err() != nil {
			t.Errorf("%s: allowed with reason %q / error %v", name, d.Reason, d.Err())
		}
		return
	}
	if !slices.Contains(fault.Codes(), d.Reason) || d.Reason.Status() != http.StatusForbidden {
		t.Errorf("%s: refused with %q (status %d), want a published 403 code", name, d.Reason, d.Reason.Status())
	}
	if d.Message == "" {
		t.Errorf("%s: refused with %s and no message", name, d.Reason)
	}
	if got := fault.CodeOf(d.Err()); got != d.Reason {
		t.Errorf("%s: Err() carries %s, want %s", name, got, d.Reason)
	}
}

// granters returns, for every role set (roleSets) and every unit kind, a FRA
// user of that kind holding the roles, whether or not they may be held there,
// and its tokens with no scope, with manage only, with every scope, with
// every scope but audit:read and with audit:read only.
func granters() []holder {
	butAudit := slices.DeleteFunc(slices.Clone(access.Scopes), func(s access.Scope) bool { return s == access.ScopeAuditRead })
	var out []holder
	for _, roles := range roleSets() {
		for _, k := range access.UnitKinds {
			p := userOf(k, owner, grants(sltd), roles...)
			name := fmt.Sprintf("%v of a FRA %s unit", roles, k)
			out = append(out,
				holder{name + " (user)", p},
				holder{name + " (token with no scope)", asToken(p)},
				holder{name + " (token with manage)", asToken(p, access.ScopeManage)},
				holder{name + " (token with every scope)", asToken(p, access.Scopes...)},
				holder{name + " (token with every scope but audit:read)", asToken(p, butAudit...)},
				holder{name + " (token with audit:read)", asToken(p, access.ScopeAuditRead)},
			)
		}
	}
	return out
}

// TestMayGrantCombinations asks MayGrant about every role for every granter
// (granters) and compares with expectGrant; and states the rules again as
// invariants: dpo, reviewer and admin are given only by a Secretariat user
// holding admin; a token gives only roles it carries so that they count.
func TestMayGrantCombinations(t *testing.T) {
	cases, outcomes := 0, map[fault.Code]int{}
	byRole := map[access.Role]int{}
	for _, h := range granters() {
		for _, r := range access.Roles {
			want := expectGrant(h.p, r)
			d := access.MayGrant(h.p, r)
			cases++
			outcomes[want]++
			if d.Allowed != (want == allowed) || d.Reason != want {
				t.Errorf("%s grants %s: %s, want %s", h.name, r, describe(d), describeWant(want))
			}
			if !d.Allowed {
				continue
			}
			byRole[r]++
			secretariatAdmin := !h.p.Token && h.p.UnitKind == access.KindSecretariat && slices.Contains(h.p.Roles, admin)
			if (r == dpo || r == reviewer || r == admin) && !secretariatAdmin {
				t.Errorf("%s may grant %s: only an administrator may", h.name, r)
			}
			if h.p.Token && !tokenCarries(r, h.p.UnitKind) || h.p.Token && !slices.Contains(h.p.Roles, r) {
				t.Errorf("%s may grant %s, which it does not carry so that it counts", h.name, r)
			}
		}
	}
	for _, r := range access.Roles {
		if byRole[r] == 0 {
			t.Errorf("no granter may grant %s", r)
		}
	}
	if outcomes[allowed] == 0 || outcomes[fault.RoleNotGrantable] == 0 {
		t.Errorf("outcomes %v: the sweep should meet both answers", outcomes)
	}
	t.Logf("%d MayGrant combinations; outcomes %v; allowed per role %v", cases, outcomes, byRole)
}

// TestMayGrantScopeCombinations asks MayGrantScope about every scope for
// every granter (granters) and compares with expectGrantScope; and states the
// rules again as invariants: a token gives only scopes it has, audit:read
// only a Secretariat user holding admin.
func TestMayGrantScopeCombinations(t *testing.T) {
	cases, outcomes := 0, map[fault.Code]int{}
	for _, h := range granters() {
		for _, s := range access.Scopes {
			want := expectGrantScope(h.p, s)
			d := access.MayGrantScope(h.p, s)
			cases++
			outcomes[want]++
			if d.Allowed != (want == allowed) || d.Reason != want {
				t.Errorf("%s grants scope %s: %s, want %s", h.name, s, describe(d), describeWant(want))
			}
			if !d.Allowed {
				continue
			}
			if h.p.Token && !slices.Contains(h.p.Scopes, s) {
				t.Errorf("%s may grant scope %s, which it lacks", h.name, s)
			}
			if s == access.ScopeAuditRead && (h.p.Token || h.p.UnitKind != access.KindSecretariat || !slices.Contains(h.p.Roles, admin)) {
				t.Errorf("%s may grant audit:read: only an administrator may", h.name)
			}
		}
	}
	if outcomes[allowed] == 0 || outcomes[fault.ScopeNotGrantable] == 0 {
		t.Errorf("outcomes %v: the sweep should meet both answers", outcomes)
	}
	t.Logf("%d MayGrantScope combinations; outcomes %v", cases, outcomes)
}

// TestMayGrantLeavesInputsAlone: MayGrant and MayGrantScope are pure.
func TestMayGrantLeavesInputsAlone(t *testing.T) {
	p := asToken(ncbUser(owner, analyst, supervisor, officer), access.ScopeRecordsRead, access.ScopeManage)
	before := fmt.Sprint(p)
	for _, r := range access.Roles {
		access.MayGrant(p, r)
	}
	for _, s := range access.Scopes {
		access.MayGrantScope(p, s)
	}
	if after := fmt.Sprint(p); after != before {
		t.Errorf("principal changed:\nbefore %s\nafter  %s", before, after)
	}
}
