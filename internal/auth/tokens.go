package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Limits on API token lifetimes: a system client's credential must be renewed
// at least yearly; without a date it lasts 90 days.
const (
	DefaultTokenTTL = 90 * 24 * time.Hour
	MaxTokenTTL     = 366 * 24 * time.Hour
)

// Token is an API token as listed: everything but its secret.
type Token struct {
	ID         string         `json:"id"`
	Name       string         `json:"name"`
	UnitID     string         `json:"unit_id"`
	Country    string         `json:"country,omitempty"`
	Roles      []access.Role  `json:"roles"`
	Scopes     []access.Scope `json:"scopes"`
	CreatedAt  time.Time      `json:"created_at"`
	CreatedBy  string         `json:"created_by"`
	ExpiresAt  time.Time      `json:"expires_at"`
	RevokedAt  *time.Time     `json:"revoked_at,omitempty"`
	LastUsedAt *time.Time     `json:"last_used_at,omitempty"`
}

// IssuedToken is a token just created, with its bearer secret (shown once).
type IssuedToken struct {
	Token
	Secret string `json:"token"`
}

// NewToken is a request for an API token for a system client of a unit.
type NewToken struct {
	Name      string         `json:"name"`
	UnitID    string         `json:"unit_id"`
	Roles     []access.Role  `json:"roles"`
	Scopes    []access.Scope `json:"scopes"`
	ExpiresAt *time.Time     `json:"expires_at"`
}

func (a *Authenticator) validateToken(n *NewToken, unit member.Unit, now time.Time) error {
	name := strings.TrimSpace(n.Name)
	if name == "" {
		return fault.Field(fault.MissingField, "name", "name is required")
	}
	if len(name) > 200 {
		return fault.Field(fault.InvalidField, "name", "name must be at most 200 characters")
	}
	n.Name = name
	if unit.Disabled() {
		return fault.Field(fault.InvalidField, "unit_id", "unit %s is disabled", unit.ID)
	}
	if unit.Kind.NetworkWide() {
		return fault.Field(fault.InvalidField, "unit_id", "API tokens serve a bureau's systems, not the %s", unit.Kind)
	}
	if len(n.Roles) == 0 {
		return fault.Field(fault.MissingField, "roles", "at least one role is required")
	}
	for _, r := range n.Roles {
		if !slices.Contains(access.TokenRoles, r) {
			return fault.Field(fault.InvalidField, "roles", "a token may carry the roles officer, border-officer, analyst, supervisor or dpo, not %q", r)
		}
		if !access.RoleAllowedInUnit(r, unit.Kind) {
			return fault.Field(fault.RoleNotAllowedForUnit, "roles", "role %s cannot be held in a unit of kind %s", r, unit.Kind)
		}
	}
	if len(n.Scopes) == 0 {
		return fault.Field(fault.MissingField, "scopes", "at least one scope is required")
	}
	for _, s := range n.Scopes {
		if !s.Valid() {
			return fault.Field(fault.InvalidField, "scopes", "unknown scope %q", s)
		}
	}
	n.Roles, n.Scopes = dedupSorted(n.Roles), dedupSorted(n.Scopes)
	if n.ExpiresAt == nil {
		t := now.Add(DefaultTokenTTL)
		n.ExpiresAt = &t
	}
	if !n.ExpiresAt.After(now) {
		return fault.Field(fault.InvalidField, "expires_at", "expires_at must be in the future")
	}
	if n.ExpiresAt.Sub(now) > MaxTokenTTL {
		return fault.Field(fault.InvalidField, "expires_at", "a token lives at most a year")
	}
	return nil
}

func dedupSorted[T ~string](in []T) []T {
	out := slices.Clone(in)
	slices.Sort(out)
	return slices.Compact(out)
}

