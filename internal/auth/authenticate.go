package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

// lastUsedEvery limits how often a token's last-use time is written, so that
// a busy client does not turn every request into a write.
const lastUsedEvery = time.Minute

// CacheFor is how long a token, once checked against the store, is taken
// without asking the store again (every request asks for it: a border
// desk's system sends thousands a second). A revocation or a disabled user
// or unit takes effect at once on the node that made it (Forget) and within
// CacheFor on the others.
const CacheFor = time.Second

// cached is a token as last checked: its digest, the principal and until
// when it may be taken, and the generation of the cache it belongs to.
type cached struct {
	digest    []byte
	principal access.Principal
	until     time.Time
	gen       uint64
}

// Forget drops every cached token: called after anything that revokes a
// credential on this node commits.
func (a *Authenticator) Forget() { a.generation.Add(1) }

// Authenticate turns a bearer token into the principal it stands for. It
// refuses a token that is malformed, unknown, wrong, expired or revoked, or
// whose user or unit is disabled, each with its own code.
func (a *Authenticator) Authenticate(ctx context.Context, bearer string) (access.Principal, error) {
	if bearer == "" {
		return access.Principal{}, fault.New(fault.Unauthenticated, "send a bearer token in the Authorization header")
	}
	tokenID, digest, ok := parseToken(bearer)
	if !ok {
		return access.Principal{}, fault.New(fault.InvalidToken, "the bearer token is not valid")
	}
	now := a.cfg.Clock.Now()
	// The generation is read before the store: a revocation that commits
	// while the store is read makes what is cached here stale at once.
	gen := a.generation.Load()
	if v, ok := a.cache.Load(tokenID); ok {
		c := v.(cached)
		if c.gen == gen && now.Before(c.until) && sameDigest(c.digest, digest) {
			return c.principal, nil
		}
	}
	p, until, err := a.check(ctx, tokenID, digest, now)
	if err != nil {
		return access.Principal{}, err
	}
	if limit := now.Add(CacheFor); limit.Before(until) {
		until = limit
	}
	a.remember(tokenID, cached{digest: digest, principal: p, until: until, gen: gen}, now)
	return p, nil
}

// remember caches a checked token, and now and then drops the expired ones.
func (a *Authenticator) remember(tokenID string, c cached, now time.Time) {
	a.cache.Store(tokenID, c)
	if a.stores.Add(1)%1024 == 0 {
		a.cache.Range(func(k, v any) bool {
			if !now.Before(v.(cached).until) {
				a.cache.Delete(k)
			}
			return true
		})
	}
}

// check asks the store about a token, as Authenticate describes, and
// returns its principal and expiry.
func (a *Authenticator) check(ctx context.Context, tokenID string, digest []byte, now time.Time) (access.Principal, time.Time, error) {
	var (
		kind, unitID, name, tokenRoles, scopes, unitKind, databases string
		stored                                                      []byte
		userID, country, username, userRoles                        sql.NullString
		expires                                                     int64
		revoked, lastUsed, unitDisabled, userDisabled               sql.NullInt64
	)
	stmt, err := a.tokenQuery(ctx)
	if err != nil {
		return access.Principal{}, time.Time{}, err
	}
	err = stmt.QueryRow(ctx, tokenID).
		Scan(&kind, &stored, &userID, &unitID, &name, &tokenRoles, &scopes, &expires, &revoked, &lastUsed,
			&country, &unitKind, &databases, &unitDisabled, &username, &userRoles, &userDisabled)
	if errors.Is(err, sql.ErrNoRows) {
		return access.Principal{}, time.Time{}, fault.New(fault.InvalidToken, "the bearer token is not valid")
	}
	if err != nil {
		return access.Principal{}, time.Time{}, fmt.Errorf("load token %s: %w", tokenID, err)
	}
	var refusal *fault.Error
	switch {
	case !sameDigest(stored, digest):
		refusal = fault.New(fault.InvalidToken, "the bearer token is not valid")
	case revoked.Valid:
		refusal = fault.New(fault.TokenRevoked, "the bearer token has been revoked")
	case !now.Before(store.Time(expires)):
		refusal = fault.New(fault.TokenExpired, "the bearer token has expired")
	case unitDisabled.Valid || userDisabled.Valid:
		refusal = fault.New(fault.InvalidToken, "the account or its unit is disabled")
	}
	if refusal != nil {
		// Someone holds (or guessed the ID of) a real credential that no
		// longer works: worth the owner's attention, at most once a minute.
		if a.throttle.allow("token/"+tokenID, now) {
			actor := audit.Actor{ID: tokenID, Name: name, Token: kind != "session", Country: country.String, UnitID: unitID, UnitKind: unitKind}
			if kind == "session" {
				actor.ID, actor.Name = userID.String, username.String
			}
			if _, err := a.cfg.Audit.Append(ctx, audit.Entry{
				Actor: actor, Action: "token.use", Resources: []string{tokenID}, Outcome: audit.OutcomeDenied,
				Reason: string(refusal.Code), Subjects: subjectsOf(country.String),
			}); err != nil {
				return access.Principal{}, time.Time{}, err
			}
		}
		return access.Principal{}, time.Time{}, refusal
	}
	p := access.Principal{
		Credential: tokenID,
		Country:    country.String,
		UnitID:     unitID,
		UnitKind:   access.UnitKind(unitKind),
		Databases:  splitNonEmpty(databases),
	}
	if kind == "session" {
		p.ID, p.Name, p.Roles = userID.String, username.String, splitRoles(userRoles.String)
	} else {
		p.ID, p.Name, p.Token = tokenID, name, true
		p.Roles = splitRoles(tokenRoles)
		for _, s := range splitNonEmpty(scopes) {
			p.Scopes = append(p.Scopes, access.Scope(s))
		}
	}
	if !lastUsed.Valid || now.Sub(store.Time(lastUsed.Int64)) >= lastUsedEvery {
		if _, err := a.cfg.DB.Exec(ctx, `UPDATE tokens SET last_used_at = ? WHERE id = ?`, store.Micros(now), tokenID); err != nil {
			a.cfg.Logger.WarnContext(ctx, "record token use", "token", tokenID, "err", err)
		}
	}
	return p, store.Time(expires), nil
}

// tokenQuery is the query of every request, prepared once.
func (a *Authenticator) tokenQuery(ctx context.Context) (*store.ReadStmt, error) {
	if s := a.byToken.Load(); s != nil {
		return s, nil
	}
	a.prepare.Lock()
	defer a.prepare.Unlock()
	if s := a.byToken.Load(); s != nil {
		return s, nil
	}
	s, err := a.cfg.DB.PrepareRead(ctx, `SELECT t.kind, t.secret_hash, t.user_id, t.unit_id, t.name, t.roles, t.scopes, t.expires_at, t.revoked_at, t.last_used_at,
			un.country, un.kind, un.databases, un.disabled_at, u.username, u.roles, u.disabled_at
		FROM tokens t JOIN units un ON un.id = t.unit_id LEFT JOIN users u ON u.id = t.user_id
		WHERE t.id = ?`)
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	a.byToken.Store(s)
	return s, nil
}

// Close releases the prepared query.
func (a *Authenticator) Close() error {
	a.prepare.Lock()
	defer a.prepare.Unlock()
	if s := a.byToken.Swap(nil); s != nil {
		return s.Close()
	}
	return nil
}

func splitNonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func splitRoles(s string) []access.Role {
	var out []access.Role
	for _, r := range splitNonEmpty(s) {
		out = append(out, access.Role(r))
	}
	return out
}

func joinRoles(roles []access.Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}
