package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

func TestUnits(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.supervisor")

		t.Run("a supervisor creates units in its own bureau", func(t *testing.T) {
			bp := must[client.Unit](t)(fra.CreateUnit(ctx, client.NewUnit{Country: "FRA", Kind: "border-point", Name: "Marseille port"}))
			if bp.Country != "FRA" || bp.Kind != "border-point" || !strings.Contains(strings.Join(bp.Databases, ","), "sltd") {
				t.Fatalf("unit = %+v", bp)
			}
			su := must[client.Unit](t)(fra.CreateUnit(ctx, client.NewUnit{Country: "FRA", Kind: "specialised-unit", Name: "Cybercrime", Databases: []string{"icse", "nominal", "icse"}}))
			if strings.Join(su.Databases, ",") != "icse,nominal" {
				t.Fatalf("databases = %v", su.Databases)
			}
			units, err := client.All(ctx, func(ctx context.Context, o client.ListOptions) (client.Page[client.Unit], error) {
				return fra.Units(ctx, "", o)
			})
			if err != nil {
				t.Fatal(err)
			}
			// NCB + the demo's border point and unit + the two made here.
			if len(units) != 5 {
				t.Fatalf("FRA has %d units, want 5", len(units))
			}
		})

		t.Run("refusals write nothing", func(t *testing.T) {
			before := e.snapshot()
			for _, tc := range []struct {
				name   string
				c      *client.Client
				unit   client.NewUnit
				status int
				code   string
			}{
				{"other bureau", fra, client.NewUnit{Country: "DEU", Kind: "border-point", Name: "x"}, 403, "other_bureau"},
				{"officer", e.as("fra.officer"), client.NewUnit{Country: "FRA", Kind: "border-point", Name: "x"}, 403, "role_not_permitted"},
				{"border officer", e.as("fra.border-officer"), client.NewUnit{Country: "FRA", Kind: "border-point", Name: "x"}, 403, "unit_kind_not_permitted"},
				{"missing country", fra, client.NewUnit{Kind: "border-point", Name: "x"}, 422, "missing_field"},
				{"kind ncb", fra, client.NewUnit{Country: "FRA", Kind: "ncb", Name: "x"}, 422, "invalid_field"},
				{"kind secretariat", fra, client.NewUnit{Country: "FRA", Kind: "secretariat", Name: "x"}, 422, "invalid_field"},
				{"no name", fra, client.NewUnit{Country: "FRA", Kind: "border-point", Name: "  "}, 422, "missing_field"},
				{"long name", fra, client.NewUnit{Country: "FRA", Kind: "border-point", Name: strings.Repeat("n", 201)}, 422, "invalid_field"},
				{"unknown database", fra, client.NewUnit{Country: "FRA", Kind: "specialised-unit", Name: "x", Databases: []string{"everything"}}, 422, "invalid_field"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					_, err := tc.c.CreateUnit(ctx, tc.unit)
					wantCode(t, err, tc.status, tc.code)
				})
			}
			e.unchanged(t, before)
		})

		t.Run("an admin manages any bureau and the network-wide bodies", func(t *testing.T) {
			admin := e.as("secretariat.admin")
			u := must[client.Unit](t)(admin.CreateUnit(ctx, client.NewUnit{Country: "NGA", Kind: "specialised-unit", Name: "EFCC liaison", Databases: []string{"nominal"}}))
			if u.Country != "NGA" {
				t.Fatalf("unit = %+v", u)
			}
			bodies := must[client.Page[client.Unit]](t)(admin.Units(ctx, "", client.ListOptions{}))
			var kinds []string
			for _, b := range bodies.Items {
				kinds = append(kinds, b.Kind)
			}
			if strings.Join(kinds, ",") != "secretariat,oversight" && strings.Join(kinds, ",") != "oversight,secretariat" {
				t.Fatalf("network-wide bodies = %v", kinds)
			}
		})

		t.Run("disabling a unit stops its users and tokens", func(t *testing.T) {
			bp := must[client.Unit](t)(fra.CreateUnit(ctx, client.NewUnit{Country: "FRA", Kind: "border-point", Name: "Lyon airport"}))
			must[client.User](t)(fra.CreateUser(ctx, client.NewUser{Username: "fra.lyon.guard", Password: "a long password 1", UnitID: bp.ID, Roles: []string{"border-officer"}}))
			guard := e.anon()
			must[client.Session](t)(guard.Login(ctx, "fra.lyon.guard", "a long password 1"))
			tok := must[client.IssuedToken](t)(fra.CreateToken(ctx, client.NewToken{Name: "Lyon e-gates", UnitID: bp.ID, Roles: []string{"border-officer"}, Scopes: []string{"checks"}}))
			system, _ := client.New(e.url, client.WithToken(tok.Secret))
			must[client.Me](t)(system.Me(ctx))

			_, err := e.as("deu.supervisor").DisableUnit(ctx, bp.ID)
			wantCode(t, err, 403, "other_bureau")
			must[client.Me](t)(guard.Me(ctx))

			d := must[client.Unit](t)(fra.DisableUnit(ctx, bp.ID))
			if d.DisabledAt == nil {
				t.Fatal("unit not disabled")
			}
			_, err = guard.Me(ctx)
			wantCode(t, err, 401, "invalid_token")
			_, err = system.Me(ctx)
			wantCode(t, err, 401, "invalid_token")
			_, err = e.anon().Login(ctx, "fra.lyon.guard", "a long password 1")
			wantCode(t, err, 401, "invalid_credentials")

			me := must[client.Me](t)(fra.Me(ctx))
			_, err = fra.DisableUnit(ctx, me.UnitID)
			wantCode(t, err, 409, "conflict")
		})

		t.Run("unit IDs that are not IDs", func(t *testing.T) {
			_, err := fra.Unit(ctx, "not-an-id")
			wantCode(t, err, 404, "not_found")
			_, err = fra.Unit(ctx, "01HZY3Q8W7K3M2N4P5R6S7T8V9")
			wantCode(t, err, 404, "not_found")
		})
	})
}

