package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Config sets the authenticator's policy.
type Config struct {
	DB     *store.DB
	Audit  member.Auditor
	Hasher *Argon2
	Clock  clock.Clock
	IDs    id.Source
	Logger *slog.Logger
	// SessionTTL is how long a session token lives (default 12 h).
	SessionTTL time.Duration
	// LockAfter consecutive failed logins lock the account (default 5) for
	// LockFor (default 15 min).
	LockAfter int
	LockFor   time.Duration
}

// Authenticator logs users in and turns bearer tokens into principals.
type Authenticator struct {
	cfg       Config
	dummyHash string
	// throttle limits how often repeated refusals (a locked account, a
	// revoked token) are audited.
	throttle throttle

	prepare sync.Mutex                     // held while preparing byToken
	byToken atomic.Pointer[store.ReadStmt] // the token query, prepared on first use

	// cache holds tokens checked in the last CacheFor, by token ID
	// (cached); generation invalidates them all (Forget); stores counts
	// the cache's writes, to clear out expired entries now and then.
	cache      sync.Map
	generation atomic.Uint64
	stores     atomic.Uint64
}

// New returns an Authenticator.
func New(cfg Config) (*Authenticator, error) {
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.LockAfter == 0 {
		cfg.LockAfter = 5
	}
	if cfg.LockFor == 0 {
		cfg.LockFor = 15 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	// Unknown usernames are checked against this hash so that a login for a
	// name that does not exist takes as long as one for a name that does.
	dummy, err := cfg.Hasher.Hash(context.Background(), "not a password of anyone")
	if err != nil {
		return nil, err
	}
	return &Authenticator{cfg: cfg, dummyHash: dummy}, nil
}

// Session is a freshly issued session token.
type Session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

type credentials struct {
	userID, username, unitID, country, hash string
	roles                                   []access.Role
	unitKind                                access.UnitKind
	failed                                  int
	lockedUntil                             sql.NullInt64
	disabled                                bool
}

func (a *Authenticator) loadCredentials(ctx context.Context, username string) (credentials, error) {
	var (
		c                          credentials
		country                    sql.NullString
		roles                      string
		userDisabled, unitDisabled sql.NullInt64
	)
	err := a.cfg.DB.QueryRow(ctx, `SELECT u.id, u.username, u.unit_id, u.country, u.roles, u.password_hash, u.failed_logins, u.locked_until, u.disabled_at, un.kind, un.disabled_at
		FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = ?`, username).
		Scan(&c.userID, &c.username, &c.unitID, &country, &roles, &c.hash, &c.failed, &c.lockedUntil, &userDisabled, &c.unitKind, &unitDisabled)
	if err != nil {
		return credentials{}, err
	}
	c.country = country.String
	c.roles = splitRoles(roles)
	c.disabled = userDisabled.Valid || unitDisabled.Valid
	return c, nil
}

// Login checks a username and password and issues a session token. Every
// attempt is audited (attempts on a locked account at most once a minute).
// After LockAfter consecutive failures the account is locked for LockFor,
// even against the right password; attempts sent in parallel cannot get
// round it, because each reserves its place before the password is checked.
func (a *Authenticator) Login(ctx context.Context, username, password string) (Session, error) {
	username = member.NormaliseUsername(username)
	switch {
	case username == "":
		return Session{}, fault.Field(fault.MissingField, "username", "username is required")
	case password == "":
		return Session{}, fault.Field(fault.MissingField, "password", "password is required")
	case len(username) > 64:
		return Session{}, fault.Field(fault.InvalidField, "username", "a username has at most 64 characters")
	case len(password) > member.MaxPasswordLen:
		return Session{}, fault.Field(fault.InvalidField, "password", "a password has at most %d bytes", member.MaxPasswordLen)
	}
	now := a.cfg.Clock.Now()
	c, err := a.loadCredentials(ctx, username)
	if errors.Is(err, sql.ErrNoRows) {
		_, _ = a.cfg.Hasher.Verify(ctx, password, a.dummyHash)
		return Session{}, a.failLogin(ctx, audit.Actor{Name: username}, "unknown_user")
	}
	if err != nil {
		return Session{}, fmt.Errorf("log in %s: %w", username, err)
	}
	actor := audit.Actor{ID: c.userID, Name: c.username, Country: c.country, UnitID: c.unitID, UnitKind: string(c.unitKind)}
	attempt, err := a.reserveAttempt(ctx, c.userID, now)
	if err != nil {
		return Session{}, err
	}
	if attempt == 0 {
		return Session{}, a.refuseLocked(ctx, actor, c, now)
	}
	ok, err := a.cfg.Hasher.Verify(ctx, password, c.hash)
	if err != nil {
		return Session{}, fmt.Errorf("check password of %s: %w", username, err)
	}
	if !ok {
		return Session{}, a.recordFailure(ctx, actor, attempt, now)
	}
	if c.disabled {
		return Session{}, a.failLogin(ctx, actor, "disabled")
	}
	return a.openSession(ctx, actor, c, now)
}

// reserveAttempt counts an attempt as failed before its password is checked
// (a success resets the count), unless the account is locked or LockAfter
// attempts are already counted. It returns the attempt's number, or 0 when
// the attempt is refused.
func (a *Authenticator) reserveAttempt(ctx context.Context, userID string, now time.Time) (int, error) {
	attempt := 0
	err := a.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `UPDATE users SET failed_logins = failed_logins + 1
			WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?) AND failed_logins < ?
			RETURNING failed_logins`, userID, store.Micros(now), a.cfg.LockAfter).Scan(&attempt)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("count login attempt: %w", err)
	}
	return attempt, nil
}

