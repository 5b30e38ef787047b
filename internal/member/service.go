package member

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Hasher turns a password into a hash fit to store.
type Hasher interface {
	Hash(ctx context.Context, password string) (string, error)
}

// Auditor enforces the access decision and records audit entries, either at
// once or inside a transaction.
type Auditor interface {
	Authorize(ctx context.Context, p access.Principal, a access.Action, r access.Resource, purpose access.Purpose, resources ...string) error
	Append(ctx context.Context, entries ...audit.Entry) ([]audit.Entry, error)
	AppendTx(ctx context.Context, tx *store.Tx, entries ...audit.Entry) error
}

// Service manages members, units and users under the access decision.
type Service struct {
	db     *store.DB
	audit  Auditor
	hasher Hasher
	clock  clock.Clock
	ids    id.Source
	// revoked, when set, is told when a user or unit is disabled, so that
	// credentials cached from before stop working at once (auth.Forget).
	revoked func()
}

// OnRevoke sets what is told, after the commit, that a user or unit was
// disabled. Call it before the service is used.
func (s *Service) OnRevoke(f func()) { s.revoked = f }

func (s *Service) told() {
	if s.revoked != nil {
		s.revoked()
	}
}

// NewService returns a Service.
func NewService(db *store.DB, auditor Auditor, hasher Hasher, c clock.Clock, ids id.Source) *Service {
	return &Service{db: db, audit: auditor, hasher: hasher, clock: c, ids: ids}
}

// Password policy: long enough to resist guessing, short enough that hashing
// it cannot be used to exhaust the node.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 1024
)

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)

// NormaliseUsername returns the stored form of a username: trimmed, with
// ASCII letters in lower case. Only ASCII is folded, so that no other
// character (the Kelvin sign, say) can pass for a letter of a username.
func NormaliseUsername(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, strings.TrimSpace(s))
}

// EnforceGrants refuses, and audits the refusal of, action a by p when p
// may not grant (or take away) one of roles; the roles of a user or token
// are never more than its maker may give.
func EnforceGrants(ctx context.Context, log Auditor, p access.Principal, a access.Action, country string, roles []access.Role, resources ...string) error {
	for _, r := range roles {
		d := access.MayGrant(p, r)
		if d.Allowed {
			continue
		}
		if _, err := log.Append(ctx, audit.Entry{
			Actor: audit.ActorOf(p), Action: string(a), Resources: resources, Outcome: audit.OutcomeDenied,
			Reason: string(d.Reason), Subjects: subjects(country), Details: map[string]string{"role": string(r)},
		}); err != nil {
			return fmt.Errorf("audit refusal of %s: %w", a, err)
		}
		return d.Err()
	}
	return nil
}

func subjects(country string) []string {
	if country == "" {
		return nil
	}
	return []string{country}
}

// Country returns one member country.
func (s *Service) Country(ctx context.Context, p access.Principal, iso3 string) (Country, error) {
	if err := s.audit.Authorize(ctx, p, access.MemberRead, access.Resource{}, ""); err != nil {
		return Country{}, err
	}
	if !ValidISO3(iso3) {
		return Country{}, fault.Field(fault.BadParameter, "iso3", "%q is not an ISO 3166-1 alpha-3 code", iso3)
	}
	return GetCountry(ctx, s.db, iso3)
}

// Countries lists the member countries.
func (s *Service) Countries(ctx context.Context, p access.Principal, page Page) ([]Country, error) {
	if err := s.audit.Authorize(ctx, p, access.MemberRead, access.Resource{}, ""); err != nil {
		return nil, err
	}
	return ListCountries(ctx, s.db, page)
}

// NewUnit is a request to create a unit in a bureau.
type NewUnit struct {
	Country   string          `json:"country"`
	Kind      access.UnitKind `json:"kind"`
	Name      string          `json:"name"`
	Databases []string        `json:"databases"`
}

func (s *Service) validateUnit(ctx context.Context, n *NewUnit) error {
	if n.Country == "" {
		return fault.Field(fault.MissingField, "country", "country is required")
	}
	if !ValidISO3(n.Country) {
		return fault.Field(fault.InvalidField, "country", "%q is not an ISO 3166-1 alpha-3 code", n.Country)
	}
	if _, err := GetCountry(ctx, s.db, n.Country); err != nil {
		if fault.CodeOf(err) == fault.NotFound {
			return fault.Field(fault.InvalidField, "country", "%s is not a member country", n.Country)
		}
		return err
	}
	switch n.Kind {
	case "":
		return fault.Field(fault.MissingField, "kind", "kind is required")
	case access.KindSpecialised, access.KindBorderPoint:
	default:
		return fault.Field(fault.InvalidField, "kind", "a bureau creates units of kind specialised-unit or border-point")
	}
	if err := validateName(n.Name); err != nil {
		return err
	}
	seen := map[string]bool{}
	dbs := []string{}
	for _, d := range n.Databases {
		if !access.KnownDatabase(d) {
			return fault.Field(fault.InvalidField, "databases", "unknown database %q", d)
		}
		if !seen[d] {
			seen[d] = true
			dbs = append(dbs, d)
		}
	}
	if len(dbs) == 0 && n.Kind == access.KindBorderPoint {
		dbs = access.FirstLineDatabases()
	}
	slices.Sort(dbs)
	n.Databases = dbs
	return nil
}

