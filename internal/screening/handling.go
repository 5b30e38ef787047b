package screening

import (
	"context"
	"slices"
	"sync"

	"github.com/ncbnet/ncbnet/internal/hits"
	"github.com/ncbnet/ncbnet/internal/member"
	"github.com/ncbnet/ncbnet/internal/records"
	"github.com/ncbnet/ncbnet/internal/screening/wire"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Contact is whom the checking officer calls about a hit (package wire).
type Contact = wire.Contact

// actionOf is what the owner asks whoever finds the record's subject to
// do: the record's action property, or what its database implies.
func actionOf(r records.Record) []string {
	if a := r.Properties["action"]; len(a) > 0 {
		return a
	}
	switch r.Database {
	case "sltd", "sad", "smv", "vessels", "firearms", "works-of-art":
		return []string{"seize"}
	case "tdawn", "terrorism":
		return []string{"inform", "do-not-alert"}
	case "nominal":
		topics := r.Properties["topics"]
		switch {
		case slices.Contains(topics, "wanted"):
			return []string{"arrest"}
		case slices.Contains(topics, "missing"):
			return []string{"protect"}
		case slices.Contains(topics, "foreign-terrorist-fighter"):
			return []string{"inform", "do-not-alert"}
		}
	}
	return []string{"inform"}
}

// urgencyOf says how soon the owner must confirm: at once (10 minutes)
// when the checking officer may have to hold someone or something on the
// strength of the hit alone, within the hour otherwise (the NCIC rule).
func urgencyOf(action []string) string {
	for _, a := range action {
		if a == "arrest" || a == "seize" || a == "protect" {
			return hits.Urgent
		}
	}
	return hits.Routine
}

// contacts finds the owners' NCBs, once per bureau.
type contacts struct {
	db store.Conn
	mu sync.Mutex
	m  map[string]string
}

func (c *contacts) of(ctx context.Context, r records.Record) Contact {
	out := Contact{Bureau: r.Owner, Unit: "NCB " + r.Owner}
	if d := r.Properties["contact"]; len(d) > 0 {
		out.Details = d[0]
	}
	c.mu.Lock()
	name, ok := c.m[r.Owner]
	c.mu.Unlock()
	if !ok {
		// A bureau's NCB is created with its country and keeps its name;
		// without it the reference still names the bureau.
		if u, err := member.NCBOf(ctx, c.db, r.Owner); err == nil {
			name = u.Name
			c.mu.Lock()
			c.m[r.Owner] = name
			c.mu.Unlock()
		}
	}
	if name != "" {
		out.Unit = name
	}
	return out
}
