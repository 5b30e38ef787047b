package screening

import (
	"context"
	"fmt"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/screening/edge"
)

// Offline answers checks on an edge node from its signed copy, with no
// connection, in the same shape as POST /api/v1/checks, and queues every
// hit for upload. It checks identifiers only, exactly (no look-alike
// characters, no firearm make, no document type): a person needs the name
// matcher, and so the network.
type Offline struct {
	Copy  *edge.Copy
	Queue *edge.Queue
	IDs   id.Source
	Clock clock.Clock
}

// Check runs req against the copy.
func (o *Offline) Check(ctx context.Context, req Request) (Answer, error) {
	if req.Purpose != access.PurposeBorderControl && req.Purpose != access.PurposeSecurityCheck {
		if req.Purpose == "" {
			return Answer{}, fault.New(fault.PurposeRequired, "declare the purpose of this check")
		}
		return Answer{}, fault.New(fault.PurposeNotPermitted, "an edge node checks for border-control or security-check")
	}
	if len(req.Items) == 0 {
		return Answer{}, fault.Field(fault.MissingField, "items", "give at least one item to check")
	}
	if len(req.Items) > MaxItems {
		return Answer{}, fault.Field(fault.InvalidField, "items", "at most %d items a request", MaxItems)
	}
	now := o.Clock.Now()
	var all []probe
	for i, it := range req.Items {
		if it.Kind == KindPerson {
			return Answer{}, fault.Field(fault.InvalidField, fmt.Sprintf("items[%d].kind", i), "a person is checked by name, which needs the network: this node is offline")
		}
		ps, err := probes(i, it, now)
		if err != nil {
			return Answer{}, err
		}
		all = append(all, ps...)
	}
	out := Answer{Results: make([]Result, len(req.Items))}
	for i := range out.Results {
		out.Results[i] = Result{Index: i, Outcome: OutcomeNoHit, Hits: []Hit{}}
	}
	for _, pr := range all {
		if pr.person != nil {
			continue // an MRZ's holder: by name, online only
		}
		country := ""
		if pr.kind == "document-number" {
			country = pr.country
		}
		res := &out.Results[pr.item]
		for _, m := range o.Copy.Lookup(string(pr.kind), country, index.ExactKey(pr.kind, pr.value)) {
			if containsRecord(res.Hits, m.RecordID) {
				continue
			}
			urgency := hits.Routine
			if m.Urgent {
				urgency = hits.Urgent
			}
			h := Hit{
				HitID: o.IDs.New(), Database: m.Database, RecordID: m.RecordID, Owner: m.Owner,
				Matched: []string{pr.field}, Score: 1, Action: m.Action,
				Contact: Contact{Bureau: m.Owner, Unit: "NCB " + m.Owner},
				Urgency: urgency, Deadline: now.Add(hits.DeadlineOf(urgency)), Confirmation: hits.Pending,
			}
			// The hit is kept before it is shown: an answer is never given
			// for a hit the owner would not hear of.
			if err := o.Queue.Add(edge.Hit{ID: h.HitID, RecordID: m.RecordID, Database: m.Database, Owner: m.Owner,
				Kind: string(pr.kind), Time: now, Matched: []string{string(pr.kind)}, Purpose: string(req.Purpose)}); err != nil {
				return Answer{}, fmt.Errorf("queue offline hit: %w", err)
			}
			res.Hits = append(res.Hits, h)
			res.Outcome = OutcomeHit
		}
	}
	return out, nil
}
