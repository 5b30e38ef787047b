package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"strings"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/member"
)

// DemoCountries are the bureaus that get demo units and users.
var DemoCountries = []string{"FRA", "DEU", "USA", "NGA", "SGP", "BRA"}

// DemoUser is one account the demo created.
type DemoUser struct {
	Username string
	Roles    []access.Role
	Unit     string
}

// RandomPassword returns a password for the demo users when the operator
// gives none.
func RandomPassword() string {
	var b [15]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// specialisedGrants are the databases a demo specialised unit may search.
var specialisedGrants = []string{"nominal", "notices", "sltd", "smv", "terrorism"}

// SeedDemo fills a fresh node with the demo content: for each demo country a
// border point and a specialised unit, and users named <iso3>.<role> for each
// role a bureau can hold; secretariat.<role> for the Secretariat's roles and
// oversight.dpo for the oversight body. Every user gets password. A few
// records to search for by hand fill the databases, and the stolen and
// lost travel documents that documents writes (NDJSON of documents issued
// by FRA, imported by FRA's NCB into SLTD) give searches a realistic
// number of records: the callers pass synth.WriteDemoDocuments (nil loads
// none), so that the node carries no synthetic-data generator.
func (n *Node) SeedDemo(ctx context.Context, password string, documents func(w io.Writer) error) ([]DemoUser, error) {
	operator := audit.SystemActor("demo")
	var users []DemoUser
	add := func(username string, unit member.Unit, roles ...access.Role) error {
		_, err := n.Members.CreateUserAsOperator(ctx, operator, member.NewUser{Username: username, Password: password, UnitID: unit.ID, Roles: roles})
		if err != nil {
			return fmt.Errorf("create demo user %s: %w", username, err)
		}
		users = append(users, DemoUser{Username: username, Roles: roles, Unit: unit.Name})
		return nil
	}
	for _, iso3 := range DemoCountries {
		country, err := member.GetCountry(ctx, n.DB, iso3)
		if err != nil {
			return nil, err
		}
		ncb, err := member.NCBOf(ctx, n.DB, iso3)
		if err != nil {
			return nil, err
		}
		border, err := n.createDemoUnit(ctx, operator, iso3, access.KindBorderPoint, country.Name+" international airport border point", nil)
		if err != nil {
			return nil, err
		}
		unit, err := n.createDemoUnit(ctx, operator, iso3, access.KindSpecialised, country.Name+" financial crime unit", specialisedGrants)
		if err != nil {
			return nil, err
		}
		prefix := strings.ToLower(iso3) + "."
		for _, u := range []struct {
			role access.Role
			unit member.Unit
		}{
			{access.RoleOfficer, ncb}, {access.RoleSupervisor, ncb}, {access.RoleDPO, ncb},
			{access.RoleBorderOfficer, border}, {access.RoleAnalyst, unit},
		} {
			if err := add(prefix+string(u.role), u.unit, u.role); err != nil {
				return nil, err
			}
		}
	}
	gs, err := member.BodyUnit(ctx, n.DB, access.KindSecretariat)
	if err != nil {
		return nil, err
	}
	for _, r := range []access.Role{access.RoleReviewer, access.RoleAdmin, access.RoleAnalyst} {
		if err := add("secretariat."+string(r), gs, r); err != nil {
			return nil, err
		}
	}
	ov, err := member.BodyUnit(ctx, n.DB, access.KindOversight)
	if err != nil {
		return nil, err
	}
	if err := add("oversight.dpo", ov, access.RoleDPO); err != nil {
		return nil, err
	}
	if err := n.seedDemoRecords(ctx, documents); err != nil {
		return nil, err
	}
	return users, nil
}

func (n *Node) createDemoUnit(ctx context.Context, operator audit.Actor, iso3 string, kind access.UnitKind, name string, dbs []string) (member.Unit, error) {
	u, err := n.Members.CreateUnitAsOperator(ctx, operator, member.NewUnit{Country: iso3, Kind: kind, Name: name, Databases: dbs})
	if err != nil {
		return member.Unit{}, fmt.Errorf("create demo unit %s: %w", name, err)
	}
	return u, nil
}