func validateName(name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return fault.Field(fault.MissingField, "name", "name is required")
	}
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > 200 || strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return fault.Field(fault.InvalidField, "name", "name must be at most 200 printable characters")
	}
	return nil
}

// CreateUnit creates a specialised unit or border point in a bureau.
func (s *Service) CreateUnit(ctx context.Context, p access.Principal, n NewUnit) (Unit, error) {
	if n.Country == "" {
		return Unit{}, fault.Field(fault.MissingField, "country", "country is required")
	}
	if !ValidISO3(n.Country) {
		return Unit{}, fault.Field(fault.InvalidField, "country", "%q is not an ISO 3166-1 alpha-3 code", n.Country)
	}
	if err := s.audit.Authorize(ctx, p, access.UnitCreate, access.Resource{Country: n.Country, UnitKind: n.Kind}, ""); err != nil {
		return Unit{}, err
	}
	return s.insertUnit(ctx, audit.ActorOf(p), p.ID, n)
}

// CreateUnitAsOperator creates a unit on behalf of the node's operator (the
// demo content); it skips the access decision but is audited.
func (s *Service) CreateUnitAsOperator(ctx context.Context, operator audit.Actor, n NewUnit) (Unit, error) {
	return s.insertUnit(ctx, operator, operator.Name, n)
}

func (s *Service) insertUnit(ctx context.Context, actor audit.Actor, createdBy string, n NewUnit) (Unit, error) {
	if err := s.validateUnit(ctx, &n); err != nil {
		return Unit{}, err
	}
	u := Unit{ID: s.ids.New(), Country: n.Country, Kind: n.Kind, Name: strings.TrimSpace(n.Name), Databases: n.Databases, CreatedAt: s.clock.Now(), CreatedBy: createdBy}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := InsertUnit(ctx, tx, u); err != nil {
			return err
		}
		return s.audit.AppendTx(ctx, tx, audit.Entry{
			Actor: actor, Action: string(access.UnitCreate), Resources: []string{u.ID},
			Outcome: audit.OutcomeSuccess, Subjects: subjects(u.Country),
			Details: map[string]string{"kind": string(u.Kind), "databases": joinList(u.Databases)},
		})
	})
	if err != nil {
		return Unit{}, fmt.Errorf("create unit: %w", err)
	}
	return u, nil
}

// Unit returns one unit.
func (s *Service) Unit(ctx context.Context, p access.Principal, unitID string) (Unit, error) {
	u, err := GetUnit(ctx, s.db, unitID)
	if err != nil {
		return Unit{}, err
	}
	if err := s.audit.Authorize(ctx, p, access.UnitRead, access.Resource{Country: u.Country, UnitKind: u.Kind}, "", u.ID); err != nil {
		return Unit{}, err
	}
	return u, nil
}

// Units lists the units of a bureau (country "" lists the network-wide bodies).
func (s *Service) Units(ctx context.Context, p access.Principal, country string, page Page) ([]Unit, error) {
	if country != "" && !ValidISO3(country) {
		return nil, fault.Field(fault.BadParameter, "country", "%q is not an ISO 3166-1 alpha-3 code", country)
	}
	if err := s.audit.Authorize(ctx, p, access.UnitRead, access.Resource{Country: country}, ""); err != nil {
		return nil, err
	}
	return ListUnits(ctx, s.db, country, page)
}

