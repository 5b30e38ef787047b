package access

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ncbnet/ncbnet/internal/fault"
)

// Action is something a principal asks to do.
type Action string

// The actions. Later capabilities add theirs here, with a rule in rules.
const (
	MemberRead Action = "member.read"

	UnitRead    Action = "unit.read"
	UnitCreate  Action = "unit.create"
	UnitDisable Action = "unit.disable"

	UserRead    Action = "user.read"
	UserCreate  Action = "user.create"
	UserDisable Action = "user.disable"

	TokenRead   Action = "token.read"
	TokenCreate Action = "token.create"
	TokenRevoke Action = "token.revoke"

	AuditRead Action = "audit.read"

	RecordSearch Action = "record.search"
	RecordRead   Action = "record.read"
	// RecordList lists the records of the principal's own bureau, for their
	// upkeep (what is due for review, what is blocked): the owner needs no
	// purpose for it. Listing other bureaus' records is a RecordSearch.
	RecordList   Action = "record.list"
	RecordCreate Action = "record.create"
	RecordUpdate Action = "record.update"
	RecordDelete Action = "record.delete"

	CheckRun Action = "check.run"

	// HitRead lists the hits on a bureau's records (its own: the owner).
	HitRead Action = "hit.read"
	// HitAnswer confirms or denies a hit on a bureau's records (the owner).
	HitAnswer Action = "hit.answer"
	// CheckRead follows the hits found by a bureau's own checks (the
	// checking side) and their confirmation.
	CheckRead Action = "check.read"

	// MessageSend sends a message or diffusion from the principal's unit.
	MessageSend Action = "message.send"
	// MessageRead lists and reads the messages a principal's unit or
	// bureau sent or received (the service checks which).
	MessageRead Action = "message.read"
	// MessageReceipt marks a received message read or acknowledged.
	MessageReceipt Action = "message.receipt"
	// KeyManage publishes a bureau's encryption key and rotates its
	// signing key.
	KeyManage Action = "key.manage"
)

// Scope narrows what an API token may do, whatever its roles allow.
type Scope string

// The scopes.
const (
	ScopeMembersRead  Scope = "members:read"
	ScopeRecordsRead  Scope = "records:read"
	ScopeRecordsWrite Scope = "records:write"
	ScopeChecks       Scope = "checks"
	ScopeAuditRead    Scope = "audit:read"
	ScopeManage       Scope = "manage"
	ScopeMessages     Scope = "messages"
)

// Scopes lists every scope.
var Scopes = []Scope{ScopeMembersRead, ScopeRecordsRead, ScopeRecordsWrite, ScopeChecks, ScopeAuditRead, ScopeManage, ScopeMessages}

// Valid reports whether s is a known scope.
func (s Scope) Valid() bool { return slices.Contains(Scopes, s) }

// kind of rule an action follows beyond roles, scopes and unit kinds.
type ruleKind int

const (
	plain      ruleKind = iota
	bureau              // management inside one's own bureau (admins: any)
	auditLog            // reading audit entries about a bureau
	ownerWrite          // changing records the principal's bureau owns
	ownerList           // listing records the principal's bureau owns
	visibility          // seeing police data: purpose, grants, restrictions
)

type rule struct {
	roles []Role
	scope Scope
	kinds []UnitKind // unit kinds that may act; nil means all
	kind  ruleKind
	// usersOnly actions are refused to tokens: a token issuing tokens could
	// keep itself alive for ever, whoever revoked its maker.
	usersOnly bool
}

var (
	bureauKinds    = []UnitKind{KindNCB, KindSpecialised, KindBorderPoint}
	managers       = []Role{RoleSupervisor, RoleAdmin}
	managingKinds  = []UnitKind{KindNCB, KindSecretariat}
	searchingRoles = []Role{RoleOfficer, RoleSupervisor, RoleAnalyst, RoleReviewer}
	writingRoles   = []Role{RoleOfficer, RoleSupervisor}
	// Messages go between bureaus' NCBs and units and the Secretariat;
	// border points get answers to their checks, not correspondence.
	messagingRoles = []Role{RoleOfficer, RoleSupervisor, RoleAnalyst, RoleReviewer}
	messagingKinds = []UnitKind{KindNCB, KindSpecialised, KindSecretariat}
)