// refuseLocked answers an attempt on a locked account. It is audited at most
// once a minute per account, so that hammering a locked account cannot flood
// the log.
func (a *Authenticator) refuseLocked(ctx context.Context, actor audit.Actor, c credentials, now time.Time) error {
	until := now.Add(a.cfg.LockFor)
	if c.lockedUntil.Valid && store.Time(c.lockedUntil.Int64).After(now) {
		until = store.Time(c.lockedUntil.Int64)
	}
	if a.throttle.allow("locked/"+c.userID, now) {
		if _, err := a.cfg.Audit.Append(ctx, loginEntry(actor, audit.OutcomeDenied, string(fault.AccountLocked))); err != nil {
			return err
		}
	}
	return &LockedError{Until: until}
}

func loginEntry(actor audit.Actor, outcome audit.Outcome, reason string) audit.Entry {
	e := audit.Entry{Actor: actor, Action: "session.create", Outcome: outcome, Reason: reason}
	if actor.ID != "" {
		e.Resources = []string{actor.ID}
	}
	if actor.Country != "" {
		e.Subjects = []string{actor.Country}
	}
	return e
}

// failLogin audits a failed login and returns the one error every failure
// shows the caller, so that it cannot tell which part was wrong.
func (a *Authenticator) failLogin(ctx context.Context, actor audit.Actor, reason string) error {
	if _, err := a.cfg.Audit.Append(ctx, loginEntry(actor, audit.OutcomeFailure, reason)); err != nil {
		return err
	}
	return fault.New(fault.InvalidCredentials, "wrong username or password")
}

// recordFailure audits a wrong password; the attempt was already counted, and
// the one that reaches LockAfter locks the account.
func (a *Authenticator) recordFailure(ctx context.Context, actor audit.Actor, attempt int, now time.Time) error {
	err := a.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		e := loginEntry(actor, audit.OutcomeFailure, "wrong_password")
		if attempt >= a.cfg.LockAfter {
			until := now.Add(a.cfg.LockFor)
			if _, err := tx.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?`, store.Micros(until), actor.ID); err != nil {
				return fmt.Errorf("lock account: %w", err)
			}
			e.Details = map[string]string{"locked_until": until.Format(time.RFC3339), "failures": strconv.Itoa(attempt)}
		}
		return a.cfg.Audit.AppendTx(ctx, tx, e)
	})
	if err != nil {
		return fmt.Errorf("record failed login of %s: %w", actor.Name, err)
	}
	return fault.New(fault.InvalidCredentials, "wrong username or password")
}

func (a *Authenticator) openSession(ctx context.Context, actor audit.Actor, c credentials, now time.Time) (Session, error) {
	tokenID := a.cfg.IDs.New()
	bearer, digest, err := mintToken(tokenID)
	if err != nil {
		return Session{}, err
	}
	expires := now.Add(a.cfg.SessionTTL)
	err = a.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?`, store.Micros(now), c.userID); err != nil {
			return fmt.Errorf("reset failed logins: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO tokens (id, kind, secret_hash, user_id, unit_id, country, name, roles, scopes, created_at, created_by, expires_at)
			VALUES (?, 'session', ?, ?, ?, ?, ?, ?, '', ?, ?, ?)`,
			tokenID, digest, c.userID, c.unitID, store.NullString(c.country), "session of "+c.username, joinRoles(c.roles),
			store.Micros(now), c.userID, store.Micros(expires)); err != nil {
			return fmt.Errorf("store session: %w", err)
		}
		e := loginEntry(actor, audit.OutcomeSuccess, "")
		e.Resources = []string{c.userID, tokenID}
		return a.cfg.Audit.AppendTx(ctx, tx, e)
	})
	if err != nil {
		return Session{}, fmt.Errorf("open session for %s: %w", c.username, err)
	}
	return Session{Token: bearer, ExpiresAt: expires}, nil
}

// LockedError is returned by Login while an account is locked.
type LockedError struct {
	Until time.Time
}

func (e *LockedError) Error() string {
	return "account locked until " + e.Until.Format(time.RFC3339)
}

// LockedUntil is when the lock ends.
func (e *LockedError) LockedUntil() time.Time { return e.Until }

// Fault presents the lock as the API error.
func (e *LockedError) Fault() *fault.Error {
	return fault.New(fault.AccountLocked, "too many failed logins: the account is locked until %s", e.Until.Format(time.RFC3339))
}

// Logout ends the session the principal is using.
func (a *Authenticator) Logout(ctx context.Context, p access.Principal) error {
	if p.Token {
		return fault.New(fault.Conflict, "an API token is revoked, not logged out")
	}
	now := a.cfg.Clock.Now()
	err := a.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL`, store.Micros(now), p.ID, p.Credential); err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		return a.cfg.Audit.AppendTx(ctx, tx, audit.Entry{
			Actor: audit.ActorOf(p), Action: "session.delete", Resources: []string{p.Credential},
			Outcome: audit.OutcomeSuccess, Subjects: subjectsOf(p.Country),
		})
	})
	if err == nil {
		a.Forget()
	}
	return err
}

func subjectsOf(country string) []string {
	if country == "" {
		return nil
	}
	return []string{country}
}
