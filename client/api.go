package client

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Session is a session token from Login.
type Session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Me describes the caller.
type Me struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Kind      string   `json:"kind"`
	Country   string   `json:"country,omitempty"`
	UnitID    string   `json:"unit_id"`
	UnitKind  string   `json:"unit_kind"`
	Roles     []string `json:"roles"`
	Scopes    []string `json:"scopes,omitempty"`
	Databases []string `json:"databases,omitempty"`
}

// Member is a member country.
type Member struct {
	ISO3   string `json:"iso3"`
	ISO2   string `json:"iso2"`
	Name   string `json:"name"`
	Region string `json:"region"`
}

// Unit is a unit of a bureau, or a network-wide body.
type Unit struct {
	ID         string     `json:"id"`
	Country    string     `json:"country,omitempty"`
	Kind       string     `json:"kind"`
	Name       string     `json:"name"`
	Databases  []string   `json:"databases"`
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  string     `json:"created_by"`
	DisabledAt *time.Time `json:"disabled_at,omitempty"`
}

// NewUnit asks for a unit.
type NewUnit struct {
	Country   string   `json:"country"`
	Kind      string   `json:"kind"`
	Name      string   `json:"name"`
	Databases []string `json:"databases,omitempty"`
}

// User is a user account.
type User struct {
	ID          string     `json:"id"`
	Username    string     `json:"username"`
	UnitID      string     `json:"unit_id"`
	Country     string     `json:"country,omitempty"`
	Roles       []string   `json:"roles"`
	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   string     `json:"created_by"`
	LastLoginAt *time.Time `json:"last_login_at,omitempty"`
	DisabledAt  *time.Time `json:"disabled_at,omitempty"`
}

// NewUser asks for a user.
type NewUser struct {
	Username string   `json:"username"`
	Password string   `json:"password"`
	UnitID   string   `json:"unit_id"`
	Roles    []string `json:"roles"`
}

// Token is an API token as listed (without its secret).
type Token struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	UnitID     string     `json:"unit_id"`
	Country    string     `json:"country,omitempty"`
	Roles      []string   `json:"roles"`
	Scopes     []string   `json:"scopes"`
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  string     `json:"created_by"`
	ExpiresAt  time.Time  `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// IssuedToken is a new API token with its bearer secret, shown once.
type IssuedToken struct {
	Token
	Secret string `json:"token"`
}

// NewToken asks for an API token.
type NewToken struct {
	Name      string     `json:"name"`
	UnitID    string     `json:"unit_id"`
	Roles     []string   `json:"roles"`
	Scopes    []string   `json:"scopes"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// AuditActor is who did what an audit entry records.
type AuditActor struct {
	ID       string `json:"id,omitempty"`
	Name     string `json:"name"`
	Token    bool   `json:"token,omitempty"`
	Country  string `json:"country,omitempty"`
	UnitID   string `json:"unit_id,omitempty"`
	UnitKind string `json:"unit_kind,omitempty"`
}

// AuditEntry is one entry of the audit log.
type AuditEntry struct {
	Seq       int64             `json:"seq"`
	ID        string            `json:"id"`
	Time      time.Time         `json:"time"`
	Actor     AuditActor        `json:"actor"`
	Action    string            `json:"action"`
	Resources []string          `json:"resources,omitempty"`
	Purpose   string            `json:"purpose,omitempty"`
	Outcome   string            `json:"outcome"`
	Reason    string            `json:"reason,omitempty"`
	Subjects  []string          `json:"subjects,omitempty"`
	Details   map[string]string `json:"details,omitempty"`
}

// AuditQuery filters audit entries; zero fields do not filter.
type AuditQuery struct {
	Country, Action, Actor, Resource, Outcome string
	Since, Until                              time.Time
}