func TestUsers(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.supervisor")
		deu := e.as("deu.supervisor")
		fraMe := must[client.Me](t)(fra.Me(ctx))

		t.Run("a supervisor creates, lists and disables its bureau's users", func(t *testing.T) {
			u := must[client.User](t)(fra.CreateUser(ctx, client.NewUser{Username: "Fra.Second-Officer", Password: "twelve chars!", UnitID: fraMe.UnitID, Roles: []string{"officer", "officer", "analyst"}}))
			if u.Username != "fra.second-officer" || strings.Join(u.Roles, ",") != "analyst,officer" || u.Country != "FRA" {
				t.Fatalf("user = %+v", u)
			}
			c := e.anon()
			must[client.Session](t)(c.Login(ctx, "fra.second-officer", "twelve chars!"))
			users, err := client.All(ctx, func(ctx context.Context, o client.ListOptions) (client.Page[client.User], error) {
				return fra.Users(ctx, "", "", o)
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(users) != 6 {
				t.Fatalf("FRA has %d users, want 6", len(users))
			}
			for _, x := range users {
				if x.Country != "FRA" {
					t.Fatalf("listing leaked a user of %s", x.Country)
				}
			}
			must[client.User](t)(fra.DisableUser(ctx, u.ID))
			_, err = c.Me(ctx)
			wantCode(t, err, 401, "token_revoked")
		})

		t.Run("another bureau's supervisor touches nothing", func(t *testing.T) {
			officer := must[client.Page[client.User]](t)(fra.Users(ctx, "FRA", "", client.ListOptions{Limit: 1000}))
			var target client.User
			for _, u := range officer.Items {
				if u.Username == "fra.officer" {
					target = u
				}
			}
			before := e.snapshot()
			_, err := deu.DisableUser(ctx, target.ID)
			wantCode(t, err, 403, "other_bureau")
			_, err = deu.User(ctx, target.ID)
			wantCode(t, err, 403, "other_bureau")
			_, err = deu.Users(ctx, "FRA", "", client.ListOptions{})
			wantCode(t, err, 403, "other_bureau")
			_, err = deu.CreateUser(ctx, client.NewUser{Username: "deu.spy", Password: "twelve chars!", UnitID: fraMe.UnitID, Roles: []string{"officer"}})
			wantCode(t, err, 403, "other_bureau")
			e.unchanged(t, before)
			must[client.Me](t)(e.as("fra.officer").Me(ctx))

			denied := must[client.Page[client.AuditEntry]](t)(e.as("fra.dpo").AuditEntries(ctx, client.AuditQuery{Actor: "deu.supervisor", Outcome: "denied"}, client.ListOptions{}))
			if len(denied.Items) != 4 {
				t.Fatalf("FRA's DPO sees %d refused attempts by deu.supervisor, want 4", len(denied.Items))
			}
		})

		t.Run("bad users write nothing", func(t *testing.T) {
			before := e.snapshot()
			for _, tc := range []struct {
				name   string
				user   client.NewUser
				status int
				code   string
			}{
				{"weak password", client.NewUser{Username: "fra.x1", Password: "short", UnitID: fraMe.UnitID, Roles: []string{"officer"}}, 422, "weak_password"},
				{"taken username", client.NewUser{Username: "fra.officer", Password: "twelve chars!", UnitID: fraMe.UnitID, Roles: []string{"officer"}}, 409, "conflict"},
				{"bad username", client.NewUser{Username: "a b", Password: "twelve chars!", UnitID: fraMe.UnitID, Roles: []string{"officer"}}, 422, "invalid_field"},
				{"no roles", client.NewUser{Username: "fra.x2", Password: "twelve chars!", UnitID: fraMe.UnitID}, 422, "missing_field"},
				{"unknown role", client.NewUser{Username: "fra.x3", Password: "twelve chars!", UnitID: fraMe.UnitID, Roles: []string{"god"}}, 422, "invalid_field"},
				{"admin in an NCB", client.NewUser{Username: "fra.x4", Password: "twelve chars!", UnitID: fraMe.UnitID, Roles: []string{"admin"}}, 422, "role_not_allowed_for_unit"},
				{"no unit", client.NewUser{Username: "fra.x5", Password: "twelve chars!", Roles: []string{"officer"}}, 422, "missing_field"},
				{"unknown unit", client.NewUser{Username: "fra.x6", Password: "twelve chars!", UnitID: "01HZY3Q8W7K3M2N4P5R6S7T8V9", Roles: []string{"officer"}}, 422, "invalid_field"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					_, err := fra.CreateUser(ctx, tc.user)
					wantCode(t, err, tc.status, tc.code)
				})
			}
			status, body, _ := fra.Raw(ctx, "POST", "/api/v1/users", "application/json", []byte(`{"username":"fra.x7","password":"twelve chars!","unit_id":"`+fraMe.UnitID+`","roles":"officer"}`))
			if status != 400 || !strings.Contains(string(body), `"code":"wrong_type"`) || !strings.Contains(string(body), `"field":"roles"`) {
				t.Fatalf("roles as a string: %d %s", status, body)
			}
			e.unchanged(t, before)
		})

		t.Run("nobody disables themselves", func(t *testing.T) {
			_, err := fra.DisableUser(ctx, fraMe.ID)
			wantCode(t, err, 409, "conflict")
		})
	})
}

