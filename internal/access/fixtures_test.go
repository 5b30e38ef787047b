package access_test

import (
	"slices"
	"testing"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
)

// The countries of the tests. Records belong to the owner's bureau unless a
// test says otherwise; "other" is the usual foreign reader.
const (
	owner  = "FRA"
	other  = "DEU"
	third  = "ITA"
	fourth = "ESP"
)

// The databases of the tests: sltd is first-line (a border point checks it),
// icse second-line (a child-protection unit's).
const (
	sltd = "sltd"
	icse = "icse"
	smv  = "smv"
)

// allowed is the expected reason of a decision that allows.
const allowed fault.Code = ""

// Short names for the roles, so that tables stay readable.
const (
	officer       = access.RoleOfficer
	supervisor    = access.RoleSupervisor
	dpo           = access.RoleDPO
	borderOfficer = access.RoleBorderOfficer
	analyst       = access.RoleAnalyst
	reviewer      = access.RoleReviewer
	admin         = access.RoleAdmin
)

func ncbUser(country string, roles ...access.Role) access.Principal {
	return access.Principal{
		ID: "user-" + country + "-ncb", Name: "ncb." + country,
		Country: country, UnitID: "unit-" + country + "-ncb", UnitKind: access.KindNCB,
		Roles: roles,
	}
}

func specialisedUser(country string, databases []string, roles ...access.Role) access.Principal {
	return access.Principal{
		ID: "user-" + country + "-su", Name: "su." + country,
		Country: country, UnitID: "unit-" + country + "-su", UnitKind: access.KindSpecialised,
		Roles: roles, Databases: databases,
	}
}

func borderUser(country string, databases []string, roles ...access.Role) access.Principal {
	return access.Principal{
		ID: "user-" + country + "-bp", Name: "bp." + country,
		Country: country, UnitID: "unit-" + country + "-bp", UnitKind: access.KindBorderPoint,
		Roles: roles, Databases: databases,
	}
}

func secretariatUser(roles ...access.Role) access.Principal {
	return access.Principal{
		ID: "user-gs", Name: "gs", UnitID: "unit-gs", UnitKind: access.KindSecretariat, Roles: roles,
	}
}

func oversightUser(roles ...access.Role) access.Principal {
	return access.Principal{
		ID: "user-ccf", Name: "ccf", UnitID: "unit-ccf", UnitKind: access.KindOversight, Roles: roles,
	}
}

// userOf returns a user of a unit of kind k in country (ignored for the
// network-wide kinds), holding roles and granted databases.
func userOf(k access.UnitKind, country string, databases []string, roles ...access.Role) access.Principal {
	switch k {
	case access.KindNCB:
		return ncbUser(country, roles...)
	case access.KindSpecialised:
		return specialisedUser(country, databases, roles...)
	case access.KindBorderPoint:
		return borderUser(country, databases, roles...)
	case access.KindSecretariat:
		return secretariatUser(roles...)
	case access.KindOversight:
		return oversightUser(roles...)
	}
	panic("BUG: no fixture for unit kind " + string(k))
}

// asToken turns p into a system client's API token carrying scopes.
func asToken(p access.Principal, scopes ...access.Scope) access.Principal {
	p.Token = true
	p.ID = "token-" + p.ID
	p.Scopes = scopes
	return p
}

func grants(databases ...string) []string { return databases }

// record is a record owned by country in database db.
func record(country, db string) access.Resource {
	return access.Resource{Country: country, Database: db}
}

func restricted(country, db string, rs access.Restrictions) access.Resource {
	return access.Resource{Country: country, Database: db, Restrictions: rs}
}

// enteredBy is r as entered by the unit of p (Resource.OwnerUnit): every
// user and token of that unit is of "the unit that entered the record".
func enteredBy(r access.Resource, p access.Principal) access.Resource {
	r.OwnerUnit = p.UnitID
	return r
}

// inBureau is a unit, user, token or audit trail of country's bureau.
func inBureau(country string) access.Resource {
	return access.Resource{Country: country, UnitKind: access.KindNCB}
}

// networkWide is a unit, user, token or audit trail of no country (the
// Secretariat's, the oversight body's).
var networkWide = access.Resource{UnitKind: access.KindSecretariat}

// wantDecision fails t unless d allows when want is allowed, or refuses with
// reason want and a message the user can read.
func wantDecision(t *testing.T, d access.Decision, want fault.Code) {
	t.Helper()
	if want == allowed {
		if !d.Allowed || d.Reason != "" {
			t.Errorf("got refused (%s: %s), want allowed", d.Reason, d.Message)
		}
		return
	}
	if d.Allowed {
		t.Errorf("got allowed, want refused with %s", want)
		return
	}
	if d.Reason != want {
		t.Errorf("got refused with %s (%s), want refused with %s", d.Reason, d.Message, want)
	}
	if d.Message == "" {
		t.Errorf("refused with %s but no message for the user", d.Reason)
	}
}

// describe renders a decision for failure messages.
func describe(d access.Decision) string {
	if d.Allowed {
		return "allowed"
	}
	return "refused: " + string(d.Reason)
}

func containsAny[T comparable](have, want []T) bool {
	return slices.ContainsFunc(have, func(x T) bool { return slices.Contains(want, x) })
}

// describeWant renders an expected reason for failure messages.
func describeWant(c fault.Code) string {
	if c == allowed {
		return "allowed"
	}
	return "refused: " + string(c)
}