// Login logs in and, on success, uses the session token for later calls.
func (c *Client) Login(ctx context.Context, username, password string) (Session, error) {
	var s Session
	err := c.do(ctx, "POST", "/api/v1/sessions", nil, map[string]string{"username": username, "password": password}, &s)
	if err == nil {
		c.token = s.Token
	}
	return s, err
}

// Logout ends the current session.
func (c *Client) Logout(ctx context.Context) error {
	return c.do(ctx, "DELETE", "/api/v1/sessions/current", nil, nil, nil)
}

// Me describes the caller.
func (c *Client) Me(ctx context.Context) (Me, error) {
	var m Me
	return m, c.do(ctx, "GET", "/api/v1/me", nil, nil, &m)
}

// Members lists member countries.
func (c *Client) Members(ctx context.Context, o ListOptions) (Page[Member], error) {
	var p Page[Member]
	return p, c.do(ctx, "GET", "/api/v1/members", o.values(nil), nil, &p)
}

// Member returns one member country.
func (c *Client) Member(ctx context.Context, iso3 string) (Member, error) {
	var m Member
	return m, c.do(ctx, "GET", "/api/v1/members/"+url.PathEscape(iso3), nil, nil, &m)
}

func countryQuery(country string) url.Values {
	q := url.Values{}
	if country != "" {
		q.Set("country", country)
	}
	return q
}

// Units lists a bureau's units ("" for the caller's own).
func (c *Client) Units(ctx context.Context, country string, o ListOptions) (Page[Unit], error) {
	var p Page[Unit]
	return p, c.do(ctx, "GET", "/api/v1/units", o.values(countryQuery(country)), nil, &p)
}

// CreateUnit creates a unit.
func (c *Client) CreateUnit(ctx context.Context, n NewUnit) (Unit, error) {
	var u Unit
	return u, c.do(ctx, "POST", "/api/v1/units", nil, n, &u)
}

// Unit returns one unit.
func (c *Client) Unit(ctx context.Context, id string) (Unit, error) {
	var u Unit
	return u, c.do(ctx, "GET", "/api/v1/units/"+url.PathEscape(id), nil, nil, &u)
}

// DisableUnit disables a unit.
func (c *Client) DisableUnit(ctx context.Context, id string) (Unit, error) {
	var u Unit
	return u, c.do(ctx, "POST", "/api/v1/units/"+url.PathEscape(id)+"/disable", nil, nil, &u)
}

// Users lists a bureau's users ("" for the caller's own), or one unit's.
func (c *Client) Users(ctx context.Context, country, unitID string, o ListOptions) (Page[User], error) {
	q := countryQuery(country)
	if unitID != "" {
		q.Set("unit", unitID)
	}
	var p Page[User]
	return p, c.do(ctx, "GET", "/api/v1/users", o.values(q), nil, &p)
}

// CreateUser creates a user.
func (c *Client) CreateUser(ctx context.Context, n NewUser) (User, error) {
	var u User
	return u, c.do(ctx, "POST", "/api/v1/users", nil, n, &u)
}

// User returns one user.
func (c *Client) User(ctx context.Context, id string) (User, error) {
	var u User
	return u, c.do(ctx, "GET", "/api/v1/users/"+url.PathEscape(id), nil, nil, &u)
}

// DisableUser disables a user and ends its sessions.
func (c *Client) DisableUser(ctx context.Context, id string) (User, error) {
	var u User
	return u, c.do(ctx, "POST", "/api/v1/users/"+url.PathEscape(id)+"/disable", nil, nil, &u)
}

// Tokens lists a bureau's API tokens ("" for the caller's own).
func (c *Client) Tokens(ctx context.Context, country string, o ListOptions) (Page[Token], error) {
	var p Page[Token]
	return p, c.do(ctx, "GET", "/api/v1/tokens", o.values(countryQuery(country)), nil, &p)
}

// CreateToken issues an API token; keep its Secret, it is not shown again.
func (c *Client) CreateToken(ctx context.Context, n NewToken) (IssuedToken, error) {
	var t IssuedToken
	return t, c.do(ctx, "POST", "/api/v1/tokens", nil, n, &t)
}

