package screening

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/screening/wire"
)

// Manifest is a passenger or crew list (advance passenger information) to
// screen at once, as the node reads it (package wire): its rows under any of
// their columns' names (ManifestRow.UnmarshalJSON), or from CSV.
type Manifest = wire.Manifest[ManifestRow]

// ManifestRow is one traveller as the node reads it, the name whole: a row
// of a manifest sent as JSON or CSV, under any of its columns' names
// (columns.go). It has no JSON form of its own: the SDK sends
// wire.ManifestRow.
type ManifestRow struct {
	// Reference is the carrier's reference for the traveller (seat, PNR
	// locator), echoed back so the desk finds the row.
	Reference       string
	Name            string
	BirthDate       string
	Nationality     string
	Gender          string
	DocumentNumber  string
	DocumentCountry string
	DocumentType    string
}

// A manifest's screening, as the API writes it (package wire).
type (
	// ManifestAnswer is the screening of a manifest, one result per row in
	// the rows' order.
	ManifestAnswer = wire.ManifestAnswer[records.Record]
	// RowResult is what one traveller's document and name met.
	RowResult = wire.RowResult[records.Record]
	// Issue says what is wrong with a row, or what of an item was not
	// checked.
	Issue = wire.Issue
	// ManifestTotals counts a manifest's outcomes.
	ManifestTotals = wire.ManifestTotals
)

// OutcomeError is the outcome of a manifest row that could not be read.
const OutcomeError = "error"

// Screen checks every row of m for p.
func (s *Service) Screen(ctx context.Context, p access.Principal, m Manifest) (ManifestAnswer, error) {
	if len(m.Rows) == 0 {
		return ManifestAnswer{}, fault.Field(fault.MissingField, "rows", "a manifest has at least one row")
	}
	if len(m.Rows) > MaxItems {
		return ManifestAnswer{}, fault.Field(fault.InvalidField, "rows", "at most %d rows a manifest: split larger ones", MaxItems)
	}
	if len(m.Voyage) > maxFieldBytes {
		return ManifestAnswer{}, fault.Field(fault.InvalidField, "voyage", "at most %d bytes", maxFieldBytes)
	}
	now := s.clock.Now()
	out := ManifestAnswer{Rows: make([]RowResult, len(m.Rows)), Summary: ManifestTotals{Rows: len(m.Rows)}}
	req := Request{Purpose: access.Purpose(m.Purpose), voyage: m.Voyage}
	var (
		all     []probe
		itemRow []int // the row of each item
	)
	for i, row := range m.Rows {
		out.Rows[i] = RowResult{Row: i + 1, Reference: row.Reference, Outcome: OutcomeNoHit, Hits: []Hit{}}
		items, err := rowItems(row)
		var ps []probe
		// A row's document and name are two items: a record both find is
		// one hit (one per record a request), which keeps both as what was
		// checked.
		for _, it := range items {
			if err != nil {
				break
			}
			var got []probe
			got, err = probes(len(req.Items), it, now)
			ps = append(ps, got...)
			req.Items = append(req.Items, it)
			itemRow = append(itemRow, i)
		}
		if err != nil {
			// Drop what this row added: it is reported, not checked.
			for len(itemRow) > 0 && itemRow[len(itemRow)-1] == i {
				itemRow, req.Items = itemRow[:len(itemRow)-1], req.Items[:len(req.Items)-1]
			}
			out.Rows[i].Outcome, out.Rows[i].Error = OutcomeError, issueOf(err)
			out.Summary.Errors++
			continue
		}
		all = append(all, ps...)
	}
	if len(req.Items) == 0 {
		return out, nil
	}
	results, err := s.run(ctx, p, req, all, now)
	if err != nil {
		return ManifestAnswer{}, err
	}
	for i, r := range results {
		row := &out.Rows[itemRow[i]]
		for _, h := range r.Hits {
			if !containsRecord(row.Hits, h.RecordID) {
				row.Hits = append(row.Hits, h)
			}
		}
		if r.Refer != nil {
			if row.Refer == nil {
				row.Refer = &Referral{Message: r.Refer.Message}
			}
			for _, id := range r.Refer.HitIDs {
				if !slices.Contains(row.Refer.HitIDs, id) {
					row.Refer.HitIDs = append(row.Refer.HitIDs, id)
				}
			}
		}
		switch {
		case len(row.Hits) > 0:
			row.Outcome = OutcomeHit
		case row.Refer != nil:
			row.Outcome = OutcomeRefer
		}
	}
	for _, row := range out.Rows {
		out.Summary.Hits += len(row.Hits)
		if row.Outcome == OutcomeRefer {
			out.Summary.Referred++
		}
	}
	return out, nil
}

// containsRecord reports whether hs already holds a hit on record id (a
// row's document and name may find the same record).
func containsRecord(hs []Hit, id string) bool {
	for _, h := range hs {
		if h.RecordID == id {
			return true
		}
	}
	return false
}

// rowItems turns a row into the items to check: its document and its holder.
func rowItems(r ManifestRow) ([]Item, error) {
	var out []Item
	if r.DocumentNumber != "" || r.DocumentCountry != "" {
		out = append(out, Item{Kind: KindDocument, Number: r.DocumentNumber, Country: r.DocumentCountry, Type: r.DocumentType})
	}
	if r.Name != "" {
		out = append(out, Item{Kind: KindPerson, Name: r.Name, BirthDate: r.BirthDate, Nationality: r.Nationality, Gender: r.Gender})
	}
	if len(out) == 0 {
		return nil, fault.Field(fault.MissingField, "name", "a row needs a name or a document")
	}
	return out, nil
}

// issueOf turns an item's validation error into the row's: the field named
// as the row names it.
func issueOf(err error) *Issue {
	var fe *fault.Error
	if !errors.As(err, &fe) {
		return &Issue{Message: err.Error()}
	}
	field := fe.Field
	if i := strings.Index(field, "]."); i >= 0 {
		field = field[i+2:]
	}
	rowField := map[string]string{"number": "documentNumber", "country": "documentCountry", "type": "documentType"}
	if f, ok := rowField[field]; ok {
		field = f
	}
	return &Issue{Field: field, Message: fe.Message}
}
