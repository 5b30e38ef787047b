package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"time"
)

// CheckItem is one thing to check: a document (Number, Country, Type), an
// MRZ (MRZ, Lenient), a person (Name, BirthDate, Nationality, Gender), a
// vehicle (VIN, RegistrationNumber), a firearm (Make, Serial) or a vessel
// (IMO, Name).
type CheckItem struct {
	Kind               string `json:"kind"`
	Number             string `json:"number,omitempty"`
	Country            string `json:"country,omitempty"`
	Type               string `json:"type,omitempty"`
	MRZ                string `json:"mrz,omitempty"`
	Lenient            bool   `json:"lenient,omitempty"`
	Name               string `json:"name,omitempty"`
	BirthDate          string `json:"birthDate,omitempty"`
	Nationality        string `json:"nationality,omitempty"`
	Gender             string `json:"gender,omitempty"`
	VIN                string `json:"vin,omitempty"`
	RegistrationNumber string `json:"registrationNumber,omitempty"`
	Make               string `json:"make,omitempty"`
	Serial             string `json:"serial,omitempty"`
	IMO                string `json:"imo,omitempty"`
}

// CheckResult is what one item met: Outcome "hit", "no-hit" or "refer"
// (a record matches that the owner keeps from the caller's kind of unit:
// contact your NCB, Refer says which hits it finds).
type CheckResult struct {
	Index   int        `json:"index"`
	Outcome string     `json:"outcome"`
	Hits    []CheckHit `json:"hits"`
	Refer   *Referral  `json:"refer,omitempty"`
}

// Referral tells the checking side to contact its NCB, without the record.
type Referral struct {
	HitIDs  []string `json:"hit_ids"`
	Message string   `json:"message"`
}

// Contact is whom to call about a hit.
type Contact struct {
	Bureau  string `json:"bureau"`
	Unit    string `json:"unit"`
	Details string `json:"details,omitempty"`
}

// CheckHit is a record an item matched. Record and Explanation are there
// only for those who may read the record.
type CheckHit struct {
	HitID        string    `json:"hit_id"`
	Database     string    `json:"database"`
	RecordID     string    `json:"record_id"`
	Owner        string    `json:"owner"`
	Matched      []string  `json:"matched"`
	Score        float64   `json:"score"`
	Action       []string  `json:"action"`
	Contact      Contact   `json:"contact"`
	Urgency      string    `json:"urgency"`
	Deadline     time.Time `json:"deadline"`
	Confirmation string    `json:"confirmation"`
	Explanation  []string  `json:"explanation,omitempty"`
	Record       *Record   `json:"record,omitempty"`
}

// Check checks items for a declared purpose; results come in the items' order.
func (c *Client) Check(ctx context.Context, purpose string, items ...CheckItem) ([]CheckResult, error) {
	var a struct {
		Results []CheckResult `json:"results"`
	}
	in := struct {
		Purpose string      `json:"purpose"`
		Items   []CheckItem `json:"items"`
	}{purpose, items}
	return a.Results, c.do(ctx, "POST", "/api/v1/checks", nil, in, &a)
}

// MRZ is a machine readable zone as read.
type MRZ struct {
	Valid          bool   `json:"valid"`
	Format         string `json:"format"`
	DocumentType   string `json:"document_type"`
	Issuer         string `json:"issuer"`
	DocumentNumber string `json:"document_number"`
	Surname        string `json:"surname"`
	GivenNames     string `json:"given_names"`
	Nationality    string `json:"nationality"`
	BirthDate      string `json:"birth_date"`
	Sex            string `json:"sex"`
	ExpiryDate     string `json:"expiry_date"`
	PersonalNumber string `json:"personal_number"`
	Checks         []struct {
		Field string `json:"field"`
		OK    bool   `json:"ok"`
	} `json:"checks"`
}

// ParseMRZ reads an MRZ (lines separated by "\n") and verifies its check digits.
func (c *Client) ParseMRZ(ctx context.Context, text string) (MRZ, error) {
	var m MRZ
	return m, c.do(ctx, "POST", "/api/v1/mrz/parse", nil, map[string]string{"mrz": text}, &m)
}

// ManifestRow is one traveller of a manifest: the name whole (Name) or in
// parts (Surname, GivenNames, MiddleNames).
type ManifestRow struct {
	Reference       string `json:"reference,omitempty"`
	Name            string `json:"name,omitempty"`
	Surname         string `json:"surname,omitempty"`
	GivenNames      string `json:"given_names,omitempty"`
	MiddleNames     string `json:"middle_names,omitempty"`
	BirthDate       string `json:"birthDate,omitempty"`
	Nationality     string `json:"nationality,omitempty"`
	Gender          string `json:"gender,omitempty"`
	DocumentNumber  string `json:"documentNumber,omitempty"`
	DocumentCountry string `json:"documentCountry,omitempty"`
	DocumentType    string `json:"documentType,omitempty"`
}