// RevokeToken revokes an API token.
func (c *Client) RevokeToken(ctx context.Context, id string) (Token, error) {
	var t Token
	return t, c.do(ctx, "DELETE", "/api/v1/tokens/"+url.PathEscape(id), nil, nil, &t)
}

// AuditCheckpoint returns the latest signed checkpoint note, unverified;
// pass it to VerifyCheckpoint with the node's verifier key.
func (c *Client) AuditCheckpoint(ctx context.Context) ([]byte, error) {
	var b []byte
	return b, c.do(ctx, "GET", "/api/v1/audit/checkpoint", nil, nil, &b)
}

// AuditKey returns the verifier key the node says it signs with. Trust a key
// obtained out of band over this one: a node cannot vouch for itself.
func (c *Client) AuditKey(ctx context.Context) (string, error) {
	var b []byte
	if err := c.do(ctx, "GET", "/api/v1/audit/key", nil, nil, &b); err != nil {
		return "", err
	}
	return string(trimNewline(b)), nil
}

func trimNewline(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// AuditEntries lists audit entries, newest first.
func (c *Client) AuditEntries(ctx context.Context, a AuditQuery, o ListOptions) (Page[AuditEntry], error) {
	q := url.Values{}
	for k, v := range map[string]string{"country": a.Country, "action": a.Action, "actor": a.Actor, "resource": a.Resource, "outcome": a.Outcome} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if !a.Since.IsZero() {
		q.Set("since", a.Since.UTC().Format(time.RFC3339Nano))
	}
	if !a.Until.IsZero() {
		q.Set("until", a.Until.UTC().Format(time.RFC3339Nano))
	}
	var p Page[AuditEntry]
	return p, c.do(ctx, "GET", "/api/v1/audit/entries", o.values(q), nil, &p)
}

// AuditEntry returns one audit entry.
func (c *Client) AuditEntry(ctx context.Context, seq int64) (AuditEntry, error) {
	var e AuditEntry
	return e, c.do(ctx, "GET", "/api/v1/audit/entries/"+strconv.FormatInt(seq, 10), nil, nil, &e)
}

// InclusionProof fetches the proof that entry seq is in the tree of the given
// size (0: the latest). Check it with VerifyInclusion.
func (c *Client) InclusionProof(ctx context.Context, seq, size int64) (InclusionProof, error) {
	q := url.Values{"seq": {strconv.FormatInt(seq, 10)}}
	if size > 0 {
		q.Set("size", strconv.FormatInt(size, 10))
	}
	var p InclusionProof
	return p, c.do(ctx, "GET", "/api/v1/audit/proofs/inclusion", q, nil, &p)
}

// ConsistencyProof fetches the proof that the tree of size to extends the
// tree of size from. Check it with VerifyConsistency.
func (c *Client) ConsistencyProof(ctx context.Context, from, to int64) (ConsistencyProof, error) {
	q := url.Values{"from": {strconv.FormatInt(from, 10)}, "to": {strconv.FormatInt(to, 10)}}
	var p ConsistencyProof
	return p, c.do(ctx, "GET", "/api/v1/audit/proofs/consistency", q, nil, &p)
}

// Health checks that the node and its store answer.
func (c *Client) Health(ctx context.Context) error {
	var h struct {
		Status string `json:"status"`
	}
	if err := c.do(ctx, "GET", "/healthz", nil, nil, &h); err != nil {
		return err
	}
	if h.Status != "ok" {
		return fmt.Errorf("node health: %q", h.Status)
	}
	return nil
}

// OpenAPI returns the node's OpenAPI document.
func (c *Client) OpenAPI(ctx context.Context) (map[string]any, error) {
	var doc map[string]any
	return doc, c.do(ctx, "GET", "/api/v1/openapi.json", nil, nil, &doc)
}