var rules = map[Action]rule{
	MemberRead: {roles: Roles, scope: ScopeMembersRead},

	UnitRead:    {roles: managers, scope: ScopeManage, kinds: managingKinds, kind: bureau},
	UnitCreate:  {roles: managers, scope: ScopeManage, kinds: managingKinds, kind: bureau},
	UnitDisable: {roles: managers, scope: ScopeManage, kinds: managingKinds, kind: bureau},
	UserRead:    {roles: managers, scope: ScopeManage, kinds: managingKinds, kind: bureau},
	UserCreate:  {roles: managers, scope: ScopeManage, kinds: managingKinds, kind: bureau},
	UserDisable: {roles: managers, scope: ScopeManage, kinds: managingKinds, kind: bureau},
	TokenRead:   {roles: managers, scope: ScopeManage, kinds: managingKinds, kind: bureau},
	TokenCreate: {roles: managers, scope: ScopeManage, kinds: managingKinds, kind: bureau, usersOnly: true},
	TokenRevoke: {roles: managers, scope: ScopeManage, kinds: managingKinds, kind: bureau},

	AuditRead: {roles: []Role{RoleDPO, RoleAdmin}, scope: ScopeAuditRead, kind: auditLog},

	RecordSearch: {roles: searchingRoles, scope: ScopeRecordsRead, kinds: []UnitKind{KindNCB, KindSpecialised, KindSecretariat}, kind: visibility},
	RecordRead:   {roles: searchingRoles, scope: ScopeRecordsRead, kinds: []UnitKind{KindNCB, KindSpecialised, KindSecretariat}, kind: visibility},
	// The bureau's own people who read records list them; the Secretariat
	// owns none.
	RecordList:   {roles: []Role{RoleOfficer, RoleSupervisor, RoleAnalyst}, scope: ScopeRecordsRead, kinds: []UnitKind{KindNCB, KindSpecialised}, kind: ownerList},
	RecordCreate: {roles: writingRoles, scope: ScopeRecordsWrite, kinds: []UnitKind{KindNCB, KindSpecialised}, kind: ownerWrite},
	RecordUpdate: {roles: writingRoles, scope: ScopeRecordsWrite, kinds: []UnitKind{KindNCB, KindSpecialised}, kind: ownerWrite},
	RecordDelete: {roles: writingRoles, scope: ScopeRecordsWrite, kinds: []UnitKind{KindNCB, KindSpecialised}, kind: ownerWrite},

	CheckRun: {roles: []Role{RoleBorderOfficer, RoleOfficer, RoleSupervisor}, scope: ScopeChecks, kinds: bureauKinds, kind: visibility},

	// Hits go to the bureau's NCB: a unit would otherwise learn of records in
	// databases it was never granted.
	HitRead: {roles: []Role{RoleOfficer, RoleSupervisor, RoleDPO, RoleAnalyst}, scope: ScopeRecordsRead, kinds: []UnitKind{KindNCB}, kind: bureau},
	// The owner's NCB answers for its records: it confirms or denies.
	HitAnswer: {roles: writingRoles, scope: ScopeRecordsWrite, kinds: []UnitKind{KindNCB}, kind: bureau},
	// The checking side sees what became of its hits: a border point or unit
	// its own (the service narrows it to the unit), the NCB its bureau's.
	CheckRead: {roles: []Role{RoleBorderOfficer, RoleOfficer, RoleSupervisor}, scope: ScopeChecks, kinds: bureauKinds, kind: bureau},

	// Which messages a principal may read or mark is the messaging
	// service's decision (it is a party to them or not); these rules say
	// who may use messaging at all.
	MessageSend:    {roles: messagingRoles, scope: ScopeMessages, kinds: messagingKinds},
	MessageRead:    {roles: messagingRoles, scope: ScopeMessages, kinds: messagingKinds},
	MessageReceipt: {roles: messagingRoles, scope: ScopeMessages, kinds: messagingKinds},
	// A bureau's keys are its managers' (the Secretariat's: its admins).
	KeyManage: {roles: managers, scope: ScopeManage, kinds: managingKinds, kind: bureau},
}

