package screening

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/clock"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/id"
	"github.com/ncbnet/ncbnet/internal/index"
	"github.com/ncbnet/ncbnet/internal/screening/edge"
)

// OutcomeNotChecked is the outcome of an item an edge node could not check:
// it needs the name matcher (a person, an MRZ's holder, a vessel by name),
// which only the central node has, and the central node did not answer.
// It is never a clearance: the result's error says what was not checked.
const OutcomeNotChecked = "not-checked"

// Central checks at the central node, in the edge node's name, the items
// its copy cannot answer.
type Central interface {
	Check(ctx context.Context, req Request) (Answer, error)
}

// Offline answers checks on an edge node from its signed copy, in the same
// shape as POST /api/v1/checks, and queues every hit for upload. It checks
// identifiers only, exactly (no look-alike characters, no firearm make, no
// document type). An item that needs the name matcher (a person, an MRZ
// with its holder's name, a vessel by name) goes whole to the central node
// when it answers; when it does not, the item's identifiers are still
// checked against the copy, and an item they do not hit is not-checked.
type Offline struct {
	Copy  *edge.Copy
	Queue *edge.Queue
	IDs   id.Source
	Clock clock.Clock
	// Central, when set, checks the items that need the name matcher; an
	// error from it (no link) leaves them not checked.
	Central Central
	// Queued, when set, is called after a check queued hits (the edge node
	// then uploads them at once).
	Queued func()
}

// EdgeAnswer is an edge node's answer to a check: POST /api/v1/checks's
// answer, in which an item that could not be checked has the outcome
// not-checked and says why.
type EdgeAnswer struct {
	Results []EdgeResult `json:"results"`
}

// EdgeResult is what one item met on an edge node. Error is set when the
// outcome is not-checked: the field not checked and what to do.
type EdgeResult struct {
	Result
	Error *Issue `json:"error,omitempty"`
}

// Check runs req against the copy, and the items that need the name
// matcher against the central node.
func (o *Offline) Check(ctx context.Context, req Request) (EdgeAnswer, error) {
	if req.Purpose != access.PurposeBorderControl && req.Purpose != access.PurposeSecurityCheck {
		if req.Purpose == "" {
			return EdgeAnswer{}, fault.New(fault.PurposeRequired, "declare the purpose of this check")
		}
		return EdgeAnswer{}, fault.New(fault.PurposeNotPermitted, "an edge node checks for border-control or security-check")
	}
	if len(req.Items) == 0 {
		return EdgeAnswer{}, fault.Field(fault.MissingField, "items", "give at least one item to check")
	}
	if len(req.Items) > MaxItems {
		return EdgeAnswer{}, fault.Field(fault.InvalidField, "items", "at most %d items a request", MaxItems)
	}
	now := o.Clock.Now()
	seq, made := o.Copy.Seq(), o.Copy.Created()
	if seq == 0 {
		return EdgeAnswer{}, fault.New(fault.Unavailable, "this edge node has no copy yet: it needs the link once")
	}
	if age := now.Sub(made); age > EdgeCopyValidity {
		const day = 24 * time.Hour
		return EdgeAnswer{}, fault.New(fault.Unavailable, "this edge node's copy was made %d days ago, past its validity (%d days): it needs the link", age/day, EdgeCopyValidity/day)
	}
	// Every item is read before anything is checked: a bad one refuses
	// the request, whichever node would have checked it.
	var all []probe
	central := make([]bool, len(req.Items))     // needs the name matcher
	identifiers := make([]bool, len(req.Items)) // has identifiers the copy answers
	for i, it := range req.Items {
		ps, err := probes(i, it, now)
		if err != nil {
			return EdgeAnswer{}, err
		}
		central[i] = slices.ContainsFunc(ps, func(p probe) bool { return p.person != nil })
		identifiers[i] = slices.ContainsFunc(ps, func(p probe) bool { return p.person == nil })
		all = append(all, ps...)
	}
	out := EdgeAnswer{Results: make([]EdgeResult, len(req.Items))}
	for i := range out.Results {
		out.Results[i] = EdgeResult{Result: Result{Index: i, Outcome: OutcomeNoHit, Hits: []Hit{}}}
	}
	answered := o.askCentral(ctx, req, central, out.Results)
	queued := 0
	for _, pr := range all {
		if answered[pr.item] || pr.person != nil {
			continue
		}
		country := ""
		if pr.kind == "document-number" {
			country = pr.country
		}
		res := &out.Results[pr.item]
		for _, m := range o.Copy.Lookup(string(pr.kind), country, index.ExactKey(pr.kind, pr.value)) {
			if slices.ContainsFunc(res.Hits, func(h Hit) bool { return h.RecordID == m.RecordID }) {
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
				Kind: string(pr.kind), Time: now, Matched: []string{string(pr.kind)}, Purpose: string(req.Purpose), CopySeq: seq}); err != nil {
				return EdgeAnswer{}, fmt.Errorf("queue offline hit: %w", err)
			}
			queued++
			res.Hits = append(res.Hits, h)
			res.Outcome = OutcomeHit
		}
	}
	for i, it := range req.Items {
		if res := &out.Results[i]; central[i] && !answered[i] && res.Outcome == OutcomeNoHit {
			res.Outcome, res.Error = OutcomeNotChecked, notChecked(i, it, identifiers[i])
		}
	}
	if queued > 0 && o.Queued != nil {
		o.Queued()
	}
	return out, nil
}

// askCentral has the central node check the items marked central and puts
// its results in out, in the items' places. It returns which items it
// answered: none when there is no central node or it did not answer.
func (o *Offline) askCentral(ctx context.Context, req Request, central []bool, out []EdgeResult) []bool {
	answered := make([]bool, len(req.Items))
	if o.Central == nil {
		return answered
	}
	var (
		sub    = Request{Purpose: req.Purpose}
		places []int
	)
	for i, it := range req.Items {
		if central[i] {
			sub.Items = append(sub.Items, it)
			places = append(places, i)
		}
	}
	if len(places) == 0 {
		return answered
	}
	a, err := o.Central.Check(ctx, sub)
	if err != nil || len(a.Results) != len(places) {
		return answered
	}
	for j, i := range places {
		r := a.Results[j]
		r.Index = i
		if r.Hits == nil {
			r.Hits = []Hit{}
		}
		out[i] = EdgeResult{Result: r}
		answered[i] = true
	}
	return answered
}

// notChecked says what of item i was not checked, to a border officer who
// must not take it for a clearance; identifiers tells whether the copy was
// asked for the item's identifiers (and found none).
func notChecked(i int, it Item, identifiers bool) *Issue {
	const why = "the central node, which checks names, did not answer: do not let this pass as cleared; check again when the link is up, or call your NCB"
	field, what := fmt.Sprintf("items[%d].name", i), "the person was not checked"
	switch {
	case it.Kind == KindMRZ && identifiers:
		field, what = fmt.Sprintf("items[%d].mrz", i), "the document is not in this node's offline copy, but its holder's name was not checked"
	case it.Kind == KindMRZ:
		field, what = fmt.Sprintf("items[%d].mrz", i), "the holder's name was not checked"
	case it.Kind == KindVessel && identifiers:
		what = "the IMO number is not in this node's offline copy, but the vessel's name was not checked"
	case it.Kind == KindVessel:
		what = "the vessel's name was not checked"
	}
	return &Issue{Field: field, Message: what + ": " + why}
}
