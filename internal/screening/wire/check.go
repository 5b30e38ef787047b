// Package wire is a check as it travels between a checking system and the
// node: the items asked about (POST /api/v1/checks, manifests), the
// answers, the hits of one's own checks (GET /api/v1/checks/hits) and an
// MRZ as read (POST /api/v1/mrz/parse). It holds no state and imports
// nothing of the node, so that the SDK sends and reads the very types the
// node does.
//
// A record a hit shows is a type parameter (R): records have no wire
// package yet, and the node and the SDK each have their own record type.
package wire

import "time"

// Request is a check of one item or many, for a declared purpose.
type Request struct {
	Purpose string `json:"purpose"`
	Items   []Item `json:"items"`
}

// Item is one thing to check. Which fields apply depends on Kind:
// document number, country, type; mrz mrz (lines separated by "\n") and
// lenient; person name, birthDate, nationality, gender; vehicle vin,
// registrationNumber; firearm make, serial; vessel imo, name.
type Item struct {
	Kind string `json:"kind"`

	Number  string `json:"number,omitempty"`
	Country string `json:"country,omitempty"`
	Type    string `json:"type,omitempty"`

	MRZ string `json:"mrz,omitempty"`
	// Lenient checks what an MRZ reads as even when one of its check digits
	// fails: at a desk that is most often a misread, and the document should
	// still be checked.
	Lenient bool `json:"lenient,omitempty"`

	Name        string `json:"name,omitempty"`
	BirthDate   string `json:"birthDate,omitempty"`
	Nationality string `json:"nationality,omitempty"`
	Gender      string `json:"gender,omitempty"`

	VIN                string `json:"vin,omitempty"`
	RegistrationNumber string `json:"registrationNumber,omitempty"`

	Make   string `json:"make,omitempty"`
	Serial string `json:"serial,omitempty"`

	IMO string `json:"imo,omitempty"`
}

// Answer is the answer to a check: one result per item, in the items' order.
type Answer[R any] struct {
	Results []Result[R] `json:"results"`
}

// Result is what one item met: Outcome "hit", "no-hit" or "refer".
type Result[R any] struct {
	Index   int      `json:"index"`
	Outcome string   `json:"outcome"`
	Hits    []Hit[R] `json:"hits"`
	// Refer is set when the outcome is refer: a record matches that its
	// owner keeps from the checking side's kind of unit.
	Refer *Referral `json:"refer,omitempty"`
}

// Referral tells the checking side to contact its NCB about an item,
// without the record: the hits, which its NCB finds among its checks'
// hits, and what to do.
type Referral struct {
	HitIDs  []string `json:"hit_ids"`
	Message string   `json:"message"`
}

// Contact is whom the checking officer calls about a hit: the owner's NCB,
// and what the owner wrote in the record's contact property.
type Contact struct {
	Bureau  string `json:"bureau"`
	Unit    string `json:"unit"`
	Details string `json:"details,omitempty"`
}

// Hit is one record an item matched, as the checking side sees it. Those
// who may not read the record (border points, border officers) get the
// fields up to Confirmation and no more. R is the record as its reader may
// see it.
type Hit[R any] struct {
	HitID    string   `json:"hit_id"`
	Database string   `json:"database"`
	RecordID string   `json:"record_id"`
	Owner    string   `json:"owner"`
	Matched  []string `json:"matched"`
	Score    float64  `json:"score"`
	Action   []string `json:"action"`
	Contact  Contact  `json:"contact"`
	Urgency  string   `json:"urgency"`
	// Deadline is when the owner must have confirmed or denied the hit.
	Deadline     time.Time `json:"deadline"`
	Confirmation string    `json:"confirmation"`

	// For those who may read the record: how each part matched, and the
	// record as they may see it.
	Explanation []string `json:"explanation,omitempty"`
	Record      *R       `json:"record,omitempty"`
}
