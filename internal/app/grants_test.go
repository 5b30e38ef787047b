package app_test

import (
	"context"
	"testing"

	"github.com/ncbnet/ncbnet/client"
)

// Nobody gives more than they may: a supervisor cannot make a DPO or read the
// audit log through a token it issues, a token cannot issue tokens, and a
// token cannot create users beyond its own roles.
func TestGrantsNeverExceedTheMaker(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		fra := e.as("fra.supervisor")
		me := must[client.Me](t)(fra.Me(ctx))

		before := e.snapshot()
		_, err := fra.CreateToken(ctx, client.NewToken{Name: "x", UnitID: me.UnitID, Roles: []string{"dpo"}, Scopes: []string{"audit:read"}})
		wantCode(t, err, 403, "role_not_grantable")
		_, err = fra.CreateToken(ctx, client.NewToken{Name: "x", UnitID: me.UnitID, Roles: []string{"supervisor"}, Scopes: []string{"audit:read", "manage"}})
		wantCode(t, err, 403, "scope_not_grantable")
		_, err = fra.CreateUser(ctx, client.NewUser{Username: "fra.shadow", Password: "twelve chars!", UnitID: me.UnitID, Roles: []string{"supervisor", "dpo"}})
		wantCode(t, err, 403, "role_not_grantable")
		e.unchanged(t, before)

		// The bureau's DPO is appointed and removed by an administrator only.
		dpos := must[client.Page[client.User]](t)(fra.Users(ctx, "", me.UnitID, client.ListOptions{Limit: 1000}))
		for _, u := range dpos.Items {
			if u.Username == "fra.dpo" {
				_, err := fra.DisableUser(ctx, u.ID)
				wantCode(t, err, 403, "role_not_grantable")
			}
		}
		admin := e.as("secretariat.admin")
		dpo2 := must[client.User](t)(admin.CreateUser(ctx, client.NewUser{Username: "fra.dpo2", Password: "twelve chars!", UnitID: me.UnitID, Roles: []string{"dpo"}}))
		if dpo2.Country != "FRA" {
			t.Fatalf("dpo2 = %+v", dpo2)
		}

		// A token with the manage scope manages users within its own roles,
		// never makes a manager (who could issue tokens), never issues tokens.
		tok := must[client.IssuedToken](t)(fra.CreateToken(ctx, client.NewToken{Name: "directory sync", UnitID: me.UnitID, Roles: []string{"supervisor", "officer"}, Scopes: []string{"manage"}}))
		system, _ := client.New(e.url, client.WithToken(tok.Secret))
		before = e.snapshot()
		_, err = system.CreateToken(ctx, client.NewToken{Name: "child", UnitID: me.UnitID, Roles: []string{"officer"}, Scopes: []string{"manage"}})
		wantCode(t, err, 403, "role_not_permitted")
		_, err = system.CreateUser(ctx, client.NewUser{Username: "fra.bot.analyst", Password: "twelve chars!", UnitID: me.UnitID, Roles: []string{"analyst"}})
		wantCode(t, err, 403, "role_not_grantable")
		_, err = system.CreateUser(ctx, client.NewUser{Username: "fra.bot.supervisor", Password: "twelve chars!", UnitID: me.UnitID, Roles: []string{"supervisor"}})
		wantCode(t, err, 403, "role_not_grantable")
		e.unchanged(t, before)
		must[client.User](t)(system.CreateUser(ctx, client.NewUser{Username: "fra.bot.officer", Password: "twelve chars!", UnitID: me.UnitID, Roles: []string{"officer"}}))

		// Every refusal above is in FRA's audit log.
		denied := must[client.Page[client.AuditEntry]](t)(e.as("fra.dpo").AuditEntries(ctx, client.AuditQuery{Outcome: "denied"}, client.ListOptions{Limit: 1000}))
		reasons := map[string]int{}
		for _, en := range denied.Items {
			reasons[en.Action+"/"+en.Reason]++
		}
		if reasons["token.create/role_not_grantable"] != 1 || reasons["token.create/scope_not_grantable"] != 1 || reasons["user.create/role_not_grantable"] != 3 ||
			reasons["user.disable/role_not_grantable"] != 1 || reasons["token.create/role_not_permitted"] != 1 {
			t.Fatalf("audited refusals: %v", reasons)
		}
	})
}

// A revoked token that is still being used shows up in the owner's audit log.
func TestUseOfRevokedTokenIsAudited(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		bra := e.as("bra.supervisor")
		me := must[client.Me](t)(bra.Me(ctx))
		tok := must[client.IssuedToken](t)(bra.CreateToken(ctx, client.NewToken{Name: "old system", UnitID: me.UnitID, Roles: []string{"officer"}, Scopes: []string{"members:read"}}))
		must[client.Token](t)(bra.RevokeToken(ctx, tok.ID))
		stolen, _ := client.New(e.url, client.WithToken(tok.Secret))
		for range 3 {
			_, err := stolen.Me(ctx)
			wantCode(t, err, 401, "token_revoked")
		}
		uses := must[client.Page[client.AuditEntry]](t)(e.as("bra.dpo").AuditEntries(ctx, client.AuditQuery{Action: "token.use", Resource: tok.ID}, client.ListOptions{}))
		if len(uses.Items) != 1 || uses.Items[0].Reason != "token_revoked" || uses.Items[0].Outcome != "denied" {
			t.Fatalf("uses of the revoked token in the audit log (at most one a minute): %+v", uses.Items)
		}
	})
}
