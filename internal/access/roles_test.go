package access_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// The expected tables below are the policy written out by hand. They are the
// oracle of the other tests too, so a change to the rules in decide.go fails
// here first, and on purpose: who may do what is a decision to review, not a
// side effect of a refactor.

// roleColumns are the columns of roleGrid.
var roleColumns = []access.Role{officer, supervisor, dpo, borderOfficer, analyst, reviewer, admin}

// roleGrid: which roles permit each action ("x" permits, "." does not).
var roleGrid = map[access.Action]string{
	//                        off sup dpo bo  ana rev adm
	access.MemberRead:     " x   x   x   x   x   x   x ",
	access.UnitRead:       " .   x   .   .   .   .   x ",
	access.UnitCreate:     " .   x   .   .   .   .   x ",
	access.UnitDisable:    " .   x   .   .   .   .   x ",
	access.UserRead:       " .   x   .   .   .   .   x ",
	access.UserCreate:     " .   x   .   .   .   .   x ",
	access.UserDisable:    " .   x   .   .   .   .   x ",
	access.TokenRead:      " .   x   .   .   .   .   x ",
	access.TokenCreate:    " .   x   .   .   .   .   x ",
	access.TokenRevoke:    " .   x   .   .   .   .   x ",
	access.AuditRead:      " .   .   x   .   .   .   x ",
	access.RecordSearch:   " x   x   .   .   x   x   . ",
	access.RecordRead:     " x   x   .   .   x   x   . ",
	access.RecordList:     " x   x   .   .   x   .   . ",
	access.RecordCreate:   " x   x   .   .   .   .   . ",
	access.RecordUpdate:   " x   x   .   .   .   .   . ",
	access.RecordDelete:   " x   x   .   .   .   .   . ",
	access.CheckRun:       " x   x   .   x   .   .   . ",
	access.HitRead:        " x   x   x   .   x   .   . ",
	access.HitAnswer:      " x   x   .   .   .   .   . ",
	access.CheckRead:      " x   x   .   x   .   .   . ",
	access.MessageSend:    " x   x   .   .   x   x   . ",
	access.MessageRead:    " x   x   .   .   x   x   . ",
	access.MessageReceipt: " x   x   .   .   x   x   . ",
	access.KeyManage:      " .   x   .   .   .   .   x ",
}

// kindColumns are the columns of kindGrid and unitRoleGrid.
var kindColumns = []access.UnitKind{access.KindNCB, access.KindSpecialised, access.KindBorderPoint, access.KindSecretariat, access.KindOversight}

// kindGrid: which kinds of unit may do each action. Border points check, they
// do not browse; the Secretariat reviews records but runs no first-line
// checks; only NCBs (their bureau) and the Secretariat (the network) manage;
// only a bureau's NCB and specialised units write records; and only its NCB
// reads the hits on its bureau's records (not its specialised units, which
// would otherwise learn of hits on records in databases they were never
// granted, not its border points, not the network-wide bodies).
var kindGrid = map[access.Action]string{
	//                        ncb su  bp  gs  ccf
	access.MemberRead:     " x   x   x   x   x ",
	access.UnitRead:       " x   .   .   x   . ",
	access.UnitCreate:     " x   .   .   x   . ",
	access.UnitDisable:    " x   .   .   x   . ",
	access.UserRead:       " x   .   .   x   . ",
	access.UserCreate:     " x   .   .   x   . ",
	access.UserDisable:    " x   .   .   x   . ",
	access.TokenRead:      " x   .   .   x   . ",
	access.TokenCreate:    " x   .   .   x   . ",
	access.TokenRevoke:    " x   .   .   x   . ",
	access.AuditRead:      " x   x   x   x   x ",
	access.RecordSearch:   " x   x   .   x   . ",
	access.RecordRead:     " x   x   .   x   . ",
	access.RecordList:     " x   x   .   .   . ",
	access.RecordCreate:   " x   x   .   .   . ",
	access.RecordUpdate:   " x   x   .   .   . ",
	access.RecordDelete:   " x   x   .   .   . ",
	access.CheckRun:       " x   x   x   .   . ",
	access.HitRead:        " x   .   .   .   . ",
	access.HitAnswer:      " x   .   .   .   . ",
	access.CheckRead:      " x   x   x   .   . ",
	access.MessageSend:    " x   x   .   x   . ",
	access.MessageRead:    " x   x   .   x   . ",
	access.MessageReceipt: " x   x   .   x   . ",
	access.KeyManage:      " x   .   .   x   . ",
}