// DisableUnit disables a specialised unit or border point: its users and
// tokens can no longer act.
func (s *Service) DisableUnit(ctx context.Context, p access.Principal, unitID string) (Unit, error) {
	u, err := GetUnit(ctx, s.db, unitID)
	if err != nil {
		return Unit{}, err
	}
	if err := s.audit.Authorize(ctx, p, access.UnitDisable, access.Resource{Country: u.Country, UnitKind: u.Kind}, "", u.ID); err != nil {
		return Unit{}, err
	}
	if u.Kind != access.KindSpecialised && u.Kind != access.KindBorderPoint {
		return Unit{}, fault.New(fault.Conflict, "a unit of kind %s cannot be disabled", u.Kind)
	}
	if u.ID == p.UnitID {
		return Unit{}, fault.New(fault.Conflict, "you cannot disable your own unit")
	}
	if u.Disabled() {
		return u, nil
	}
	now := s.clock.Now()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := SetUnitDisabled(ctx, tx, u.ID, store.Micros(now)); err != nil {
			return err
		}
		return s.audit.AppendTx(ctx, tx, audit.Entry{
			Actor: audit.ActorOf(p), Action: string(access.UnitDisable), Resources: []string{u.ID},
			Outcome: audit.OutcomeSuccess, Subjects: subjects(u.Country),
		})
	})
	if err != nil {
		return Unit{}, fmt.Errorf("disable unit %s: %w", u.ID, err)
	}
	s.told()
	u.DisabledAt = &now
	return u, nil
}

// NewUser is a request to create a user.
type NewUser struct {
	Username string        `json:"username"`
	Password string        `json:"password"`
	UnitID   string        `json:"unit_id"`
	Roles    []access.Role `json:"roles"`
}

// ValidatePassword applies the password policy.
func ValidatePassword(pw string) error {
	if pw == "" {
		return fault.Field(fault.MissingField, "password", "password is required")
	}
	if len(pw) > MaxPasswordLen {
		return fault.Field(fault.WeakPassword, "password", "password must be at most %d bytes", MaxPasswordLen)
	}
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return fault.Field(fault.WeakPassword, "password", "password must be at least %d characters", MinPasswordLen)
	}
	return nil
}

// validateUser checks the request against the unit it names (which the
// caller has loaded) and normalises it. The password is checked separately.
func validateUser(n *NewUser, unit Unit) error {
	n.Username = NormaliseUsername(n.Username)
	if n.Username == "" {
		return fault.Field(fault.MissingField, "username", "username is required")
	}
	if !usernamePattern.MatchString(n.Username) {
		return fault.Field(fault.InvalidField, "username", "username must be 3 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit")
	}
	if unit.Disabled() {
		return fault.Field(fault.InvalidField, "unit_id", "unit %s is disabled", unit.ID)
	}
	if len(n.Roles) == 0 {
		return fault.Field(fault.MissingField, "roles", "at least one role is required")
	}
	roles := []access.Role{}
	for _, r := range n.Roles {
		if !r.Valid() {
			return fault.Field(fault.InvalidField, "roles", "unknown role %q", r)
		}
		if !access.RoleAllowedInUnit(r, unit.Kind) {
			return fault.Field(fault.RoleNotAllowedForUnit, "roles", "role %s cannot be held in a unit of kind %s", r, unit.Kind)
		}
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	slices.Sort(roles)
	n.Roles = roles
	return nil
}

func (s *Service) loadUnitFor(ctx context.Context, unitID string) (Unit, error) {
	if unitID == "" {
		return Unit{}, fault.Field(fault.MissingField, "unit_id", "unit_id is required")
	}
	if !id.Valid(unitID) {
		return Unit{}, fault.Field(fault.InvalidField, "unit_id", "%q is not a unit ID", unitID)
	}
	u, err := GetUnit(ctx, s.db, unitID)
	if fault.CodeOf(err) == fault.NotFound {
		return Unit{}, fault.Field(fault.InvalidField, "unit_id", "no unit %s", unitID)
	}
	return u, err
}

// CreateUser creates a user in a unit of the principal's bureau.
func (s *Service) CreateUser(ctx context.Context, p access.Principal, n NewUser) (User, error) {
	unit, err := s.loadUnitFor(ctx, n.UnitID)
	if err != nil {
		return User{}, err
	}
	if err := s.audit.Authorize(ctx, p, access.UserCreate, access.Resource{Country: unit.Country, UnitKind: unit.Kind}, "", unit.ID); err != nil {
		return User{}, err
	}
	if err := validateUser(&n, unit); err != nil {
		return User{}, err
	}
	if err := EnforceGrants(ctx, s.audit, p, access.UserCreate, unit.Country, n.Roles, unit.ID); err != nil {
		return User{}, err
	}
	if err := ValidatePassword(n.Password); err != nil {
		return User{}, err
	}
	return s.insertUser(ctx, audit.ActorOf(p), p.ID, n, unit)
}

// CreateUserAsOperator creates a user on behalf of the node's operator, who
// holds the data folder: the bootstrap administrator and the demo users. It
// skips the access decision (there is no principal yet) and accepts any
// non-empty password the operator chose, but is audited like any creation.
func (s *Service) CreateUserAsOperator(ctx context.Context, operator audit.Actor, n NewUser) (User, error) {
	unit, err := s.loadUnitFor(ctx, n.UnitID)
	if err != nil {
		return User{}, err
	}
	if err := validateUser(&n, unit); err != nil {
		return User{}, err
	}
	if n.Password == "" || len(n.Password) > MaxPasswordLen {
		return User{}, fault.Field(fault.InvalidField, "password", "password must be 1 to %d bytes", MaxPasswordLen)
	}
	return s.insertUser(ctx, operator, operator.Name, n, unit)
}

func (s *Service) insertUser(ctx context.Context, actor audit.Actor, createdBy string, n NewUser, unit Unit) (User, error) {
	taken, err := UsernameTaken(ctx, s.db, n.Username)
	if err != nil {
		return User{}, err
	}
	if taken {
		return User{}, fault.Field(fault.Conflict, "username", "username %s is taken", n.Username)
	}
	hash, err := s.hasher.Hash(ctx, n.Password)
	if err != nil {
		return User{}, fmt.Errorf("hash password: %w", err)
	}
	u := User{ID: s.ids.New(), Username: n.Username, UnitID: unit.ID, Country: unit.Country, Roles: n.Roles, CreatedAt: s.clock.Now(), CreatedBy: createdBy}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		// Checked again inside the transaction: another request may have
		// taken the name while the password was being hashed.
		if taken, err := UsernameTaken(ctx, tx, u.Username); err != nil {
			return err
		} else if taken {
			return fault.Field(fault.Conflict, "username", "username %s is taken", u.Username)
		}
		if err := InsertUser(ctx, tx, u, hash); err != nil {
			return err
		}
		return s.audit.AppendTx(ctx, tx, audit.Entry{
			Actor: actor, Action: string(access.UserCreate), Resources: []string{u.ID, unit.ID},
			Outcome: audit.OutcomeSuccess, Subjects: subjects(u.Country),
			Details: map[string]string{"username": u.Username, "roles": joinList(u.Roles)},
		})
	})
	if err != nil {
		return User{}, fmt.Errorf("create user %s: %w", n.Username, err)
	}
	return u, nil
}