func TestTokens(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sgp := e.as("sgp.supervisor")
		units := must[client.Page[client.Unit]](t)(sgp.Units(ctx, "", client.ListOptions{}))
		var border client.Unit
		for _, u := range units.Items {
			if u.Kind == "border-point" {
				border = u
			}
		}

		t.Run("a system client's token: shown once, scoped, revocable", func(t *testing.T) {
			exp := e.clock.Now().Add(30 * 24 * time.Hour).Truncate(time.Second)
			tok := must[client.IssuedToken](t)(sgp.CreateToken(ctx, client.NewToken{Name: "Changi e-gates", UnitID: border.ID, Roles: []string{"border-officer"}, Scopes: []string{"checks", "members:read"}, ExpiresAt: &exp}))
			if !tok.ExpiresAt.Equal(exp) || tok.Country != "SGP" {
				t.Fatalf("token = %+v", tok.Token)
			}
			system, _ := client.New(e.url, client.WithToken(tok.Secret))
			me := must[client.Me](t)(system.Me(ctx))
			if me.Kind != "token" || me.UnitKind != "border-point" || strings.Join(me.Scopes, ",") != "checks,members:read" {
				t.Fatalf("me = %+v", me)
			}
			must[client.Member](t)(system.Member(ctx, "SGP"))
			_, err := system.Units(ctx, "", client.ListOptions{})
			wantCode(t, err, 403, "unit_kind_not_permitted")

			status, body, _ := sgp.Raw(ctx, "GET", "/api/v1/tokens", "", nil)
			if status != 200 || strings.Contains(string(body), tok.Secret) || strings.Contains(string(body), `"token":`) {
				t.Fatalf("listing shows secrets: %s", body)
			}
			_, err = e.as("fra.supervisor").RevokeToken(ctx, tok.ID)
			wantCode(t, err, 403, "other_bureau")
			must[client.Me](t)(system.Me(ctx))

			r := must[client.Token](t)(sgp.RevokeToken(ctx, tok.ID))
			if r.RevokedAt == nil {
				t.Fatal("not revoked")
			}
			_, err = system.Me(ctx)
			wantCode(t, err, 401, "token_revoked")
		})

		t.Run("a token without the scope is refused", func(t *testing.T) {
			tok := must[client.IssuedToken](t)(sgp.CreateToken(ctx, client.NewToken{Name: "directory sync", UnitID: must[client.Me](t)(sgp.Me(ctx)).UnitID, Roles: []string{"supervisor"}, Scopes: []string{"members:read"}}))
			system, _ := client.New(e.url, client.WithToken(tok.Secret))
			_, err := system.Units(ctx, "", client.ListOptions{})
			wantCode(t, err, 403, "scope_not_granted")
		})

		t.Run("expired tokens stop working", func(t *testing.T) {
			exp := e.clock.Now().Add(time.Hour)
			tok := must[client.IssuedToken](t)(sgp.CreateToken(ctx, client.NewToken{Name: "short", UnitID: border.ID, Roles: []string{"border-officer"}, Scopes: []string{"checks"}, ExpiresAt: &exp}))
			system, _ := client.New(e.url, client.WithToken(tok.Secret))
			must[client.Me](t)(system.Me(ctx))
			e.clock.Advance(time.Hour)
			_, err := system.Me(ctx)
			wantCode(t, err, 401, "token_expired")
		})

		t.Run("bad token requests write nothing", func(t *testing.T) {
			before := e.snapshot()
			past := e.clock.Now().Add(-time.Minute)
			far := e.clock.Now().Add(400 * 24 * time.Hour)
			for _, tc := range []struct {
				name   string
				c      *client.Client
				tok    client.NewToken
				status int
				code   string
			}{
				{"admin role", sgp, client.NewToken{Name: "x", UnitID: border.ID, Roles: []string{"admin"}, Scopes: []string{"manage"}}, 422, "invalid_field"},
				{"role not for the unit", sgp, client.NewToken{Name: "x", UnitID: border.ID, Roles: []string{"officer"}, Scopes: []string{"checks"}}, 422, "role_not_allowed_for_unit"},
				{"no scopes", sgp, client.NewToken{Name: "x", UnitID: border.ID, Roles: []string{"border-officer"}}, 422, "missing_field"},
				{"unknown scope", sgp, client.NewToken{Name: "x", UnitID: border.ID, Roles: []string{"border-officer"}, Scopes: []string{"root"}}, 422, "invalid_field"},
				{"expired already", sgp, client.NewToken{Name: "x", UnitID: border.ID, Roles: []string{"border-officer"}, Scopes: []string{"checks"}, ExpiresAt: &past}, 422, "invalid_field"},
				{"over a year", sgp, client.NewToken{Name: "x", UnitID: border.ID, Roles: []string{"border-officer"}, Scopes: []string{"checks"}, ExpiresAt: &far}, 422, "invalid_field"},
				{"no name", sgp, client.NewToken{UnitID: border.ID, Roles: []string{"border-officer"}, Scopes: []string{"checks"}}, 422, "missing_field"},
				{"other bureau", e.as("bra.supervisor"), client.NewToken{Name: "x", UnitID: border.ID, Roles: []string{"border-officer"}, Scopes: []string{"checks"}}, 403, "other_bureau"},
				{"officer", e.as("sgp.officer"), client.NewToken{Name: "x", UnitID: border.ID, Roles: []string{"border-officer"}, Scopes: []string{"checks"}}, 403, "role_not_permitted"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					_, err := tc.c.CreateToken(ctx, tc.tok)
					wantCode(t, err, tc.status, tc.code)
				})
			}
			status, body, _ := sgp.Raw(ctx, "POST", "/api/v1/tokens", "application/json", []byte(`{"name":"x","unit_id":"`+border.ID+`","roles":["border-officer"],"scopes":["checks"],"expires_at":"next week"}`))
			if status != 400 || !strings.Contains(string(body), `"code":"wrong_type"`) {
				t.Fatalf("bad time: %d %s", status, body)
			}
			e.unchanged(t, before)
		})
	})
}