// Manifest is a passenger or crew list to screen.
type Manifest struct {
	Purpose string        `json:"purpose"`
	Voyage  string        `json:"voyage,omitempty"`
	Rows    []ManifestRow `json:"rows"`
}

// ManifestAnswer is the screening of a manifest, row by row.
type ManifestAnswer struct {
	Rows []struct {
		Row       int        `json:"row"`
		Reference string     `json:"reference,omitempty"`
		Outcome   string     `json:"outcome"`
		Hits      []CheckHit `json:"hits"`
		Refer     *Referral  `json:"refer,omitempty"`
		Error     *struct {
			Field   string `json:"field"`
			Message string `json:"message"`
		} `json:"error,omitempty"`
	} `json:"rows"`
	Summary struct {
		Rows     int `json:"rows"`
		Hits     int `json:"hits"`
		Errors   int `json:"errors"`
		Referred int `json:"referred"`
	} `json:"summary"`
}

// ScreenManifest screens a manifest given as rows.
func (c *Client) ScreenManifest(ctx context.Context, m Manifest) (ManifestAnswer, error) {
	var a ManifestAnswer
	return a, c.do(ctx, "POST", "/api/v1/manifests", nil, m, &a)
}

// ScreenManifestCSV screens a manifest given as CSV with a header line.
func (c *Client) ScreenManifestCSV(ctx context.Context, purpose, voyage string, csv io.Reader) (ManifestAnswer, error) {
	q := url.Values{"purpose": {purpose}}
	if voyage != "" {
		q.Set("voyage", voyage)
	}
	resp, err := c.send(ctx, "POST", "/api/v1/manifests?"+q.Encode(), "text/csv", csv)
	if err != nil {
		return ManifestAnswer{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		return ManifestAnswer{}, readError(resp)
	}
	var a ManifestAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		return ManifestAnswer{}, fmt.Errorf("screen manifest: decode answer: %w", err)
	}
	return a, nil
}

// ConfirmHit gives the owner's answer to a hit from a check: "confirmed" or
// "denied", with a note for the checking side.
func (c *Client) ConfirmHit(ctx context.Context, hitID, confirmation, note string) (Hit, error) {
	var h Hit
	in := map[string]string{"confirmation": confirmation}
	if note != "" {
		in["note"] = note
	}
	return h, c.do(ctx, "POST", "/api/v1/hits/"+url.PathEscape(hitID)+"/confirmation", nil, in, &h)
}

// CheckedHit is a hit of the caller's own checks with the owner's answer.
type CheckedHit struct {
	HitID        string     `json:"hit_id"`
	Database     string     `json:"database"`
	RecordID     string     `json:"record_id"`
	Owner        string     `json:"owner"`
	Action       []string   `json:"action"`
	Urgency      string     `json:"urgency"`
	Deadline     *time.Time `json:"deadline"`
	Confirmation string     `json:"confirmation"`
	AnsweredAt   *time.Time `json:"answered_at,omitempty"`
	// AnsweredBy names the owner's bureau and unit that answered.
	AnsweredBy *struct {
		Bureau string `json:"bureau"`
		Unit   string `json:"unit"`
	} `json:"answered_by,omitempty"`
	Note        string     `json:"note,omitempty"`
	EscalatedAt *time.Time `json:"escalated_at,omitempty"`
	Time        time.Time  `json:"time"`
	UnitID      string     `json:"unit_id"`
	// Checked is what was checked, the items as sent.
	Checked []CheckItem `json:"checked,omitempty"`
	// Referred: the checking unit was told to contact its NCB; it is not
	// shown the record, database or owner.
	Referred bool `json:"referred,omitempty"`
}

// CheckedHits lists the hits of the caller's checks (an NCB: its bureau's).
func (c *Client) CheckedHits(ctx context.Context, o ListOptions) (Page[CheckedHit], error) {
	var p Page[CheckedHit]
	return p, c.do(ctx, "GET", "/api/v1/checks/hits", o.values(nil), nil, &p)
}

// StreamCheckedHits opens the live stream of the caller's checks' hits and
// of each answer and escalation of them.
func (c *Client) StreamCheckedHits(ctx context.Context) (<-chan CheckedHit, error) {
	return c.StreamCheckedHitsFrom(ctx, "")
}

// StreamCheckedHitsFrom reopens that stream after the hit lastID, as
// StreamHitsFrom does.
func (c *Client) StreamCheckedHitsFrom(ctx context.Context, lastID string) (<-chan CheckedHit, error) {
	return streamOf[CheckedHit](ctx, c, "/api/v1/checks/hits/stream", hitEvents, lastEventID(lastID))
}
