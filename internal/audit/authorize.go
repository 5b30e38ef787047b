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
	if _, err := l.Append(ctx, refusal(p, a, r, purpose, resources, d)); err != nil {
		return fmt.Errorf("audit refusal of %s: %w", a, err)
	}
	return d.Err()
}

// Longest text from a request that a refusal entry keeps.
const (
	maxRefusedText     = 64
	maxRefusedResource = 128
)

// refusal builds the entry of a refusal. The country, purpose and resources
// may come straight from a request, so nothing in them may make Append
// reject the entry: a country that is not a country code is kept as a
// detail instead of a subject, and text is made valid UTF-8 and cut short.
func refusal(p access.Principal, a access.Action, r access.Resource, purpose access.Purpose, resources []string, d access.Decision) Entry {
	e := Entry{
		Actor: ActorOf(p), Action: string(a), Purpose: clip(string(purpose), maxRefusedText),
		Outcome: OutcomeDenied, Reason: string(d.Reason),
	}
	for _, res := range resources {
		if res != "" {
			e.Resources = append(e.Resources, clip(res, maxRefusedResource))
		}
	}
	switch {
	case r.Country == "":
	case IsCountryCode(r.Country):
		e.Subjects = []string{r.Country}
	default:
		e.Details = map[string]string{"country": clip(r.Country, maxRefusedText)}
	}
	return e
}
