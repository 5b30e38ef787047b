package audit

import (
	"context"
	"fmt"

	"github.com/ncbnet/ncbnet/internal/access"
)

// Authorize asks the access decision whether p may do a on r for purpose.
// A refusal is recorded in the log (outcome denied, the reason code, the
// resources and the owning country as subject) and returned as the error the
// caller answers with. It is the one way services enforce access, so that no
// refusal goes unrecorded.
func (l *Log) Authorize(ctx context.Context, p access.Principal, a access.Action, r access.Resource, purpose access.Purpose, resources ...string) error {
	d := access.Decide(p, a, r, purpose)
	if d.Allowed {
		return nil
	}
	e := Entry{
		Actor: ActorOf(p), Action: string(a), Resources: resources, Purpose: string(purpose),
		Outcome: OutcomeDenied, Reason: string(d.Reason),
	}
	if r.Country != "" {
		e.Subjects = []string{r.Country}
	}
	if _, err := l.Append(ctx, e); err != nil {
		return fmt.Errorf("audit refusal of %s: %w", a, err)
	}
	return d.Err()
}
