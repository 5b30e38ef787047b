package member

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Lists of roles and databases are kept as comma-separated text: their
// members are fixed tokens that never contain a comma.

func joinList[T ~string](items []T) string {
	s := make([]string, len(items))
	for i, it := range items {
		s[i] = string(it)
	}
	return strings.Join(s, ",")
}

func splitList[T ~string](s string) []T {
	if s == "" {
		return []T{}
	}
	parts := strings.Split(s, ",")
	out := make([]T, len(parts))
	for i, p := range parts {
		out[i] = T(p)
	}
	return out
}

const countryColumns = `iso3, iso2, name, region`

// GetCountry loads one member country.
func GetCountry(ctx context.Context, c store.Conn, iso3 string) (Country, error) {
	var m Country
	err := c.QueryRow(ctx, `SELECT `+countryColumns+` FROM members WHERE iso3 = ?`, iso3).Scan(&m.ISO3, &m.ISO2, &m.Name, &m.Region)
	if errors.Is(err, sql.ErrNoRows) {
		return Country{}, fault.New(fault.NotFound, "no member country %s", iso3)
	}
	if err != nil {
		return Country{}, fmt.Errorf("load member %s: %w", iso3, err)
	}
	return m, nil
}

// ListCountries lists member countries in ISO3 order.
func ListCountries(ctx context.Context, c store.Conn, p Page) ([]Country, error) {
	rows, err := c.Query(ctx, `SELECT `+countryColumns+` FROM members WHERE iso3 > ? ORDER BY iso3 LIMIT ?`, p.After, p.Limit)
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	defer rows.Close()
	out := []Country{}
	for rows.Next() {
		var m Country
		if err := rows.Scan(&m.ISO3, &m.ISO2, &m.Name, &m.Region); err != nil {
			return nil, fmt.Errorf("list members: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

const unitColumns = `id, country, kind, name, databases, created_at, created_by, disabled_at`

func scanUnit(s interface{ Scan(...any) error }) (Unit, error) {
	var (
		u        Unit
		country  sql.NullString
		dbs      string
		created  int64
		disabled sql.NullInt64
	)
	if err := s.Scan(&u.ID, &country, &u.Kind, &u.Name, &dbs, &created, &u.CreatedBy, &disabled); err != nil {
		return Unit{}, err
	}
	u.Country = country.String
	u.Databases = splitList[string](dbs)
	u.CreatedAt = store.Time(created)
	u.DisabledAt = store.TimeOf(disabled)
	return u, nil
}

// InsertUnit stores a new unit.
func InsertUnit(ctx context.Context, c store.Conn, u Unit) error {
	_, err := c.Exec(ctx, `INSERT INTO units (`+unitColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, store.NullString(u.Country), string(u.Kind), u.Name, joinList(u.Databases), store.Micros(u.CreatedAt), u.CreatedBy, store.NullMicrosOf(u.DisabledAt))
	if err != nil {
		return fmt.Errorf("insert unit %s: %w", u.ID, err)
	}
	return nil
}

// GetUnit loads one unit.
func GetUnit(ctx context.Context, c store.Conn, id string) (Unit, error) {
	u, err := scanUnit(c.QueryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Unit{}, fault.New(fault.NotFound, "no unit %s", id)
	}
	if err != nil {
		return Unit{}, fmt.Errorf("load unit %s: %w", id, err)
	}
	return u, nil
}

// NCBOf loads the NCB unit of a member country.
func NCBOf(ctx context.Context, c store.Conn, iso3 string) (Unit, error) {
	u, err := scanUnit(c.QueryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE country = ? AND kind = ?`, iso3, string(access.KindNCB)))
	if errors.Is(err, sql.ErrNoRows) {
		return Unit{}, fault.New(fault.NotFound, "no NCB for %s", iso3)
	}
	if err != nil {
		return Unit{}, fmt.Errorf("load NCB of %s: %w", iso3, err)
	}
	return u, nil
}

// BodyUnit loads the network-wide unit of kind k (secretariat or oversight).
func BodyUnit(ctx context.Context, c store.Conn, k access.UnitKind) (Unit, error) {
	u, err := scanUnit(c.QueryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE kind = ? AND country IS NULL`, string(k)))
	if errors.Is(err, sql.ErrNoRows) {
		return Unit{}, fault.New(fault.NotFound, "no %s unit", k)
	}
	if err != nil {
		return Unit{}, fmt.Errorf("load %s unit: %w", k, err)
	}
	return u, nil
}

// ListUnits lists the units of a country (empty country: the network-wide
// bodies) in ID order.
func ListUnits(ctx context.Context, c store.Conn, country string, p Page) ([]Unit, error) {
	var (
		rows *sql.Rows
		err  error
	)
	if country == "" {
		rows, err = c.Query(ctx, `SELECT `+unitColumns+` FROM units WHERE country IS NULL AND id > ? ORDER BY id LIMIT ?`, p.After, p.Limit)
	} else {
		rows, err = c.Query(ctx, `SELECT `+unitColumns+` FROM units WHERE country = ? AND id > ? ORDER BY id LIMIT ?`, country, p.After, p.Limit)
	}
	if err != nil {
		return nil, fmt.Errorf("list units of %q: %w", country, err)
	}
	defer rows.Close()
	out := []Unit{}
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, fmt.Errorf("list units of %q: %w", country, err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetUnitDisabled marks a unit disabled at the given time.
func SetUnitDisabled(ctx context.Context, c store.Conn, id string, at int64) error {
	if _, err := c.Exec(ctx, `UPDATE units SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL`, at, id); err != nil {
		return fmt.Errorf("disable unit %s: %w", id, err)
	}
	return nil
}

const userColumns = `id, username, unit_id, country, roles, created_at, created_by, last_login_at, disabled_at`

func scanUser(s interface{ Scan(...any) error }) (User, error) {
	var (
		u         User
		country   sql.NullString
		roles     string
		created   int64
		lastLogin sql.NullInt64
		disabled  sql.NullInt64
	)
	if err := s.Scan(&u.ID, &u.Username, &u.UnitID, &country, &roles, &created, &u.CreatedBy, &lastLogin, &disabled); err != nil {
		return User{}, err
	}
	u.Country = country.String
	u.Roles = splitList[access.Role](roles)
	u.CreatedAt = store.Time(created)
	u.LastLoginAt = store.TimeOf(lastLogin)
	u.DisabledAt = store.TimeOf(disabled)
	return u, nil
}

// InsertUser stores a new user with its password hash.
func InsertUser(ctx context.Context, c store.Conn, u User, passwordHash string) error {
	_, err := c.Exec(ctx, `INSERT INTO users (id, username, unit_id, country, roles, password_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Username, u.UnitID, store.NullString(u.Country), joinList(u.Roles), passwordHash, store.Micros(u.CreatedAt), u.CreatedBy)
	if err != nil {
		return fmt.Errorf("insert user %s: %w", u.Username, err)
	}
	return nil
}

// GetUser loads one user.
func GetUser(ctx context.Context, c store.Conn, id string) (User, error) {
	u, err := scanUser(c.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fault.New(fault.NotFound, "no user %s", id)
	}
	if err != nil {
		return User{}, fmt.Errorf("load user %s: %w", id, err)
	}
	return u, nil
}

// UsernameTaken reports whether a username is in use.
func UsernameTaken(ctx context.Context, c store.Conn, username string) (bool, error) {
	var n int
	if err := c.QueryRow(ctx, `SELECT count(*) FROM users WHERE username = ?`, username).Scan(&n); err != nil {
		return false, fmt.Errorf("look up username: %w", err)
	}
	return n > 0, nil
}

// UserFilter selects the users of a listing.
type UserFilter struct {
	// Country selects a bureau's users; empty selects the network-wide bodies'.
	Country string
	// UnitID, when set, narrows to one unit.
	UnitID string
}

// ListUsers lists users in ID order.
func ListUsers(ctx context.Context, c store.Conn, f UserFilter, p Page) ([]User, error) {
	q := `SELECT ` + userColumns + ` FROM users WHERE `
	var args []any
	if f.Country == "" {
		q += `country IS NULL`
	} else {
		q += `country = ?`
		args = append(args, f.Country)
	}
	if f.UnitID != "" {
		q += ` AND unit_id = ?`
		args = append(args, f.UnitID)
	}
	q += ` AND id > ? ORDER BY id LIMIT ?`
	args = append(args, p.After, p.Limit)
	rows, err := c.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetUserDisabled marks a user disabled and ends its sessions.
func SetUserDisabled(ctx context.Context, c store.Conn, id string, at int64, by string) error {
	if _, err := c.Exec(ctx, `UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL`, at, id); err != nil {
		return fmt.Errorf("disable user %s: %w", id, err)
	}
	if _, err := c.Exec(ctx, `UPDATE tokens SET revoked_at = ?, revoked_by = ? WHERE user_id = ? AND kind = 'session' AND revoked_at IS NULL`, at, by, id); err != nil {
		return fmt.Errorf("end sessions of user %s: %w", id, err)
	}
	return nil
}

// HasActiveUserWithRole reports whether any enabled user holds role r.
func HasActiveUserWithRole(ctx context.Context, c store.Conn, r access.Role) (bool, error) {
	var n int
	err := c.QueryRow(ctx, `SELECT count(*) FROM users WHERE disabled_at IS NULL AND (',' || roles || ',') LIKE ?`, "%,"+string(r)+",%").Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look for users with role %s: %w", r, err)
	}
	return n > 0, nil
}
