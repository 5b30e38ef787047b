package client

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Restrictions are a record owner's limits on who may see it.
type Restrictions struct {
	Countries         []string `json:"countries,omitempty"`
	ExcludedCountries []string `json:"excluded_countries,omitempty"`
	NCBOnly           bool     `json:"ncb_only,omitempty"`
	UnitKinds         []string `json:"unit_kinds,omitempty"`
}

// Property describes one property of a schema.
type Property struct {
	Name        string   `json:"name"`
	Label       string   `json:"label"`
	Type        string   `json:"type"`
	Kind        string   `json:"kind,omitempty"`
	Values      []string `json:"values,omitempty"`
	Range       []string `json:"range,omitempty"`
	Mandatory   bool     `json:"mandatory"`
	Identifying bool     `json:"identifying"`
	// Searchable is set on free-text properties that a search finds by
	// their words.
	Searchable bool `json:"searchable,omitempty"`
	// Historical is set on dates that may lie centuries back (when a work
	// of art was made); other dates start in 1800.
	Historical bool `json:"historical,omitempty"`
}

// Schema is a kind of record.
type Schema struct {
	Name       string     `json:"name"`
	Label      string     `json:"label"`
	Properties []Property `json:"properties"`
}

// Database is one of the network's databases.
type Database struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Schemas     []Schema `json:"schemas"`
	ReviewYears int      `json:"review_years"`
	FirstLine   bool     `json:"first_line"`
}

// Record is a record in the FollowTheMoney JSON convention.
type Record struct {
	ID           string              `json:"id"`
	Database     string              `json:"database"`
	Schema       string              `json:"schema"`
	Owner        string              `json:"owner"`
	OwnerUnit    string              `json:"owner_unit"`
	Properties   map[string][]string `json:"properties"`
	Restrictions Restrictions        `json:"restrictions"`
	Status       string              `json:"status"`
	ReviewAt     time.Time           `json:"review_at"`
	Version      int                 `json:"version"`
	CreatedAt    time.Time           `json:"created_at"`
	UpdatedAt    time.Time           `json:"updated_at"`
}

// NewRecord asks for a record.
type NewRecord struct {
	Schema       string              `json:"schema"`
	Properties   map[string][]string `json:"properties"`
	Restrictions *Restrictions       `json:"restrictions,omitempty"`
	Key          string              `json:"key,omitempty"`
	ReviewAt     *time.Time          `json:"review_at,omitempty"`
}

// RecordPatch changes a record: properties named are replaced (an empty
// list removes one).
type RecordPatch struct {
	Properties   map[string][]string `json:"properties,omitempty"`
	Restrictions *Restrictions       `json:"restrictions,omitempty"`
	Status       string              `json:"status,omitempty"`
	ReviewAt     *time.Time          `json:"review_at,omitempty"`
	Version      *int                `json:"version,omitempty"`
}

// RecordVersion is one state in a record's history.
type RecordVersion struct {
	Version      int                 `json:"version"`
	Properties   map[string][]string `json:"properties"`
	Restrictions Restrictions        `json:"restrictions"`
	Status       string              `json:"status"`
	ReviewAt     time.Time           `json:"review_at"`
	ChangedAt    time.Time           `json:"changed_at"`
	ChangedBy    string              `json:"changed_by"`
}

// Databases lists the databases with their schemas.
func (c *Client) Databases(ctx context.Context) ([]Database, error) {
	var p Page[Database]
	return p.Items, c.do(ctx, "GET", "/api/v1/databases", nil, nil, &p)
}

// Database returns one database.
func (c *Client) Database(ctx context.Context, id string) (Database, error) {
	var d Database
	return d, c.do(ctx, "GET", "/api/v1/databases/"+url.PathEscape(id), nil, nil, &d)
}

// CreateRecord adds a record to a database. created is false when the node
// returned the record made by an earlier request with the same key.
func (c *Client) CreateRecord(ctx context.Context, database string, n NewRecord) (rec Record, created bool, err error) {
	status, err := c.doStatus(ctx, "POST", "/api/v1/databases/"+url.PathEscape(database)+"/records", nil, n, &rec)
	return rec, status == http.StatusCreated, err
}

func purposeQuery(purpose string) url.Values {
	q := url.Values{}
	if purpose != "" {
		q.Set("purpose", purpose)
	}
	return q
}

// Record reads one record for a declared purpose.
func (c *Client) Record(ctx context.Context, id, purpose string) (Record, error) {
	var r Record
	return r, c.do(ctx, "GET", "/api/v1/records/"+url.PathEscape(id), purposeQuery(purpose), nil, &r)
}

// RecordVersions reads a record's history (its owner's bureau only).
func (c *Client) RecordVersions(ctx context.Context, id, purpose string) ([]RecordVersion, error) {
	var p Page[RecordVersion]
	return p.Items, c.do(ctx, "GET", "/api/v1/records/"+url.PathEscape(id)+"/versions", purposeQuery(purpose), nil, &p)
}

// UpdateRecord changes a record.
func (c *Client) UpdateRecord(ctx context.Context, id string, patch RecordPatch) (Record, error) {
	var r Record
	return r, c.do(ctx, "PATCH", "/api/v1/records/"+url.PathEscape(id), nil, patch, &r)
}

// DeleteRecord erases a record.
func (c *Client) DeleteRecord(ctx context.Context, id string) error {
	return c.do(ctx, "DELETE", "/api/v1/records/"+url.PathEscape(id), nil, nil, nil)
}

// RecordQuery says which records of a database ListRecords lists. Without
// a Purpose a bureau lists its own records only; with one, also the other
// bureaus' records it may see.
type RecordQuery struct {
	Owner        string    // ISO3 of the only bureau listed
	Status       string    // active or blocked
	ReviewBefore time.Time // only records whose review falls before this
	Purpose      string
}

// ListRecords lists one page of a database's records, in ID order.
func (c *Client) ListRecords(ctx context.Context, database string, q RecordQuery, o ListOptions) (Page[Record], error) {
	v := purposeQuery(q.Purpose)
	if q.Owner != "" {
		v.Set("owner", q.Owner)
	}
	if q.Status != "" {
		v.Set("status", q.Status)
	}
	if !q.ReviewBefore.IsZero() {
		v.Set("review_before", q.ReviewBefore.UTC().Format(time.RFC3339Nano))
	}
	var p Page[Record]
	return p, c.do(ctx, "GET", "/api/v1/databases/"+url.PathEscape(database)+"/records", o.values(v), nil, &p)
}

// Purpose is one of the declared purposes a query of police data names.
type Purpose struct {
	ID      string `json:"id"`
	Meaning string `json:"meaning"`
	// BorderPoint is set when a border point may declare it.
	BorderPoint bool `json:"border_point"`
}

// Purposes lists the declared purposes with what each covers.
func (c *Client) Purposes(ctx context.Context) ([]Purpose, error) {
	var p Page[Purpose]
	return p.Items, c.do(ctx, "GET", "/api/v1/purposes", nil, nil, &p)
}
