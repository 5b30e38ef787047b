package access

import (
	"slices"

	"github.com/ncbnet/ncbnet/internal/fault"
)

// Role is what a user (or a system client's token) may do.
type Role string

// The roles.
const (
	RoleOfficer       Role = "officer"
	RoleSupervisor    Role = "supervisor"
	RoleDPO           Role = "dpo"
	RoleBorderOfficer Role = "border-officer"
	RoleAnalyst       Role = "analyst"
	RoleReviewer      Role = "reviewer"
	RoleAdmin         Role = "admin"
)

// Roles lists every role.
var Roles = []Role{RoleOfficer, RoleSupervisor, RoleDPO, RoleBorderOfficer, RoleAnalyst, RoleReviewer, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// UnitKind is the kind of a unit on the network.
type UnitKind string

// The unit kinds. A member country's bureau has one ncb unit and any number of
// specialised units and border points; the Secretariat and the oversight body
// are network-wide and belong to no country.
const (
	KindNCB         UnitKind = "ncb"
	KindSpecialised UnitKind = "specialised-unit"
	KindBorderPoint UnitKind = "border-point"
	KindSecretariat UnitKind = "secretariat"
	KindOversight   UnitKind = "oversight"
)

// UnitKinds lists every unit kind.
var UnitKinds = []UnitKind{KindNCB, KindSpecialised, KindBorderPoint, KindSecretariat, KindOversight}

// Valid reports whether k is a known unit kind.
func (k UnitKind) Valid() bool { return slices.Contains(UnitKinds, k) }

// NetworkWide reports whether units of this kind belong to no country.
func (k UnitKind) NetworkWide() bool { return k == KindSecretariat || k == KindOversight }

// Purpose is the declared reason for processing police data (DOMAIN.md).
type Purpose string

// The purposes.
const (
	PurposeLocateWantedPerson    Purpose = "locate-wanted-person"
	PurposeIdentification        Purpose = "identification"
	PurposeCriminalInvestigation Purpose = "criminal-investigation"
	PurposeAlert                 Purpose = "alert"
	PurposeForensic              Purpose = "forensic"
	PurposeBorderControl         Purpose = "border-control"
	PurposeSecurityCheck         Purpose = "security-check"
	PurposeThreatAnalysis        Purpose = "threat-analysis"
)

// Purposes lists every purpose.
var Purposes = []Purpose{
	PurposeLocateWantedPerson, PurposeIdentification, PurposeCriminalInvestigation, PurposeAlert,
	PurposeForensic, PurposeBorderControl, PurposeSecurityCheck, PurposeThreatAnalysis,
}

// Valid reports whether p is a declared purpose.
func (p Purpose) Valid() bool { return slices.Contains(Purposes, p) }

// purposeMeanings say what each purpose covers, for the person who must
// choose one (GET /api/v1/purposes). Every purpose has one (a test checks).
var purposeMeanings = map[Purpose]string{
	PurposeLocateWantedPerson:    "find a person sought for arrest, extradition or to serve a sentence",
	PurposeIdentification:        "establish who a person is, living or dead, or whose a body is",
	PurposeCriminalInvestigation: "investigate a particular offence, suspect or case",
	PurposeAlert:                 "act on or issue a warning about a person, object or threat that a bureau flagged",
	PurposeForensic:              "compare traces: fingerprints, DNA, faces, ballistic signatures, images",
	PurposeBorderControl:         "check travellers, their documents, vehicles and vessels at a border",
	PurposeSecurityCheck:         "screen persons or objects for security: events, sensitive sites, transport",
	PurposeThreatAnalysis:        "analyse threats and patterns (terrorism, organised crime) beyond a single case",
}

// Meaning says what the purpose covers ("" for an unknown one).
func (p Purpose) Meaning() string { return purposeMeanings[p] }

// borderPurposes are the purposes a border point may declare: it checks
// travellers and their documents, it does not investigate.
var borderPurposes = []Purpose{PurposeBorderControl, PurposeSecurityCheck}

// PurposesFor lists the purposes a unit of kind k may declare: a border
// point's two, every purpose for the others.
func PurposesFor(k UnitKind) []Purpose {
	if k == KindBorderPoint {
		return slices.Clone(borderPurposes)
	}
	return slices.Clone(Purposes)
}

// Principal is who is acting: a logged-in user or a system client's token.
type Principal struct {
	// ID is the user's or token's ID; Name the username or the token's name.
	ID   string
	Name string
	// Credential is the ID of the session or API token in use.
	Credential string
	// Token is set when the principal is a system client's API token.
	Token bool
	// Country is the ISO 3166-1 alpha-3 code of the principal's bureau, empty
	// for the Secretariat and the oversight body.
	Country  string
	UnitID   string
	UnitKind UnitKind
	Roles    []Role
	// Scopes narrow what a token may do; nil for users (no narrowing).
	Scopes []Scope
	// Databases lists the databases granted to a specialised unit.
	Databases []string
}

// Holds reports whether role r counts for the principal: it is among its
// roles, held in a kind of unit that may hold it, and, for a token, one that
// tokens of its unit may carry. Every decision uses this, never the raw list.
func (p Principal) Holds(r Role) bool { return slices.Contains(effectiveRoles(p), r) }

// Restrictions are the record owner's limits on who may see a record.
type Restrictions struct {
	// Countries, when not empty, are the only countries that may see it.
	Countries []string `json:"countries,omitempty"`
	// ExcludedCountries may never see it.
	ExcludedCountries []string `json:"excluded_countries,omitempty"`
	// NCBOnly keeps it from specialised units and border points.
	NCBOnly bool `json:"ncb_only,omitempty"`
	// UnitKinds, when not empty, are the only unit kinds that may see it.
	UnitKinds []UnitKind `json:"unit_kinds,omitempty"`
}

// Resource is what the action is done on. Fields that do not apply stay empty.
type Resource struct {
	// Country is the bureau that owns the resource (a record's owner, a
	// unit's or user's country); empty for network-wide resources.
	Country string
	// OwnerUnit is the unit that entered a record.
	OwnerUnit string
	// UnitKind is the kind of unit a unit, user or token belongs to.
	UnitKind UnitKind
	// Database is the database a record is in.
	Database string
	// Restrictions are the owner's limits on a record.
	Restrictions Restrictions
}

// Decision is the answer of Decide.
type Decision struct {
	Allowed bool
	Reason  fault.Code
	Message string
}

// Err returns nil when the decision allows, else a *fault.Error with the reason.
func (d Decision) Err() error {
	if d.Allowed {
		return nil
	}
	e := fault.New(d.Reason, "%s", d.Message)
	switch d.Reason {
	case fault.PurposeRequired, fault.PurposeUnknown, fault.PurposeNotPermitted:
		e.Field = "purpose"
	}
	return e
}

func allow() Decision { return Decision{Allowed: true} }

func deny(reason fault.Code, msg string) Decision {
	return Decision{Reason: reason, Message: msg}
}
