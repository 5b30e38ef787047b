// Package wire is a hit as the owner of a record reads it: one of its
// records shown to someone outside its bureau or found by a check (GET
// /api/v1/hits, the stream of hits). It holds no state and imports nothing
// of the node but the check's wire package, so that the SDK reads the very
// type the node writes.
package wire

import (
	"time"

	checks "github.com/ncbnet/ncbnet/internal/screening/wire"
)

// Searcher is who was shown the record.
type Searcher struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Country  string `json:"country,omitempty"`
	UnitID   string `json:"unit_id"`
	UnitKind string `json:"unit_kind"`
}

// Hit is one record shown to someone outside its owner's bureau, or found
// by a check. C is what was checked: as the node stored it
// (json.RawMessage) or read ([]Item of the check's wire package).
type Hit[C checks.CheckedItems] struct {
	ID       string    `json:"id"`
	RecordID string    `json:"record_id"`
	Database string    `json:"database"`
	Owner    string    `json:"owner"`
	Searcher Searcher  `json:"searcher"`
	Purpose  string    `json:"purpose"`
	Score    float64   `json:"score"`
	Match    bool      `json:"match"`
	Matched  []string  `json:"matched"`
	Time     time.Time `json:"time"`
	// Source is "search" or "check".
	Source string `json:"source"`

	// A hit from a check carries what the owner asks the checking side to
	// do and waits for the owner's confirmation until its deadline.
	Action       []string   `json:"action,omitempty"`
	Urgency      string     `json:"urgency,omitempty"`
	Deadline     *time.Time `json:"deadline,omitempty"`
	Confirmation string     `json:"confirmation,omitempty"`
	AnsweredAt   *time.Time `json:"answered_at,omitempty"`
	AnsweredBy   string     `json:"answered_by,omitempty"`
	// AnsweredUnit is the unit of the owner's bureau that answered.
	AnsweredUnit string     `json:"answered_unit,omitempty"`
	Note         string     `json:"note,omitempty"`
	EscalatedAt  *time.Time `json:"escalated_at,omitempty"`

	// Checked is what was checked: the items as the checking side sent
	// them, so the owner confirms against what the officer has in front of
	// them.
	Checked C `json:"checked,omitempty"`
	// Referred is a hit the checking side was only told to refer to its
	// NCB: the owner keeps the record from its kind of unit.
	Referred bool `json:"referred,omitempty"`
}
