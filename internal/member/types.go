package member

import (
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
)

// Unit is a unit on the network.
type Unit struct {
	ID string `json:"id"`
	// Country is the bureau the unit belongs to; empty for network-wide bodies.
	Country string          `json:"country,omitempty"`
	Kind    access.UnitKind `json:"kind"`
	Name    string          `json:"name"`
	// Databases are granted to a specialised unit or border point by its NCB.
	Databases  []string   `json:"databases"`
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  string     `json:"created_by"`
	DisabledAt *time.Time `json:"disabled_at,omitempty"`
}

// Disabled reports whether the unit has been disabled.
func (u Unit) Disabled() bool { return u.DisabledAt != nil }

// User is a person with an account on the network.
type User struct {
	ID          string        `json:"id"`
	Username    string        `json:"username"`
	UnitID      string        `json:"unit_id"`
	Country     string        `json:"country,omitempty"`
	Roles       []access.Role `json:"roles"`
	CreatedAt   time.Time     `json:"created_at"`
	CreatedBy   string        `json:"created_by"`
	LastLoginAt *time.Time    `json:"last_login_at,omitempty"`
	DisabledAt  *time.Time    `json:"disabled_at,omitempty"`
}

// Disabled reports whether the user has been disabled.
func (u User) Disabled() bool { return u.DisabledAt != nil }

// Page asks for one page of a listing ordered by key: at most Limit items
// whose key is after After.
type Page struct {
	Limit int
	After string
}
