package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/client"
)

func TestSessions(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()

		t.Run("login answers a token that identifies the user", func(t *testing.T) {
			c := e.anon()
			s, err := c.Login(ctx, "FRA.Officer", demoPassword)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(s.Token, "ncb_") || s.ExpiresAt.Sub(e.clock.Now()) != 12*time.Hour {
				t.Fatalf("session = %+v", s)
			}
			me := must[client.Me](t)(c.Me(ctx))
			if me.Name != "fra.officer" || me.Kind != "user" || me.Country != "FRA" || me.UnitKind != "ncb" || strings.Join(me.Roles, ",") != "officer" {
				t.Fatalf("me = %+v", me)
			}
			status, body, err := c.Raw(ctx, "POST", "/api/v1/sessions", "application/json", []byte(`{"username":"fra.dpo","password":"`+demoPassword+`"}`))
			if err != nil || status != 201 || !strings.Contains(string(body), `"token":"ncb_`) || !strings.Contains(string(body), `"expires_at":"`) {
				t.Fatalf("raw login = %d %s %v", status, body, err)
			}
		})

		t.Run("wrong password and unknown user look the same", func(t *testing.T) {
			before := e.count(`SELECT count(*) FROM tokens WHERE kind = 'session'`)
			_, err := e.anon().Login(ctx, "deu.officer", "wrong password!!")
			wantCode(t, err, 401, "invalid_credentials")
			_, err = e.anon().Login(ctx, "nobody.here", "wrong password!!")
			wantCode(t, err, 401, "invalid_credentials")
			if after := e.count(`SELECT count(*) FROM tokens WHERE kind = 'session'`); after != before {
				t.Fatal("a failed login stored a session")
			}
			page := must[client.Page[client.AuditEntry]](t)(e.as("secretariat.admin").AuditEntries(ctx, client.AuditQuery{Action: "session.create", Outcome: "failure"}, client.ListOptions{}))
			reasons := map[string]bool{}
			for _, en := range page.Items {
				reasons[en.Actor.Name+"/"+en.Reason] = true
			}
			if !reasons["deu.officer/wrong_password"] || !reasons["nobody.here/unknown_user"] {
				t.Fatalf("failed logins not audited: %v", reasons)
			}
		})

		t.Run("repeated failures lock the account, even against the right password", func(t *testing.T) {
			for i := 0; i < 5; i++ {
				_, err := e.anon().Login(ctx, "usa.analyst", "not the password")
				wantCode(t, err, 401, "invalid_credentials")
			}
			_, err := e.anon().Login(ctx, "usa.analyst", demoPassword)
			ae := wantCode(t, err, 429, "account_locked")
			if ae.RetryAfter < 14*time.Minute || ae.RetryAfter > 15*time.Minute {
				t.Fatalf("Retry-After = %v", ae.RetryAfter)
			}
			e.clock.Advance(15*time.Minute + time.Second)
			if _, err := e.anon().Login(ctx, "usa.analyst", demoPassword); err != nil {
				t.Fatalf("login after the lock ended: %v", err)
			}
			page := must[client.Page[client.AuditEntry]](t)(e.as("usa.dpo").AuditEntries(ctx, client.AuditQuery{Actor: "usa.analyst", Action: "session.create"}, client.ListOptions{}))
			var outcomes []string
			for _, en := range page.Items {
				outcomes = append(outcomes, en.Outcome)
			}
			if got := strings.Join(outcomes, ","); got != "success,denied,failure,failure,failure,failure,failure" {
				t.Fatalf("audited outcomes (newest first) = %s", got)
			}
		})

		t.Run("bearer tokens: missing, malformed, expired, logged out", func(t *testing.T) {
			_, err := e.anon().Me(ctx)
			wantCode(t, err, 401, "unauthenticated")
			bad, _ := client.New(e.url, client.WithToken("ncb_not-a-token"))
			_, err = bad.Me(ctx)
			wantCode(t, err, 401, "invalid_token")
			c := e.as("bra.officer")
			forged, _ := client.New(e.url, client.WithToken(c.Token()[:len(c.Token())-4]+"AAAA"))
			_, err = forged.Me(ctx)
			wantCode(t, err, 401, "invalid_token")

			if err := c.Logout(ctx); err != nil {
				t.Fatal(err)
			}
			_, err = c.Me(ctx)
			wantCode(t, err, 401, "token_revoked")

			c = e.as("bra.officer")
			e.clock.Advance(12 * time.Hour)
			_, err = c.Me(ctx)
			wantCode(t, err, 401, "token_expired")
		})

		t.Run("login body errors write nothing", func(t *testing.T) {
			before := e.count(`SELECT count(*) FROM tokens`)
			for _, tc := range []struct {
				name, ct, body string
				status         int
				code           string
			}{
				{"malformed JSON", "application/json", `{"username":`, 400, "malformed_json"},
				{"unknown field", "application/json", `{"username":"fra.officer","password":"x","otp":"1"}`, 400, "unknown_field"},
				{"wrong type", "application/json", `{"username":7,"password":"x"}`, 400, "wrong_type"},
				{"two objects", "application/json", `{"username":"a","password":"b"}{}`, 400, "malformed_json"},
				{"empty body", "application/json", ``, 400, "malformed_json"},
				{"not JSON", "text/plain", `username=fra.officer`, 415, "unsupported_media_type"},
				{"missing password", "application/json", `{"username":"fra.officer"}`, 422, "missing_field"},
				{"oversized", "application/json", `{"username":"` + strings.Repeat("a", 70<<10) + `","password":"x"}`, 413, "body_too_large"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					status, body, err := e.anon().Raw(ctx, "POST", "/api/v1/sessions", tc.ct, []byte(tc.body))
					if err != nil {
						t.Fatal(err)
					}
					if status != tc.status || !strings.Contains(string(body), `"code":"`+tc.code+`"`) {
						t.Fatalf("got %d %s, want %d %s", status, body, tc.status, tc.code)
					}
				})
			}
			if after := e.count(`SELECT count(*) FROM tokens`); after != before {
				t.Fatal("a bad login request stored a token")
			}
		})
	})
}
