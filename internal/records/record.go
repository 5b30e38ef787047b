package records

import (
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
)

// Status is a record's state. A blocked record is kept but not served in
// search (its review is overdue, or its owner blocked it); a deleted record
// is gone: only its audit tombstone remains.
type Status string

// The statuses.
const (
	StatusActive  Status = "active"
	StatusBlocked Status = "blocked"
	StatusDeleted Status = "deleted"
)

// Record is one record of a database, in the FollowTheMoney JSON convention.
type Record struct {
	ID           string              `json:"id"`
	Database     string              `json:"database"`
	Schema       string              `json:"schema"`
	Owner        string              `json:"owner"`
	OwnerUnit    string              `json:"owner_unit"`
	Properties   map[string][]string `json:"properties"`
	Restrictions access.Restrictions `json:"restrictions"`
	Status       Status              `json:"status"`
	ReviewAt     time.Time           `json:"review_at"`
	Version      int                 `json:"version"`
	CreatedAt    time.Time           `json:"created_at"`
	UpdatedAt    time.Time           `json:"updated_at"`
	// updatedBy is who wrote the current version; only the owner's bureau
	// sees it, in the record's history.
	updatedBy string
}

// Resource describes the record to the access decision.
func (r Record) Resource() access.Resource {
	return access.Resource{Country: r.Owner, OwnerUnit: r.OwnerUnit, Database: r.Database, Restrictions: r.Restrictions}
}

// Version is one state of a record in its history.
type Version struct {
	Version      int                 `json:"version"`
	Properties   map[string][]string `json:"properties"`
	Restrictions access.Restrictions `json:"restrictions"`
	Status       Status              `json:"status"`
	ReviewAt     time.Time           `json:"review_at"`
	ChangedAt    time.Time           `json:"changed_at"`
	ChangedBy    string              `json:"changed_by"`
}
