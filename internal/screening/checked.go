package screening

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Confirmation is the owner's answer to a hit.
type Confirmation struct {
	// Confirmation is "confirmed" (the record is the one in front of the
	// checking officer, and still stands) or "denied".
	Confirmation string `json:"confirmation"`
	// Note tells the checking side what next ("hold him, an extradition
	// request follows", "not our subject: born 1971").
	Note string `json:"note,omitempty"`
}

// maxNoteBytes bounds an answer's note.
const maxNoteBytes = 2000

// Confirm records the owner's answer to a hit on one of its records and
// tells the checking side at once.
func (s *Service) Confirm(ctx context.Context, p access.Principal, hitID string, c Confirmation) (hits.Hit, error) {
	if c.Confirmation != hits.Confirmed && c.Confirmation != hits.Denied {
		if c.Confirmation == "" {
			return hits.Hit{}, fault.Field(fault.MissingField, "confirmation", "confirmation is confirmed or denied")
		}
		return hits.Hit{}, fault.Field(fault.InvalidField, "confirmation", "confirmation is confirmed or denied, not %q", c.Confirmation)
	}
	if len(c.Note) > maxNoteBytes {
		return hits.Hit{}, fault.Field(fault.InvalidField, "note", "a note has at most %d bytes", maxNoteBytes)
	}
	h, err := hits.Get(ctx, s.db, hitID)
	if errors.Is(err, hits.ErrNotFound) {
		return hits.Hit{}, fault.New(fault.NotFound, "no hit %s", hitID)
	}
	if err != nil {
		return hits.Hit{}, err
	}
	// Another bureau's hit does not exist for p, whatever else would refuse
	// it: who checked what is not its business. The attempt is audited.
	if err := s.audit.Authorize(ctx, p, access.HitAnswer, access.Resource{Country: h.Owner}, "", h.ID); err != nil {
		if h.Owner != p.Country {
			return hits.Hit{}, fault.New(fault.NotFound, "no hit %s", hitID)
		}
		return hits.Hit{}, err
	}
	if h.Source != hits.SourceCheck {
		return hits.Hit{}, fault.New(fault.Conflict, "hit %s comes from a search: it awaits no confirmation", hitID)
	}
	now := s.clock.Now()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := hits.SetAnswer(ctx, tx, h.ID, c.Confirmation, p.Name, c.Note, now); err != nil {
			return err
		}
		return s.audit.AppendTx(ctx, tx, audit.Entry{
			Actor: audit.ActorOf(p), Action: string(access.HitAnswer), Resources: []string{h.ID, h.RecordID},
			Outcome: audit.OutcomeSuccess, Subjects: subjectsOf(h),
			Details: map[string]string{"confirmation": c.Confirmation, "late": fmt.Sprint(h.Deadline != nil && now.After(*h.Deadline))},
		})
	})
	if errors.Is(err, hits.ErrNotPending) {
		return hits.Hit{}, fault.New(fault.Conflict, "hit %s was answered already", hitID)
	}
	if err != nil {
		return hits.Hit{}, fmt.Errorf("answer hit %s: %w", hitID, err)
	}
	h.Confirmation, h.AnsweredAt, h.AnsweredBy, h.Note = c.Confirmation, &now, p.Name, c.Note
	s.broker.Publish(ctx, []hits.Hit{h})
	return h, nil
}

// subjectsOf are the bureaus a hit concerns: the owner and the checker.
func subjectsOf(h hits.Hit) []string {
	out := []string{h.Owner}
	if c := h.Searcher.Country; c != "" && c != h.Owner {
		out = append(out, c)
	}
	return out
}

// Escalate sends every hit past its deadline without an answer to its
// owner's supervisors (their hit streams get it as an escalation), once,
// and audits it. It returns how many it escalated.
func (s *Service) Escalate(ctx context.Context) (int, error) {
	now := s.clock.Now()
	n := 0
	for {
		overdue, err := hits.Overdue(ctx, s.db, now, 200)
		if err != nil || len(overdue) == 0 {
			return n, err
		}
		var done []hits.Hit
		for _, h := range overdue {
			var won bool
			err := s.db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				if won, err = hits.MarkEscalated(ctx, tx, h.ID, now); err != nil || !won {
					return err
				}
				return s.audit.AppendTx(ctx, tx, audit.Entry{
					Actor: audit.SystemActor("hit-escalation"), Action: "hit.escalate", Resources: []string{h.ID, h.RecordID},
					Outcome: audit.OutcomeSuccess, Subjects: subjectsOf(h),
					Details: map[string]string{"urgency": h.Urgency, "deadline": h.Deadline.UTC().Format(time.RFC3339)},
				})
			})
			if err != nil {
				return n, fmt.Errorf("escalate hit %s: %w", h.ID, err)
			}
			if won {
				h.EscalatedAt = &now
				done = append(done, h)
				n++
			}
		}
		s.broker.Publish(ctx, done)
		if len(overdue) < 200 {
			return n, nil
		}
	}
}

// RunEscalation escalates overdue hits every interval until ctx is done.
// Several nodes may run it: each hit is escalated once.
func (s *Service) RunEscalation(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.Escalate(ctx); err != nil && ctx.Err() == nil {
				s.logger.Error("escalate overdue hits", "err", err)
			} else if n > 0 {
				s.logger.Info("overdue hits escalated to the owners' supervisors", "hits", n)
			}
		}
	}
}

// CheckedHit is a hit of the checking side's own checks, as it follows
// them: what it needs to act on, and the owner's answer.
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
	Note         string     `json:"note,omitempty"`
	EscalatedAt  *time.Time `json:"escalated_at,omitempty"`
	Time         time.Time  `json:"time"`
	UnitID       string     `json:"unit_id"`
}

// checkedView is a hit as the checking side follows it. The owner's note
// may say more about the record's subject ("not ours: born 1971"): only
// those who may read records in the hit's database get it.
func checkedView(p access.Principal, h hits.Hit) CheckedHit {
	c := CheckedHit{
		HitID: h.ID, Database: h.Database, RecordID: h.RecordID, Owner: h.Owner, Action: h.Action, Urgency: h.Urgency,
		Deadline: h.Deadline, Confirmation: h.Confirmation, AnsweredAt: h.AnsweredAt, Note: h.Note, EscalatedAt: h.EscalatedAt,
		Time: h.Time, UnitID: h.Searcher.UnitID,
	}
	if !access.Decide(p, access.RecordRead, access.Resource{Database: h.Database}, h.Purpose).Allowed {
		c.Note = ""
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
// their confirmation.
func (s *Service) FollowChecked(ctx context.Context, p access.Principal) (<-chan CheckedHit, func(), error) {
	unit, err := s.checker(ctx, p, "stream")
	if err != nil {
		return nil, nil, err
	}
	in, cancel := s.broker.SubscribeChecks(p.Country, unit)
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