// scopeOf: the scope a token needs for each action.
var scopeOf = map[access.Action]access.Scope{
	access.MemberRead:     access.ScopeMembersRead,
	access.UnitRead:       access.ScopeManage,
	access.UnitCreate:     access.ScopeManage,
	access.UnitDisable:    access.ScopeManage,
	access.UserRead:       access.ScopeManage,
	access.UserCreate:     access.ScopeManage,
	access.UserDisable:    access.ScopeManage,
	access.TokenRead:      access.ScopeManage,
	access.TokenCreate:    access.ScopeManage,
	access.TokenRevoke:    access.ScopeManage,
	access.AuditRead:      access.ScopeAuditRead,
	access.RecordSearch:   access.ScopeRecordsRead,
	access.RecordRead:     access.ScopeRecordsRead,
	access.RecordList:     access.ScopeRecordsRead,
	access.RecordCreate:   access.ScopeRecordsWrite,
	access.RecordUpdate:   access.ScopeRecordsWrite,
	access.RecordDelete:   access.ScopeRecordsWrite,
	access.CheckRun:       access.ScopeChecks,
	access.HitRead:        access.ScopeRecordsRead,
	access.HitAnswer:      access.ScopeRecordsWrite,
	access.CheckRead:      access.ScopeChecks,
	access.MessageSend:    access.ScopeMessages,
	access.MessageRead:    access.ScopeMessages,
	access.MessageReceipt: access.ScopeMessages,
	access.KeyManage:      access.ScopeManage,
}

// tokenMay: whether a system client's token may do each action at all,
// whatever it carries and whatever its scopes. A token may not create tokens
// (a person must): a token issuing tokens could keep itself alive for ever,
// whoever revoked its maker. The scopeOf entry of such an action is then moot
// for tokens. This is checked right after the roles, before the scopes, so a
// token is refused with role_not_permitted whatever scopes it carries.
var tokenMay = map[access.Action]bool{
	access.MemberRead:     true,
	access.UnitRead:       true,
	access.UnitCreate:     true,
	access.UnitDisable:    true,
	access.UserRead:       true,
	access.UserCreate:     true,
	access.UserDisable:    true,
	access.TokenRead:      true,
	access.TokenCreate:    false, // a person must
	access.TokenRevoke:    true,
	access.AuditRead:      true,
	access.RecordSearch:   true,
	access.RecordRead:     true,
	access.RecordList:     true,
	access.RecordCreate:   true,
	access.RecordUpdate:   true,
	access.RecordDelete:   true,
	access.CheckRun:       true,
	access.HitRead:        true,
	access.HitAnswer:      true,
	access.CheckRead:      true,
	access.MessageSend:    true,
	access.MessageRead:    true,
	access.MessageReceipt: true,
	access.KeyManage:      true,
}

// tokenMayDo reports whether tokenMay lets a token do a at all; an action it
// does not list, none.
func tokenMayDo(a access.Action) bool { return tokenMay[a] }

// unitRoleGrid: in which kinds of unit a user may hold each role.
var unitRoleGrid = map[access.Role]string{
	//                          ncb su  bp  gs  ccf
	officer:       " x   x   .   .   . ",
	supervisor:    " x   .   .   .   . ",
	dpo:           " x   .   .   .   x ",
	borderOfficer: " x   .   x   .   . ",
	analyst:       " x   x   .   x   . ",
	reviewer:      " .   .   .   x   . ",
	admin:         " .   .   .   x   . ",
}

// tokenRoles are the roles a system client's token may carry: the work of a
// national system, a bureau's data-protection monitoring included, never the
// Secretariat's reviews nor an administrator's. On a token, any other role
// counts for nothing.
var tokenRoles = []access.Role{officer, borderOfficer, analyst, supervisor, dpo}

