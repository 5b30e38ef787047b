package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/audit/audittest"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

// TestMain proves that the audit integrators the tests started have stopped.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// authEnv is an Authenticator wired as the node wires it, on a real store
// and audit log, with one officer of the French NCB.
type authEnv struct {
	auth  *Authenticator
	db    *store.DB
	log   *audit.Log
	clock *clock.Fake
	user  member.User
}

func newAuthEnv(t *testing.T, db *store.DB) *authEnv {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewFake(t0)
	ids := id.NewGenerator(clk, nil)
	log := audittest.Start(t, db, clk, ids)
	hasher := NewArgon2(cheapParams)
	members := member.NewService(db, log, hasher, clk, ids)
	if err := members.SeedReference(ctx); err != nil {
		t.Fatalf("seed reference: %v", err)
	}
	ncb, err := member.NCBOf(ctx, db, "FRA")
	if err != nil {
		t.Fatal(err)
	}
	u, err := members.CreateUserAsOperator(ctx, audit.SystemActor("operator"), member.NewUser{
		Username: "fra.officer", Password: testPassword, UnitID: ncb.ID, Roles: []access.Role{access.RoleOfficer},
	})
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	a, err := New(Config{DB: db, Audit: log, Hasher: hasher, Clock: clk, IDs: ids})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return &authEnv{auth: a, db: db, log: log, clock: clk, user: u}
}

// lastLogin returns the newest session.create entry.
func (e *authEnv) lastLogin(t *testing.T) audit.Entry {
	t.Helper()
	entries, err := e.log.Entries(context.Background(), audit.Filter{Action: "session.create", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no session.create entry")
	}
	return entries[0]
}

func (e *authEnv) loginEntries(t *testing.T) int {
	t.Helper()
	entries, err := e.log.Entries(context.Background(), audit.Filter{Action: "session.create", Limit: audit.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

func wantCode(t *testing.T, err error, code fault.Code) {
	t.Helper()
	if got := fault.CodeOf(err); err == nil || got != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

func TestLoginRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			ncb, err := member.NCBOf(ctx, tx, "FRA")
			if err != nil {
				return err
			}
			// A second user, disabled: the right password must not let it in.
			h, err := e.auth.cfg.Hasher.Hash(context.Background(), testPassword)
			if err != nil {
				return err
			}
			gone := member.User{ID: "01JNG3Q8S5T6V7W8X9YZABCDEF", Username: "fra.gone", UnitID: ncb.ID, Country: "FRA", Roles: []access.Role{access.RoleOfficer}, CreatedAt: t0, CreatedBy: "test"}
			if err := member.InsertUser(ctx, tx, gone, h); err != nil {
				return err
			}
			return member.SetUserDisabled(ctx, tx, gone.ID, store.Micros(t0), "test")
		}); err != nil {
			t.Fatal(err)
		}

		for _, tc := range []struct {
			name, username, password string
			code                     fault.Code
			// reason is the audited reason of the failure; "" when the
			// request is refused before any lookup, and nothing is audited.
			reason string
		}{
			{"no username", "", testPassword, fault.MissingField, ""},
			{"blank username", "  ", testPassword, fault.MissingField, ""},
			{"no password", "fra.officer", "", fault.MissingField, ""},
			// Over-long input is refused as malformed, before any lookup or
			// hashing, so that junk cannot flood the audit log.
			{"username too long", strings.Repeat("a", 65), testPassword, fault.InvalidField, ""},
			{"password too long", "fra.officer", strings.Repeat("a", member.MaxPasswordLen+1), fault.InvalidField, ""},
			{"unknown user", "fra.nobody", testPassword, fault.InvalidCredentials, "unknown_user"},
			{"wrong password", "fra.officer", testPassword + "!", fault.InvalidCredentials, "wrong_password"},
			{"disabled user, right password", "fra.gone", testPassword, fault.InvalidCredentials, "disabled"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := e.loginEntries(t)
				s, err := e.auth.Login(ctx, tc.username, tc.password)
				wantCode(t, err, tc.code)
				if s != (Session{}) {
					t.Fatalf("a refused login returned %+v", s)
				}
				after := e.loginEntries(t)
				if tc.reason == "" {
					if after != before {
						t.Fatal("a malformed login was audited as an attempt")
					}
					return
				}
				if after != before+1 {
					t.Fatalf("%d login entries added, want 1", after-before)
				}
				if en := e.lastLogin(t); en.Outcome != audit.OutcomeFailure || en.Reason != tc.reason {
					t.Fatalf("audited %s/%s, want failure/%s", en.Outcome, en.Reason, tc.reason)
				}
			})
		}

		t.Run("the username is normalised", func(t *testing.T) {
			if _, err := e.auth.Login(ctx, "  FRA.Officer ", testPassword); err != nil {
				t.Fatal(err)
			}
		})
	})
}