// CreateToken issues an API token for a unit of the principal's bureau. The
// returned secret is never shown again.
func (a *Authenticator) CreateToken(ctx context.Context, p access.Principal, n NewToken) (IssuedToken, error) {
	if n.UnitID == "" {
		return IssuedToken{}, fault.Field(fault.MissingField, "unit_id", "unit_id is required")
	}
	if !id.Valid(n.UnitID) {
		return IssuedToken{}, fault.Field(fault.InvalidField, "unit_id", "%q is not a unit ID", n.UnitID)
	}
	unit, err := member.GetUnit(ctx, a.cfg.DB, n.UnitID)
	if fault.CodeOf(err) == fault.NotFound {
		return IssuedToken{}, fault.Field(fault.InvalidField, "unit_id", "no unit %s", n.UnitID)
	}
	if err != nil {
		return IssuedToken{}, err
	}
	if err := a.cfg.Audit.Authorize(ctx, p, access.TokenCreate, access.Resource{Country: unit.Country}, "", unit.ID); err != nil {
		return IssuedToken{}, err
	}
	now := a.cfg.Clock.Now()
	if err := a.validateToken(&n, unit, now); err != nil {
		return IssuedToken{}, err
	}
	if err := member.EnforceGrants(ctx, a.cfg.Audit, p, access.TokenCreate, unit.Country, n.Roles, unit.ID); err != nil {
		return IssuedToken{}, err
	}
	for _, sc := range n.Scopes {
		if d := access.MayGrantScope(p, sc); !d.Allowed {
			if _, err := a.cfg.Audit.Append(ctx, audit.Entry{
				Actor: audit.ActorOf(p), Action: string(access.TokenCreate), Resources: []string{unit.ID}, Outcome: audit.OutcomeDenied,
				Reason: string(d.Reason), Subjects: subjectsOf(unit.Country), Details: map[string]string{"scope": string(sc)},
			}); err != nil {
				return IssuedToken{}, err
			}
			return IssuedToken{}, d.Err()
		}
	}
	t := Token{
		ID: a.cfg.IDs.New(), Name: n.Name, UnitID: unit.ID, Country: unit.Country, Roles: n.Roles, Scopes: n.Scopes,
		CreatedAt: now, CreatedBy: p.ID, ExpiresAt: n.ExpiresAt.UTC(),
	}
	bearer, digest, err := mintToken(t.ID)
	if err != nil {
		return IssuedToken{}, err
	}
	err = a.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO tokens (id, kind, secret_hash, unit_id, country, name, roles, scopes, created_at, created_by, expires_at)
			VALUES (?, 'api', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, digest, t.UnitID, store.NullString(t.Country), t.Name, joinRoles(t.Roles), joinScopes(t.Scopes),
			store.Micros(now), t.CreatedBy, store.Micros(t.ExpiresAt)); err != nil {
			return fmt.Errorf("store token: %w", err)
		}
		return a.cfg.Audit.AppendTx(ctx, tx, audit.Entry{
			Actor: audit.ActorOf(p), Action: string(access.TokenCreate), Resources: []string{t.ID, t.UnitID},
			Outcome: audit.OutcomeSuccess, Subjects: subjectsOf(t.Country),
			Details: map[string]string{"name": t.Name, "roles": joinRoles(t.Roles), "scopes": joinScopes(t.Scopes), "expires_at": t.ExpiresAt.Format(time.RFC3339)},
		})
	})
	if err != nil {
		return IssuedToken{}, fmt.Errorf("create token: %w", err)
	}
	return IssuedToken{Token: t, Secret: bearer}, nil
}

func joinScopes(scopes []access.Scope) string {
	s := make([]string, len(scopes))
	for i, sc := range scopes {
		s[i] = string(sc)
	}
	return strings.Join(s, ",")
}

const tokenColumns = `id, name, unit_id, country, roles, scopes, created_at, created_by, expires_at, revoked_at, last_used_at`

func scanToken(s interface{ Scan(...any) error }) (Token, error) {
	var (
		t                 Token
		country           sql.NullString
		roles, scopes     string
		created, expires  int64
		revoked, lastUsed sql.NullInt64
	)
	if err := s.Scan(&t.ID, &t.Name, &t.UnitID, &country, &roles, &scopes, &created, &t.CreatedBy, &expires, &revoked, &lastUsed); err != nil {
		return Token{}, err
	}
	t.Country = country.String
	t.Roles = splitRoles(roles)
	for _, sc := range splitNonEmpty(scopes) {
		t.Scopes = append(t.Scopes, access.Scope(sc))
	}
	t.CreatedAt, t.ExpiresAt = store.Time(created), store.Time(expires)
	if revoked.Valid {
		r := store.Time(revoked.Int64)
		t.RevokedAt = &r
	}
	if lastUsed.Valid {
		l := store.Time(lastUsed.Int64)
		t.LastUsedAt = &l
	}
	return t, nil
}

// Tokens lists a bureau's API tokens (never their secrets), in ID order.
func (a *Authenticator) Tokens(ctx context.Context, p access.Principal, country string, page member.Page) ([]Token, error) {
	if country != "" && !member.ValidISO3(country) {
		return nil, fault.Field(fault.BadParameter, "country", "%q is not an ISO 3166-1 alpha-3 code", country)
	}
	if err := a.cfg.Audit.Authorize(ctx, p, access.TokenRead, access.Resource{Country: country}, ""); err != nil {
		return nil, err
	}
	var (
		rows *sql.Rows
		err  error
	)
	if country == "" {
		rows, err = a.cfg.DB.Query(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE kind = 'api' AND country IS NULL AND id > ? ORDER BY id LIMIT ?`, page.After, page.Limit)
	} else {
		rows, err = a.cfg.DB.Query(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE kind = 'api' AND country = ? AND id > ? ORDER BY id LIMIT ?`, country, page.After, page.Limit)
	}
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes an API token of the principal's bureau at once.
func (a *Authenticator) RevokeToken(ctx context.Context, p access.Principal, tokenID string) (Token, error) {
	t, err := scanToken(a.cfg.DB.QueryRow(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE id = ? AND kind = 'api'`, tokenID))
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, fault.New(fault.NotFound, "no API token %s", tokenID)
	}
	if err != nil {
		return Token{}, fmt.Errorf("load token %s: %w", tokenID, err)
	}
	if err := a.cfg.Audit.Authorize(ctx, p, access.TokenRevoke, access.Resource{Country: t.Country}, "", t.ID); err != nil {
		return Token{}, err
	}
	if t.RevokedAt != nil {
		return t, nil
	}
	now := a.cfg.Clock.Now()
	err = a.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL`, store.Micros(now), p.ID, t.ID); err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		return a.cfg.Audit.AppendTx(ctx, tx, audit.Entry{
			Actor: audit.ActorOf(p), Action: string(access.TokenRevoke), Resources: []string{t.ID},
			Outcome: audit.OutcomeSuccess, Subjects: subjectsOf(t.Country),
		})
	})
	if err != nil {
		return Token{}, fmt.Errorf("revoke token %s: %w", t.ID, err)
	}
	a.Forget()
	t.RevokedAt = &now
	return t, nil
}