// Actions lists every action Decide knows.
func Actions() []Action {
	out := make([]Action, 0, len(rules))
	for a := range rules {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// NeedsPurpose reports whether the action processes police data and so must
// declare a purpose.
func NeedsPurpose(a Action) bool { return rules[a].kind == visibility }

// Decide answers whether p may do a on r for purpose. The checks run in a
// fixed order and the first that fails gives the reason:
//
//  1. the action is known, and p's unit kind may do it at all (a border
//     point runs checks, it does not browse records);
//  2. one of p's roles permits it (a role counts only in a kind of unit that
//     may hold it, and for a token only if tokens may carry it);
//  3. a token may do it at all (a token never issues tokens), and its scopes
//     cover it;
//  4. police data: a declared purpose, one a border point may use if p is one;
//  5. management: the resource is in p's bureau (admins: any bureau);
//  6. audit: a DPO reads its own bureau's entries (oversight and admins: all);
//  7. record changes and listing without a purpose: p's bureau owns the
//     record;
//  8. records: the database is known and granted to p's unit (NCBs and the
//     Secretariat have every database; specialised units and border points
//     only theirs, and must name it);
//  9. police data, read, listed or changed: the owner's restrictions admit p
//     (the unit that entered the record and the Secretariat's reviewers are
//     not bound by them; inside the owner's bureau only the unit-kind limits
//     apply).
func Decide(p Principal, a Action, r Resource, purpose Purpose) Decision {
	ru, known := rules[a]
	if !known {
		return deny(fault.Forbidden, "unknown action "+string(a))
	}
	if ru.kinds != nil && !slices.Contains(ru.kinds, p.UnitKind) {
		return deny(fault.UnitKindNotPermitted, "a unit of kind "+string(p.UnitKind)+" may not do "+string(a))
	}
	if !slices.ContainsFunc(effectiveRoles(p), func(role Role) bool { return slices.Contains(ru.roles, role) }) {
		return deny(fault.RoleNotPermitted, "none of your roles permits "+string(a))
	}
	if p.Token && ru.usersOnly {
		return deny(fault.RoleNotPermitted, "a token may not do "+string(a)+": a person must")
	}
	if p.Token && !slices.Contains(p.Scopes, ru.scope) {
		return deny(fault.ScopeNotGranted, "this token lacks the scope "+string(ru.scope))
	}
	if ru.kind == visibility {
		if d := decidePurpose(p, purpose); !d.Allowed {
			return d
		}
	}
	switch ru.kind {
	case bureau:
		if p.Holds(RoleAdmin) {
			return allow()
		}
		if r.Country == "" || r.Country != p.Country {
			return deny(fault.OtherBureau, "this belongs to another bureau")
		}
	case auditLog:
		if p.Holds(RoleAdmin) || p.UnitKind == KindOversight {
			return allow()
		}
		if r.Country == "" || r.Country != p.Country {
			return deny(fault.OtherBureau, "a DPO reads only its own bureau's audit entries")
		}
	case ownerWrite:
		if r.Country == "" || r.Country != p.Country {
			return deny(fault.NotOwner, "only the owner's bureau may change this record")
		}
	case ownerList:
		if r.Country == "" || r.Country != p.Country {
			return deny(fault.OtherBureau, "only the owner's bureau lists its records without a purpose: declare one ("+purposeList(p.UnitKind)+")")
		}
	}
	reads := ru.kind == visibility || ru.kind == ownerWrite || ru.kind == ownerList
	if reads && !databaseGranted(p, r.Database) {
		if r.Database == "" {
			return deny(fault.DatabaseNotGranted, "name the database: your unit has access to some databases only")
		}
		return deny(fault.DatabaseNotGranted, "your unit has no access to the database "+r.Database)
	}
	// Changing a record needs seeing it: a unit could otherwise lift the
	// restriction that hides the record from it, then read it.
	if reads {
		return decideRestrictions(p, r)
	}
	return allow()
}

// decidePurpose checks the declared purpose. Its refusals name the purposes
// p may declare, so that the person asking can choose one.
func decidePurpose(p Principal, purpose Purpose) Decision {
	if purpose == "" {
		return deny(fault.PurposeRequired, "declare the purpose of this query: one of "+purposeList(p.UnitKind))
	}
	if !purpose.Valid() {
		return deny(fault.PurposeUnknown, "unknown purpose "+quoteShort(string(purpose))+": declare one of "+purposeList(p.UnitKind))
	}
	if p.UnitKind == KindBorderPoint && !slices.Contains(borderPurposes, purpose) {
		return deny(fault.PurposeNotPermitted, "a border point may declare only "+purposeList(KindBorderPoint))
	}
	return allow()
}

// quoteShort quotes what a request said, cut short: it is echoed back.
func quoteShort(s string) string {
	if len(s) > 40 {
		s = strings.ToValidUTF8(s[:40], "") + "…"
	}
	return strconv.Quote(s)
}

// purposeList names the purposes a unit of kind k may declare, for messages.
func purposeList(k UnitKind) string {
	ps := PurposesFor(k)
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = string(p)
	}
	return strings.Join(names, ", ")
}

// databaseGranted reports whether p's unit may use database db. NCBs and the
// Secretariat have every database; other units only those granted, so a
// question that names no database is refused for them (fail closed).
func databaseGranted(p Principal, db string) bool {
	if db != "" && !KnownDatabase(db) {
		return false
	}
	switch p.UnitKind {
	case KindNCB, KindSecretariat:
		return true
	case KindSpecialised, KindBorderPoint:
		return db != "" && slices.Contains(p.Databases, db)
	}
	return false
}

// effectiveRoles are the roles of p that count: a role held in a kind of unit
// that may not hold it, or carried by a token that may not carry it, grants
// nothing, whatever the stored data says.
func effectiveRoles(p Principal) []Role {
	out := make([]Role, 0, len(p.Roles))
	for _, r := range p.Roles {
		if !RoleAllowedInUnit(r, p.UnitKind) || (p.Token && !tokenMayCarry(r, p.UnitKind)) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// decideRestrictions applies the owner's restrictions. The unit that
// entered the record always sees it, and the Secretariat's reviewers, who
// check data for compliance across the whole network, are not bound by them.
// Inside the owner's bureau the country limits do not apply (they say whom
// the owner shares with), but the unit-kind limits do: "NCBs only" keeps a
// record from the bureau's own border points and units too (DOMAIN.md).
func decideRestrictions(p Principal, r Resource) Decision {
	if (p.UnitKind == KindSecretariat && p.Holds(RoleReviewer)) || (r.OwnerUnit != "" && r.OwnerUnit == p.UnitID) {
		return allow()
	}
	rs := r.Restrictions
	if r.Country == "" || r.Country != p.Country {
		if len(rs.Countries) > 0 && !slices.Contains(rs.Countries, p.Country) {
			return deny(fault.RestrictedCountry, "the owner has not released this to your country")
		}
		if slices.Contains(rs.ExcludedCountries, p.Country) {
			return deny(fault.RestrictedCountry, "the owner has withheld this from your country")
		}
	}
	if rs.NCBOnly && p.UnitKind != KindNCB {
		return deny(fault.RestrictedUnitKind, "the owner has released this to NCBs only")
	}
	if len(rs.UnitKinds) > 0 && !slices.Contains(rs.UnitKinds, p.UnitKind) {
		return deny(fault.RestrictedUnitKind, "the owner has not released this to units of kind "+string(p.UnitKind))
	}
	return allow()
}

// Sees reports whether the owner's restrictions let p see a record at all,
// whatever the action and purpose: it is how a service tells "refused" from
// "not there" without disclosing what p may not see.
func Sees(p Principal, r Resource) bool { return decideRestrictions(p, r).Allowed }

// Refers reports whether the owner's restrictions keep a record from p's
// kind of unit while p's own bureau's NCB may see it. A border point or
// specialised unit whose check matches such a record is told to refer to
// its NCB (without the record) rather than answered a silent no-hit.
func Refers(p Principal, r Resource) bool {
	if p.UnitKind == KindNCB || p.Country == "" || decideRestrictions(p, r).Allowed {
		return false
	}
	return decideRestrictions(Principal{Country: p.Country, UnitKind: KindNCB}, r).Allowed
}

// roleKinds says in which kinds of unit a role may be held.
var roleKinds = map[Role][]UnitKind{
	RoleOfficer:       {KindNCB, KindSpecialised},
	RoleSupervisor:    {KindNCB},
	RoleDPO:           {KindNCB, KindOversight},
	RoleBorderOfficer: {KindNCB, KindBorderPoint},
	RoleAnalyst:       {KindNCB, KindSpecialised, KindSecretariat},
	RoleReviewer:      {KindSecretariat},
	RoleAdmin:         {KindSecretariat},
}

// RoleAllowedInUnit reports whether a user of a unit of kind k may hold role r.
func RoleAllowedInUnit(r Role, k UnitKind) bool { return slices.Contains(roleKinds[r], k) }

// tokenMayCarry reports whether a token of a unit of kind k may carry role r:
// tokens serve bureaus' national systems, never the network-wide bodies.
func tokenMayCarry(r Role, k UnitKind) bool {
	return slices.Contains(bureauKinds, k) && slices.Contains(TokenRoles, r)
}

// TokenMayCarry reports whether an API token of a unit of kind k may carry
// role r.
func TokenMayCarry(r Role, k UnitKind) bool { return tokenMayCarry(r, k) && RoleAllowedInUnit(r, k) }

// TokenRoles are the roles a system client's token may carry: the work of a
// national system (including a bureau's data-protection monitoring), never
// the Secretariat's or an administrator's.
var TokenRoles = []Role{RoleOfficer, RoleBorderOfficer, RoleAnalyst, RoleSupervisor, RoleDPO}

// grantedBySupervisor are the roles a bureau's supervisor gives its people.
// Not dpo: the data protection officer watches the supervisor, so only an
// administrator appoints (or removes) one.
var grantedBySupervisor = []Role{RoleOfficer, RoleSupervisor, RoleBorderOfficer, RoleAnalyst}

// MayGrant decides whether p may give role r to a user or token, or take
// away (disable) a user holding it: administrators grant every role;
// supervisors the roles of their bureau's daily work; a token, at most what
// it holds itself. Whether r fits the unit is checked separately
// (RoleAllowedInUnit).
//
// A token never grants supervisor: a token that could make a manager could
// make one to log in as, and through it issue the tokens it may not issue.
func MayGrant(p Principal, r Role) Decision {
	ok := r.Valid() && (p.Holds(RoleAdmin) || (p.Holds(RoleSupervisor) && slices.Contains(grantedBySupervisor, r)))
	if ok && p.Token {
		ok = p.Holds(r) && r != RoleSupervisor
	}
	if !ok {
		return deny(fault.RoleNotGrantable, "you may not grant or remove the role "+string(r))
	}
	return allow()
}

// MayGrantScope decides whether p may give an API token scope s: never more
// than a token holds itself, and audit:read (reading the audit log) only by an
// administrator, who appoints data protection officers.
func MayGrantScope(p Principal, s Scope) Decision {
	if !s.Valid() || (p.Token && !slices.Contains(p.Scopes, s)) || (s == ScopeAuditRead && !p.Holds(RoleAdmin)) {
		return deny(fault.ScopeNotGrantable, "you may not grant the scope "+string(s))
	}
	return allow()
}