// nationalKinds are the kinds of unit that belong to a member country's
// bureau. API tokens serve bureaus' national systems, so only tokens of these
// units carry roles; a token of the Secretariat or the oversight body, which
// belong to no country, carries none.
var nationalKinds = []access.UnitKind{access.KindNCB, access.KindSpecialised, access.KindBorderPoint}

// tokenGrid: which roles a system client's token of each kind of unit carries
// so that they count. It is written out by hand; TestTokenGridIsTheRules
// checks it against the three rules it follows (the role may be held in the
// unit, tokens may carry the role, the unit is a bureau's).
var tokenGrid = map[access.Role]string{
	//                          ncb su  bp  gs  ccf
	officer:       " x   x   .   .   . ",
	supervisor:    " x   .   .   .   . ",
	dpo:           " x   .   .   .   . ",
	borderOfficer: " x   .   x   .   . ",
	analyst:       " x   x   .   .   . ",
	reviewer:      " .   .   .   .   . ",
	admin:         " .   .   .   .   . ",
}

// visibilityActions process police data: they need a purpose and obey the
// owner's restrictions.
var visibilityActions = []access.Action{access.RecordSearch, access.RecordRead, access.CheckRun}

var managementActions = []access.Action{
	access.UnitRead, access.UnitCreate, access.UnitDisable,
	access.UserRead, access.UserCreate, access.UserDisable,
	access.TokenRead, access.TokenCreate, access.TokenRevoke,
	access.KeyManage,
}

// messagingActions follow the plain rules (role, scope, unit kind): which
// messages a principal is a party to is the messaging service's decision.
var messagingActions = []access.Action{access.MessageSend, access.MessageRead, access.MessageReceipt}

var writeActions = []access.Action{access.RecordCreate, access.RecordUpdate, access.RecordDelete}

// ownerActions are what a bureau does with its own records without a
// purpose: list them for their upkeep (what is due for review, blocked).
// Like writes they stay inside the owner's bureau and obey the owner's
// unit-kind limits; unlike writes, reading roles may do them.
var ownerActions = []access.Action{access.RecordList}

// hitActions read what a bureau's own records met outside it (a hit: one of
// its records shown to someone outside the bureau), answer those hits, and
// follow the hits of the bureau's own checks. Like management they stay
// inside the principal's bureau (admins: any, though no admin holds a role
// that permits them) and need no purpose; unlike it they are the daily work
// of the bureau's officers (kindGrid, roleGrid), under the scopes of scopeOf.
var hitActions = []access.Action{access.HitRead, access.HitAnswer, access.CheckRead}

// bureauActions are the actions confined to the principal's own bureau
// (administrators: any): management and reading hits.
var bureauActions = slices.Concat(managementActions, hitActions)

// marks parses a grid row into one bool per column.
func marks(row string, columns int) []bool {
	fields := strings.Fields(row)
	if len(fields) != columns {
		panic(fmt.Sprintf("BUG: grid row %q has %d columns, want %d", row, len(fields), columns))
	}
	out := make([]bool, columns)
	for i, f := range fields {
		switch f {
		case "x":
			out[i] = true
		case ".":
		default:
			panic(fmt.Sprintf("BUG: grid row %q: mark %q is neither x nor .", row, f))
		}
	}
	return out
}

// rolePermits reports whether roleGrid lets role do a.
func rolePermits(role access.Role, a access.Action) bool {
	row, ok := roleGrid[a]
	if !ok {
		return false
	}
	i := slices.Index(roleColumns, role)
	return i >= 0 && marks(row, len(roleColumns))[i]
}

// kindPermits reports whether kindGrid lets a unit of kind k do a.
func kindPermits(k access.UnitKind, a access.Action) bool {
	row, ok := kindGrid[a]
	if !ok {
		return false
	}
	i := slices.Index(kindColumns, k)
	return i >= 0 && marks(row, len(kindColumns))[i]
}

// roleHeldIn reports whether unitRoleGrid lets a user of a unit of kind k
// hold role.
func roleHeldIn(role access.Role, k access.UnitKind) bool {
	row, ok := unitRoleGrid[role]
	if !ok {
		return false
	}
	i := slices.Index(kindColumns, k)
	return i >= 0 && marks(row, len(kindColumns))[i]
}

