package screening

import (
	"context"
	"encoding/json"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/screening/wire"
)

// The hits of the checking side's own checks, as the API writes them
// (package wire).
type (
	// CheckedHit is a hit of the checking side's own checks, as it follows
	// them. What was checked is passed on as the hit stored it.
	CheckedHit = wire.CheckedHit[json.RawMessage]
	// AnsweredBy names who answered a hit: the owner's bureau and the unit.
	AnsweredBy = wire.AnsweredBy
)

// checkedView is a hit as the checking side follows it: with the owner's
// answer and note, which the owner writes for the checking side. A unit
// that was told to refer to its NCB is not shown which record it was, nor
// whose, nor what the owner asks: its NCB is.
func checkedView(p access.Principal, h hits.Hit) CheckedHit {
	c := CheckedHit{
		HitID: h.ID, Database: h.Database, RecordID: h.RecordID, Owner: h.Owner, Action: h.Action, Urgency: h.Urgency,
		Deadline: h.Deadline, Confirmation: h.Confirmation, AnsweredAt: h.AnsweredAt, Note: h.Note, EscalatedAt: h.EscalatedAt,
		Time: h.Time, UnitID: h.Searcher.UnitID, Checked: h.Checked, Referred: h.Referred,
	}
	if h.AnsweredAt != nil {
		unit := h.AnsweredUnit
		if unit == "" {
			unit = "NCB " + h.Owner
		}
		c.AnsweredBy = &AnsweredBy{Bureau: h.Owner, Unit: unit}
	}
	if h.Referred && p.UnitKind != access.KindNCB {
		// Not even how urgent (urgency follows the action the owner asks)
		// nor where its NCB's handling stands: its NCB handles it.
		c = CheckedHit{HitID: h.ID, Time: h.Time, UnitID: h.Searcher.UnitID, Checked: h.Checked, Referred: true}
	}
	return c
}

// checker says whose checks p follows: its bureau's (an NCB) or its unit's.
// Following them is audited: who checked what is personal data too.
func (s *Service) checker(ctx context.Context, p access.Principal, how string) (unit string, err error) {
	if err := s.audit.Authorize(ctx, p, access.CheckRead, access.Resource{Country: p.Country}, ""); err != nil {
		return "", err
	}
	if _, err := s.audit.Append(ctx, audit.Entry{
		Actor: audit.ActorOf(p), Action: string(access.CheckRead), Outcome: audit.OutcomeSuccess,
		Subjects: []string{p.Country}, Details: map[string]string{"how": how},
	}); err != nil {
		return "", err
	}
	if p.UnitKind != access.KindNCB {
		return p.UnitID, nil
	}
	return "", nil
}

// Checked lists the hits of p's checks (an NCB: its bureau's), newest first.
func (s *Service) Checked(ctx context.Context, p access.Principal, before string, limit int) ([]CheckedHit, error) {
	unit, err := s.checker(ctx, p, "list")
	if err != nil {
		return nil, err
	}
	if err := s.disclose.Settle(ctx); err != nil {
		return nil, err
	}
	hs, err := hits.ListChecked(ctx, s.db, p.Country, unit, before, limit)
	if err != nil {
		return nil, err
	}
	out := make([]CheckedHit, len(hs))
	for i, h := range hs {
		out[i] = checkedView(p, h)
	}
	return out, nil
}

// FollowChecked opens a live stream of p's checks' hits and every change of
// their confirmation; a client that reconnects with the ID of the last hit
// it received (lastID) first gets the hits stored after it.
func (s *Service) FollowChecked(ctx context.Context, p access.Principal, lastID string) (<-chan CheckedHit, func(), error) {
	// A bad Last-Event-ID opens nothing, so audits nothing.
	if lastID != "" && !id.Valid(lastID) {
		return nil, nil, fault.Field(fault.BadParameter, "Last-Event-ID", "Last-Event-ID is the ID of the last hit the stream sent")
	}
	unit, err := s.checker(ctx, p, "stream")
	if err != nil {
		return nil, nil, err
	}
	if err := s.disclose.Settle(ctx); err != nil {
		return nil, nil, err
	}
	in, cancel, err := s.disclose.Broker().FollowChecks(ctx, p.Country, unit, lastID)
	if err != nil {
		return nil, nil, err
	}
	out := make(chan CheckedHit, 16)
	go func() {
		defer close(out)
		for h := range in {
			select {
			case out <- checkedView(p, h):
			case <-ctx.Done():
				cancel()
				for range in {
				}
				return
			}
		}
	}()
	return out, cancel, nil
}
