package wire

import (
	"encoding/json"
	"time"
)

// CheckedItems is how a CheckedHit holds what was checked: as the node
// stored it and passes it on (json.RawMessage), or read ([]Item).
type CheckedItems interface {
	json.RawMessage | []Item
}

// CheckedHit is a hit of the checking side's own checks, as it follows
// them: what it needs to act on, and the owner's answer.
type CheckedHit[C CheckedItems] struct {
	HitID        string     `json:"hit_id"`
	Database     string     `json:"database"`
	RecordID     string     `json:"record_id"`
	Owner        string     `json:"owner"`
	Action       []string   `json:"action"`
	Urgency      string     `json:"urgency"`
	Deadline     *time.Time `json:"deadline"`
	Confirmation string     `json:"confirmation"`
	AnsweredAt   *time.Time `json:"answered_at,omitempty"`
	// AnsweredBy is the owner's bureau and unit that answered.
	AnsweredBy *AnsweredBy `json:"answered_by,omitempty"`
	// Note is what the owner tells the checking side with its answer.
	Note        string     `json:"note,omitempty"`
	EscalatedAt *time.Time `json:"escalated_at,omitempty"`
	Time        time.Time  `json:"time"`
	UnitID      string     `json:"unit_id"`
	// Checked is what was checked: the items as the checking side sent
	// them.
	Checked C `json:"checked,omitempty"`
	// Referred: the checking unit was told to refer to its NCB. Such a
	// unit is not shown which record, database or owner.
	Referred bool `json:"referred,omitempty"`
}

// AnsweredBy names who answered a hit: the owner's bureau and the unit.
type AnsweredBy struct {
	Bureau string `json:"bureau"`
	Unit   string `json:"unit"`
}