// User returns one user.
func (s *Service) User(ctx context.Context, p access.Principal, userID string) (User, error) {
	u, err := GetUser(ctx, s.db, userID)
	if err != nil {
		return User{}, err
	}
	if err := s.audit.Authorize(ctx, p, access.UserRead, access.Resource{Country: u.Country}, "", u.ID); err != nil {
		return User{}, err
	}
	return u, nil
}

// Users lists the users of a bureau, or of one of its units.
func (s *Service) Users(ctx context.Context, p access.Principal, f UserFilter, page Page) ([]User, error) {
	if f.Country != "" && !ValidISO3(f.Country) {
		return nil, fault.Field(fault.BadParameter, "country", "%q is not an ISO 3166-1 alpha-3 code", f.Country)
	}
	if f.UnitID != "" && !id.Valid(f.UnitID) {
		return nil, fault.Field(fault.BadParameter, "unit", "%q is not a unit ID", f.UnitID)
	}
	if err := s.audit.Authorize(ctx, p, access.UserRead, access.Resource{Country: f.Country}, ""); err != nil {
		return nil, err
	}
	return ListUsers(ctx, s.db, f, page)
}

// DisableUser disables a user and ends its sessions.
func (s *Service) DisableUser(ctx context.Context, p access.Principal, userID string) (User, error) {
	u, err := GetUser(ctx, s.db, userID)
	if err != nil {
		return User{}, err
	}
	if err := s.audit.Authorize(ctx, p, access.UserDisable, access.Resource{Country: u.Country}, "", u.ID); err != nil {
		return User{}, err
	}
	if err := EnforceGrants(ctx, s.audit, p, access.UserDisable, u.Country, u.Roles, u.ID); err != nil {
		return User{}, err
	}
	if u.ID == p.ID {
		return User{}, fault.New(fault.Conflict, "you cannot disable yourself")
	}
	if u.Disabled() {
		return u, nil
	}
	now := s.clock.Now()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := SetUserDisabled(ctx, tx, u.ID, store.Micros(now), p.ID); err != nil {
			return err
		}
		return s.audit.AppendTx(ctx, tx, audit.Entry{
			Actor: audit.ActorOf(p), Action: string(access.UserDisable), Resources: []string{u.ID},
			Outcome: audit.OutcomeSuccess, Subjects: subjects(u.Country),
		})
	})
	if err != nil {
		return User{}, fmt.Errorf("disable user %s: %w", u.ID, err)
	}
	s.told()
	u.DisabledAt = &now
	return u, nil
}
