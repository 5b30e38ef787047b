package messaging

import (
	"context"
	"fmt"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/records"
)

// checkReferences refuses a reference to a record, hit or message the
// sender may not see, or that does not exist (the same answer for both:
// a reference is no way to learn of what one may not see). Notices and
// stop-payment requests are held elsewhere and case numbers are the
// bureaus' own: those are taken as given.
func (s *Service) checkReferences(ctx context.Context, p access.Principal, refs []Reference) error {
	for i, r := range refs {
		field := fmt.Sprintf("references[%d].id", i)
		var seen bool
		switch r.Type {
		case "record":
			rs, err := records.GetMany(ctx, s.db, []string{r.ID})
			if err != nil {
				return err
			}
			seen = len(rs) == 1 && access.Sees(p, rs[0].Resource())
		case "hit":
			// A hit just disclosed is stored once its audit entry is.
			if err := s.audit.Settle(ctx); err != nil {
				return err
			}
			hs, err := hits.GetMany(ctx, s.db, []string{r.ID})
			if err != nil {
				return err
			}
			// A hit is the owner's bureau's, and the checking or searching
			// bureau's.
			seen = len(hs) == 1 && p.Country != "" && (hs[0].Owner == p.Country || hs[0].Searcher.Country == p.Country)
		case "message":
			m, found, err := loadMessage(ctx, s.db, r.ID)
			if err != nil {
				return err
			}
			seen = found && sees(p, m.Message)
		default:
			continue
		}
		if !seen {
			return fault.Field(fault.InvalidField, field, "no %s %s that you may see", r.Type, r.ID)
		}
	}
	return nil
}