func TestLoginLockout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		fail := func(t *testing.T, n int) {
			t.Helper()
			for range n {
				_, err := e.auth.Login(ctx, "fra.officer", "not the password")
				wantCode(t, err, fault.InvalidCredentials)
			}
		}
		login := func(t *testing.T) {
			t.Helper()
			if _, err := e.auth.Login(ctx, "fra.officer", testPassword); err != nil {
				t.Fatalf("login: %v", err)
			}
		}
		wantLocked := func(t *testing.T, password string, until time.Time) {
			t.Helper()
			_, err := e.auth.Login(ctx, "fra.officer", password)
			var le *LockedError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a LockedError", err)
			}
			if !le.LockedUntil().Equal(until) {
				t.Fatalf("locked until %s, want %s", le.LockedUntil(), until)
			}
			if le.Fault().Code != fault.AccountLocked {
				t.Fatalf("the lock presents as %s", le.Fault().Code)
			}
		}

		t.Run("a success resets the count of failures", func(t *testing.T) {
			fail(t, 4)
			login(t)
			fail(t, 4)
			login(t)
		})

		t.Run("the fifth failure in a row locks for 15 minutes", func(t *testing.T) {
			fail(t, 5)
			until := e.clock.Now().Add(15 * time.Minute)
			if en := e.lastLogin(t); en.Details["failures"] != "5" || en.Details["locked_until"] != until.Format(time.RFC3339) {
				t.Fatalf("locking failure audited with details %v", en.Details)
			}
			wantLocked(t, testPassword, until)
			if en := e.lastLogin(t); en.Outcome != audit.OutcomeDenied || en.Reason != string(fault.AccountLocked) {
				t.Fatalf("login while locked audited %s/%s", en.Outcome, en.Reason)
			}

			// Attempts while locked neither extend the lock nor count
			// towards the next one.
			e.clock.Advance(10 * time.Minute)
			for range 5 {
				wantLocked(t, "not the password", until)
			}
			e.clock.Set(until.Add(-time.Microsecond))
			wantLocked(t, testPassword, until)

			// The lock ends on time and cleared the count: four more
			// failures do not lock again.
			e.clock.Set(until)
			fail(t, 4)
			login(t)
		})
	})
}

func TestAuthenticateSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		s, err := e.auth.Login(ctx, "fra.officer", testPassword)
		if err != nil {
			t.Fatal(err)
		}
		if !s.ExpiresAt.Equal(t0.Add(12 * time.Hour)) {
			t.Fatalf("session expires at %s, want 12 h after login", s.ExpiresAt)
		}
		tokenID, _, ok := parseToken(s.Token)
		if !ok {
			t.Fatalf("session token %q does not parse", s.Token)
		}
		lastUsed := func(t *testing.T) sql.NullInt64 {
			t.Helper()
			var v sql.NullInt64
			if err := db.QueryRow(ctx, `SELECT last_used_at FROM tokens WHERE id = ?`, tokenID).Scan(&v); err != nil {
				t.Fatal(err)
			}
			return v
		}
		authenticate := func(t *testing.T) access.Principal {
			t.Helper()
			p, err := e.auth.Authenticate(ctx, s.Token)
			if err != nil {
				t.Fatalf("Authenticate: %v", err)
			}
			return p
		}

		t.Run("the principal is the user", func(t *testing.T) {
			if v := lastUsed(t); v.Valid {
				t.Fatalf("a new session has last_used_at %v", v)
			}
			p := authenticate(t)
			if p.ID != e.user.ID || p.Name != "fra.officer" || p.Token || p.Credential != tokenID ||
				p.Country != "FRA" || p.UnitID != e.user.UnitID || p.UnitKind != access.KindNCB ||
				len(p.Roles) != 1 || p.Roles[0] != access.RoleOfficer || len(p.Scopes) != 0 {
				t.Fatalf("principal = %+v", p)
			}
		})

		t.Run("last use is written at most once a minute", func(t *testing.T) {
			authenticate(t)
			if v := lastUsed(t); !v.Valid || v.Int64 != store.Micros(t0) {
				t.Fatalf("last_used_at = %v, want %d", v, store.Micros(t0))
			}
			e.clock.Advance(time.Minute - time.Microsecond)
			authenticate(t)
			if v := lastUsed(t); v.Int64 != store.Micros(t0) {
				t.Fatalf("last_used_at rewritten within a minute: %v", v)
			}
			// Once the minute is over and the token no longer cached.
			e.clock.Advance(CacheFor)
			authenticate(t)
			if v := lastUsed(t); v.Int64 != store.Micros(t0.Add(time.Minute-time.Microsecond+CacheFor)) {
				t.Fatalf("last_used_at = %v after a minute, want %d", v, store.Micros(t0.Add(time.Minute-time.Microsecond+CacheFor)))
			}
		})

		t.Run("a wrong secret for a real token ID is refused", func(t *testing.T) {
			forged, _ := mustMint(t, tokenID)
			_, err := e.auth.Authenticate(ctx, forged)
			wantCode(t, err, fault.InvalidToken)
		})

		t.Run("the session ends at its expiry, not after", func(t *testing.T) {
			e.clock.Set(s.ExpiresAt.Add(-time.Microsecond))
			authenticate(t)
			e.clock.Set(s.ExpiresAt)
			_, err := e.auth.Authenticate(ctx, s.Token)
			wantCode(t, err, fault.TokenExpired)
		})
	})
}

// A token checked once is taken for CacheFor without the store: revoked by
// another node (straight in the store here), it still works until then and
// not after; revoked through this node (Forget), it stops at once; a wrong
// secret for a cached token ID is refused all the same.
func TestAuthenticateCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newAuthEnv(t, db)
		s, err := e.auth.Login(ctx, "fra.officer", testPassword)
		if err != nil {
			t.Fatal(err)
		}
		tokenID, _, _ := parseToken(s.Token)
		if _, err := e.auth.Authenticate(ctx, s.Token); err != nil {
			t.Fatal(err)
		}
		forged, _ := mustMint(t, tokenID)
		_, err = e.auth.Authenticate(ctx, forged)
		wantCode(t, err, fault.InvalidToken)

		if _, err := db.Exec(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ?`, store.Micros(t0), tokenID); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(CacheFor - time.Microsecond)
		if _, err := e.auth.Authenticate(ctx, s.Token); err != nil {
			t.Fatalf("within CacheFor of its check: %v", err)
		}
		e.clock.Advance(time.Microsecond)
		_, err = e.auth.Authenticate(ctx, s.Token)
		wantCode(t, err, fault.TokenRevoked)

		s2, err := e.auth.Login(ctx, "fra.officer", testPassword)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.auth.Authenticate(ctx, s2.Token); err != nil {
			t.Fatal(err)
		}
		id2, _, _ := parseToken(s2.Token)
		if _, err := db.Exec(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ?`, store.Micros(t0), id2); err != nil {
			t.Fatal(err)
		}
		e.auth.Forget()
		_, err = e.auth.Authenticate(ctx, s2.Token)
		wantCode(t, err, fault.TokenRevoked)
	})
}
