package records

import (
	"context"
	"encoding/json"
	"time"
)

// EventSubject is the subject of record events on the event bus.
const EventSubject = "records"

// Event tells every node that records of a database were created, changed
// or deleted, after the commit. It names the records only: each node loads
// their current state from the store, so an event received twice, late or
// after a newer one leaves the same state, and the bus never carries a
// record's content.
type Event struct {
	Database string   `json:"database"`
	IDs      []string `json:"ids"`
	Change   Change   `json:"change"`
}

// Change is what happened to the records of an event.
type Change string

// The changes.
const (
	// ChangeCreated: new records. A node that already knows one of them
	// (it made it, or loaded it) has it in a version at least as new.
	ChangeCreated Change = "created"
	// ChangeUpdated: a new version of each record.
	ChangeUpdated Change = "updated"
	// ChangeDeleted: the records are gone; there is nothing to load.
	ChangeDeleted Change = "deleted"
)

// Publisher carries events to every node (internal/bus).
type Publisher interface {
	Publish(ctx context.Context, subject string, data []byte) error
}

// maxEventIDs bounds the records one event names: an import batch is
// announced in events of about 30 KB, far below a NATS message's limit.
const maxEventIDs = 1000

// announceTimeout bounds how long a committed write waits to announce
// itself before it returns anyway (the bus then has every node reload).
const announceTimeout = 5 * time.Second

// announce publishes the event of a committed change. The change stands
// whatever happens here, so a failure is logged, not returned: the caller
// was answered by the commit. It runs even if the caller has gone away.
func (s *Service) announce(ctx context.Context, database string, ids []string, change Change) {
	if s.events == nil || len(ids) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), announceTimeout)
	defer cancel()
	for start := 0; start < len(ids); start += maxEventIDs {
		chunk := ids[start:min(start+maxEventIDs, len(ids))]
		data, err := json.Marshal(Event{Database: database, IDs: chunk, Change: change})
		if err == nil {
			err = s.events.Publish(ctx, EventSubject, data)
		}
		if err != nil {
			s.logger.Error("announce record changes to the other nodes", "database", database, "records", len(ids)-start, "err", err)
			return
		}
	}
}