// tokenCarries reports whether tokenGrid lets a token of a unit of kind k
// carry role.
func tokenCarries(role access.Role, k access.UnitKind) bool {
	row, ok := tokenGrid[role]
	if !ok {
		return false
	}
	i := slices.Index(kindColumns, k)
	return i >= 0 && marks(row, len(kindColumns))[i]
}

// roleCounts reports whether role, held by a principal of a unit of kind k
// (a token if token is set), counts at all: a role held where unitRoleGrid
// does not let it be held, or carried by a token that may not carry it
// (tokenGrid: a role no token carries, or any role on a token of a
// network-wide body), grants nothing.
func roleCounts(role access.Role, k access.UnitKind, token bool) bool {
	if token {
		return tokenCarries(role, k)
	}
	return roleHeldIn(role, k)
}

// rolesThatCount returns the roles of p that count (roleCounts).
func rolesThatCount(p access.Principal) []access.Role {
	var out []access.Role
	for _, role := range p.Roles {
		if roleCounts(role, p.UnitKind, p.Token) {
			out = append(out, role)
		}
	}
	return out
}

func sortedKeys[K ~string, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestTablesCoverEverything keeps the expected tables complete: a new action,
// role or unit kind fails here until someone writes down its policy.
func TestTablesCoverEverything(t *testing.T) {
	actions := access.Actions()
	for name, keys := range map[string][]access.Action{
		"roleGrid": sortedKeys(roleGrid), "kindGrid": sortedKeys(kindGrid), "scopeOf": sortedKeys(scopeOf),
		"tokenMay": sortedKeys(tokenMay),
	} {
		if !slices.Equal(keys, actions) {
			t.Errorf("%s covers actions %v, want access.Actions() %v", name, keys, actions)
		}
	}
	if !slices.IsSorted(actions) {
		t.Errorf("access.Actions() = %v, want sorted", actions)
	}
	if got, want := sortedKeys(unitRoleGrid), slices.Sorted(slices.Values(access.Roles)); !slices.Equal(got, want) {
		t.Errorf("unitRoleGrid covers roles %v, want access.Roles %v", got, want)
	}
	if got, want := sortedKeys(tokenGrid), slices.Sorted(slices.Values(access.Roles)); !slices.Equal(got, want) {
		t.Errorf("tokenGrid covers roles %v, want access.Roles %v", got, want)
	}
	if !slices.Equal(roleColumns, access.Roles) {
		t.Errorf("roleColumns = %v, want access.Roles %v", roleColumns, access.Roles)
	}
	if !slices.Equal(kindColumns, access.UnitKinds) {
		t.Errorf("kindColumns = %v, want access.UnitKinds %v", kindColumns, access.UnitKinds)
	}
	var grouped []access.Action
	grouped = append(grouped, visibilityActions...)
	grouped = append(grouped, managementActions...)
	grouped = append(grouped, writeActions...)
	grouped = append(grouped, ownerActions...)
	grouped = append(grouped, hitActions...)
	grouped = append(grouped, messagingActions...)
	grouped = append(grouped, access.MemberRead, access.AuditRead)
	slices.Sort(grouped)
	if !slices.Equal(grouped, actions) {
		t.Errorf("the test's action groups hold %v, want access.Actions() %v", grouped, actions)
	}
}

// TestRolePermissions asserts, for every action, role and unit kind, what a
// user holding only that role, and a token carrying it with every scope, are
// told on their own bureau's SLTD record with a border-control purpose. The
// unit kind is checked first (kindGrid); then the role, which permits as
// roleGrid says but only where it counts (unitRoleGrid for users, tokenGrid
// for tokens); then, for a token, whether tokens may do the action at all
// (tokenMay); a principal that passes all three is allowed, the rest of the
// question being one its unit may ask.
func TestRolePermissions(t *testing.T) {
	for _, a := range access.Actions() {
		for _, role := range access.Roles {
			t.Run(string(a)+"/"+string(role), func(t *testing.T) {
				for _, k := range access.UnitKinds {
					user := userOf(k, owner, grants(sltd), role)
					for _, p := range []access.Principal{user, asToken(user, access.Scopes...)} {
						want := allowed
						switch {
						case !kindPermits(k, a):
							want = fault.UnitKindNotPermitted
						case !rolePermits(role, a) || !roleCounts(role, k, p.Token):
							want = fault.RoleNotPermitted
						case p.Token && !tokenMayDo(a):
							want = fault.RoleNotPermitted
						}
						d := access.Decide(p, a, record(owner, sltd), access.PurposeBorderControl)
						if d.Allowed != (want == allowed) || d.Reason != want {
							t.Errorf("%s in a %s unit (token=%v): %s, want %s", role, k, p.Token, describe(d), describeWant(want))
						}
					}
				}
			})
		}
	}
}

// TestEveryGrantedRoleIsUsable asserts that each "x" of roleGrid is real: some
// user who may hold the role (unitRoleGrid) in a unit that may do the action
// (kindGrid) is allowed it on its own bureau's resource. A role granted an
// action that no real holder can ever use is a dead rule.
func TestEveryGrantedRoleIsUsable(t *testing.T) {
	for _, a := range access.Actions() {
		for _, role := range access.Roles {
			if !rolePermits(role, a) {
				continue
			}
			var holders []string
			for _, k := range access.UnitKinds {
				if !roleHeldIn(role, k) || !kindPermits(k, a) {
					continue
				}
				p := userOf(k, owner, grants(sltd), role)
				r := record(owner, sltd)
				if slices.Contains(bureauActions, a) || a == access.AuditRead || a == access.MemberRead {
					r = inBureau(owner)
				}
				if d := access.Decide(p, a, r, access.PurposeBorderControl); d.Allowed {
					holders = append(holders, string(k))
				} else {
					t.Errorf("%s: %s in a %s unit: %s, want allowed", a, role, k, describe(d))
				}
			}
			if len(holders) == 0 {
				t.Errorf("%s: roleGrid grants it to %s but no unit where that role may be held may do it", a, role)
			}
		}
	}
}

// TestUnitKindPermissions asserts, for every unit kind and every action, that
// a user holding every role passes or fails the unit kind check as kindGrid
// says; and that the unit kind is checked before the roles: a user of the
// same unit holding no role at all is refused for its unit kind where
// kindGrid refuses, for its roles elsewhere.
func TestUnitKindPermissions(t *testing.T) {
	for _, a := range access.Actions() {
		for _, k := range access.UnitKinds {
			p := userOf(k, owner, grants(sltd), access.Roles...)
			d := access.Decide(p, a, record(owner, sltd), access.PurposeBorderControl)
			refusedForKind := !d.Allowed && d.Reason == fault.UnitKindNotPermitted
			if want := kindPermits(k, a); refusedForKind == want {
				t.Errorf("%s by a %s unit: %s; kindGrid says permitted=%v", a, k, describe(d), want)
			}

			want := fault.RoleNotPermitted
			if !kindPermits(k, a) {
				want = fault.UnitKindNotPermitted
			}
			roleless := userOf(k, owner, grants(sltd))
			if d := access.Decide(roleless, a, record(owner, sltd), access.PurposeBorderControl); d.Allowed || d.Reason != want {
				t.Errorf("%s by a %s unit user with no role: %s, want %s", a, k, describe(d), describeWant(want))
			}
		}
	}
}

// TestTokenScopes asserts that a token needs exactly the scope of scopeOf for
// each action, whatever its other scopes, and that users are not narrowed.
// The tokens are a FRA NCB's and carry every role a token may carry
// (tokenRoles), which between them permit every action: a national system
// may automate anything its bureau does, reading its own audit entries
// included, but creating tokens (tokenMay): that one a token is refused for
// its kind of principal, before its scopes are looked at, with the scope,
// without it, and with every scope.
func TestTokenScopes(t *testing.T) {
	for _, a := range access.Actions() {
		need := scopeOf[a]
		others := slices.DeleteFunc(slices.Clone(access.Scopes), func(s access.Scope) bool { return s == need })
		p := ncbUser(owner, tokenRoles...)
		r := record(owner, sltd)
		if !slices.ContainsFunc(tokenRoles, func(role access.Role) bool { return rolePermits(role, a) }) {
			t.Errorf("%s: no role a token may carry permits it, so this test cannot show its scope", a)
			continue
		}
		if !tokenMayDo(a) {
			for _, scopes := range [][]access.Scope{nil, others, {need}, access.Scopes} {
				if d := access.Decide(asToken(p, scopes...), a, r, access.PurposeCriminalInvestigation); d.Allowed || d.Reason != fault.RoleNotPermitted {
					t.Errorf("%s by a FRA NCB token with scopes %v on a FRA resource: %s, want refused: role_not_permitted (a person must)", a, scopes, describe(d))
				}
			}
			if d := access.Decide(p, a, r, access.PurposeCriminalInvestigation); !d.Allowed {
				t.Errorf("%s by a FRA NCB user (no scopes) on a FRA resource: %s, want allowed; only tokens are refused it", a, describe(d))
			}
			continue
		}

		without := access.Decide(asToken(p, others...), a, r, access.PurposeCriminalInvestigation)
		if without.Allowed || without.Reason != fault.ScopeNotGranted {
			t.Errorf("%s by a token with every scope but %s: %s, want refused with scope_not_granted", a, need, describe(without))
		}
		with := access.Decide(asToken(p, need), a, r, access.PurposeCriminalInvestigation)
		if !with.Allowed {
			t.Errorf("%s by a FRA NCB token with only %s on a FRA resource: %s, want allowed", a, need, describe(with))
		}
		user := access.Decide(p, a, r, access.PurposeCriminalInvestigation)
		if !user.Allowed {
			t.Errorf("%s by a FRA NCB user (no scopes) on a FRA resource: %s, want allowed; scopes narrow tokens only", a, describe(user))
		}
	}
}

// TestRoleAllowedInUnit checks every role against every unit kind.
func TestRoleAllowedInUnit(t *testing.T) {
	for _, role := range access.Roles {
		for _, k := range access.UnitKinds {
			if got, want := access.RoleAllowedInUnit(role, k), roleHeldIn(role, k); got != want {
				t.Errorf("RoleAllowedInUnit(%s, %s) = %v, want %v", role, k, got, want)
			}
		}
	}
	for _, c := range []struct {
		role access.Role
		kind access.UnitKind
	}{
		{"", access.KindNCB},
		{"chief", access.KindNCB},
		{"Officer", access.KindNCB},
		{officer, ""},
		{officer, "embassy"},
		{admin, "Secretariat"},
	} {
		if access.RoleAllowedInUnit(c.role, c.kind) {
			t.Errorf("RoleAllowedInUnit(%q, %q) = true, want false for an unknown role or unit kind", c.role, c.kind)
		}
	}
}

// TestTokenRoles: a system client's token does the work of a national system,
// a bureau's data-protection monitoring (which reads its audit entries)
// included, never the Secretariat's reviews nor an administrator's.
func TestTokenRoles(t *testing.T) {
	got := slices.Sorted(slices.Values(access.TokenRoles))
	want := slices.Sorted(slices.Values(tokenRoles))
	if !slices.Equal(got, want) {
		t.Errorf("TokenRoles = %v, want %v", got, want)
	}
}

// TestTokenGridIsTheRules: tokenGrid, written out by hand, is exactly what
// the rules say: a token carries a role only if a user of its unit may hold
// the role (unitRoleGrid), the role is one tokens may carry (tokenRoles), and
// the unit is a bureau's (nationalKinds), not the Secretariat or the
// oversight body.
func TestTokenGridIsTheRules(t *testing.T) {
	for _, role := range access.Roles {
		for _, k := range access.UnitKinds {
			want := roleHeldIn(role, k) && slices.Contains(tokenRoles, role) && slices.Contains(nationalKinds, k)
			if got := tokenCarries(role, k); got != want {
				t.Errorf("tokenGrid says a %s token carries %s: %v; the rules say %v", k, role, got, want)
			}
		}
	}
	for _, k := range nationalKinds {
		if k.NetworkWide() {
			t.Errorf("nationalKinds lists %s, which is network-wide", k)
		}
	}
}

// TestTokenMayCarry checks TokenMayCarry for every role and unit kind: an
// oversight DPO's token or a Secretariat analyst's token carries nothing,
// though a user there holds the role; and an unknown role or unit kind is
// carried nowhere.
func TestTokenMayCarry(t *testing.T) {
	for _, role := range access.Roles {
		for _, k := range access.UnitKinds {
			if got, want := access.TokenMayCarry(role, k), tokenCarries(role, k); got != want {
				t.Errorf("TokenMayCarry(%s, %s) = %v, want %v", role, k, got, want)
			}
		}
	}
	for _, c := range []struct {
		role access.Role
		kind access.UnitKind
	}{
		{"", access.KindNCB},
		{"chief", access.KindNCB},
		{"Officer", access.KindNCB},
		{officer, ""},
		{officer, "embassy"},
		{analyst, "embassy"},
		{officer, "NCB"},
		{dpo, "Oversight"},
	} {
		if access.TokenMayCarry(c.role, c.kind) {
			t.Errorf("TokenMayCarry(%q, %q) = true, want false for an unknown role or unit kind", c.role, c.kind)
		}
	}
}

// TestHolds: Principal.Holds answers for the roles that count (roleCounts),
// not the stored list: for a user or token of every unit kind holding every
// role, and for a principal holding none.
func TestHolds(t *testing.T) {
	for _, k := range access.UnitKinds {
		user := userOf(k, owner, nil, access.Roles...)
		for _, p := range []access.Principal{user, asToken(user, access.Scopes...)} {
			for _, role := range access.Roles {
				if got, want := p.Holds(role), roleCounts(role, k, p.Token); got != want {
					t.Errorf("a %s principal (token=%v) holding every role: Holds(%s) = %v, want %v", k, p.Token, role, got, want)
				}
			}
		}
		none := userOf(k, owner, nil)
		for _, p := range []access.Principal{none, asToken(none, access.Scopes...)} {
			for _, role := range append(slices.Clone(access.Roles), "", "chief") {
				if p.Holds(role) {
					t.Errorf("a %s principal (token=%v) holding no role: Holds(%q) = true", k, p.Token, role)
				}
			}
		}
	}
	if p := ncbUser(owner, "chief"); p.Holds("chief") {
		t.Error("an NCB user holding the unknown role chief: Holds(chief) = true")
	}
}

// TestNetworkWideTokensCarryNothing: a token of the Secretariat or the
// oversight body, whatever it carries and whatever its scopes, is refused
// every action on every resource: for its unit kind where that kind may not
// do the action at all (checked first), for its roles everywhere else.
func TestNetworkWideTokensCarryNothing(t *testing.T) {
	resources := []access.Resource{{}, networkWide, inBureau(owner), inBureau(other), record(owner, sltd), record(other, sltd)}
	for _, k := range []access.UnitKind{access.KindSecretariat, access.KindOversight} {
		p := asToken(userOf(k, owner, nil, access.Roles...), access.Scopes...)
		for _, a := range access.Actions() {
			want := fault.RoleNotPermitted
			if !kindPermits(k, a) {
				want = fault.UnitKindNotPermitted
			}
			for _, r := range resources {
				if d := access.Decide(p, a, r, access.PurposeIdentification); d.Allowed || d.Reason != want {
					t.Errorf("%s by a %s token carrying every role with every scope on %+v: %s, want %s", a, k, r, describe(d), describeWant(want))
				}
			}
		}
	}
}

// TestValidity checks the Valid methods against the documented lists.
func TestValidity(t *testing.T) {
	for _, r := range access.Roles {
		if !r.Valid() {
			t.Errorf("role %q not valid", r)
		}
	}
	for _, k := range access.UnitKinds {
		if !k.Valid() {
			t.Errorf("unit kind %q not valid", k)
		}
		if got, want := k.NetworkWide(), k == access.KindSecretariat || k == access.KindOversight; got != want {
			t.Errorf("%s.NetworkWide() = %v, want %v", k, got, want)
		}
	}
	for _, s := range access.Scopes {
		if !s.Valid() {
			t.Errorf("scope %q not valid", s)
		}
	}
	if access.Role("chief").Valid() || access.UnitKind("embassy").Valid() || access.Scope("records:*").Valid() || access.Purpose("curiosity").Valid() {
		t.Error("an unknown role, unit kind, scope or purpose is valid")
	}
}
