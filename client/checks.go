package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"

	"github.com/ncbnet/ncbnet/internal/screening/wire"
)

// The checking types, as the API sends and takes them.
type (
	// CheckItem is one thing to check: a document (Number, Country, Type),
	// an MRZ (MRZ, Lenient), a person (Name, BirthDate, Nationality,
	// Gender), a vehicle (VIN, RegistrationNumber), a firearm (Make, Serial)
	// or a vessel (IMO, Name).
	CheckItem = wire.Item
	// CheckResult is what one item met: Outcome "hit", "no-hit" or "refer"
	// (a record matches that the owner keeps from the caller's kind of
	// unit: contact your NCB, Refer says which hits it finds).
	CheckResult = wire.Result[Record]
	// Referral tells the checking side to contact its NCB, without the
	// record.
	Referral = wire.Referral
	// Contact is whom to call about a hit.
	Contact = wire.Contact
	// CheckHit is a record an item matched. Record and Explanation are
	// there only for those who may read the record.
	CheckHit = wire.Hit[Record]
)

// Check checks items for a declared purpose; results come in the items' order.
func (c *Client) Check(ctx context.Context, purpose string, items ...CheckItem) ([]CheckResult, error) {
	var a wire.Answer[Record]
	in := wire.Request{Purpose: purpose, Items: items}
	return a.Results, c.do(ctx, "POST", "/api/v1/checks", nil, in, &a)
}

type (
	// MRZ is a machine readable zone as read.
	MRZ = wire.MRZ
	// MRZCheck is the outcome of one of its check digits.
	MRZCheck = wire.MRZCheck
)

// ParseMRZ reads an MRZ (lines separated by "\n") and verifies its check digits.
func (c *Client) ParseMRZ(ctx context.Context, text string) (MRZ, error) {
	var m MRZ
	return m, c.do(ctx, "POST", "/api/v1/mrz/parse", nil, map[string]string{"mrz": text}, &m)
}

// The manifest types, as the API sends and takes them.
type (
	// ManifestRow is one traveller of a manifest: the name whole (Name) or
	// in parts (Surname, GivenNames, MiddleNames).
	ManifestRow = wire.ManifestRow
	// Manifest is a passenger or crew list to screen.
	Manifest = wire.Manifest[ManifestRow]
	// ManifestAnswer is the screening of a manifest, row by row.
	ManifestAnswer = wire.ManifestAnswer[Record]
	// ManifestRowResult is what one row met; Outcome "error" with Error
	// for a row that could not be read.
	ManifestRowResult = wire.RowResult[Record]
	// ManifestRowError says what is wrong with a row.
	ManifestRowError = wire.Issue
	// ManifestSummary counts a manifest's outcomes.
	ManifestSummary = wire.ManifestTotals
)

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

type (
	// CheckedHit is a hit of the caller's own checks with the owner's
	// answer. Checked is what was checked, the items as sent; Referred: the
	// checking unit was told to contact its NCB, and is not shown the
	// record, database or owner.
	CheckedHit = wire.CheckedHit[[]CheckItem]
	// AnsweredBy names the owner's bureau and unit that answered a hit.
	AnsweredBy = wire.AnsweredBy
)

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
