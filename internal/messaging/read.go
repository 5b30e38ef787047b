package messaging

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/live"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Get returns a message p is a party to, with its recipients' states (a
// recipient sees its own state and who else received the message; the
// sending side sees every state). Every read is audited (consultation).
func (s *Service) Get(ctx context.Context, p access.Principal, id string) (Message, error) {
	if err := s.audit.Authorize(ctx, p, access.MessageRead, access.Resource{Country: p.Country}, ""); err != nil {
		return Message{}, err
	}
	m, err := s.visible(ctx, p, id)
	if err != nil {
		return Message{}, err
	}
	s.verify(ctx, &m)
	if err := s.audit.Record(ctx, readEntry(p, m)); err != nil {
		return Message{}, err
	}
	return redactStates(p, m), nil
}

// visible loads a message p is a party to; any other is not found (its
// existence is not disclosed).
func (s *Service) visible(ctx context.Context, p access.Principal, id string) (Message, error) {
	m, found, err := loadMessage(ctx, s.db, id)
	if err != nil {
		return Message{}, err
	}
	if !found || !sees(p, m.Message) {
		return Message{}, fault.New(fault.NotFound, "no message %s", id)
	}
	return m.Message, nil
}

// redactStates hides the other recipients' receipts from a recipient that
// is not on the sending side.
func redactStates(p access.Principal, m Message) Message {
	party := partyOf(p)
	if m.Sender.Bureau == party && (receivesForBureau(p) || m.Sender.UnitID == p.UnitID) {
		return m
	}
	own := ownBox(p)
	rs := slices.Clone(m.Recipients)
	for i, r := range rs {
		mine := r.Bureau == own.party && (r.UnitID == own.unit || (own.unit == "" && receivesForBureau(p)))
		if !mine {
			rs[i] = Recipient{Bureau: r.Bureau, UnitID: r.UnitID}
		}
	}
	m.Recipients = rs
	return m
}

func readEntry(p access.Principal, m Message) audit.Entry {
	e := audit.Entry{Actor: audit.ActorOf(p), Action: string(access.MessageRead), Outcome: audit.OutcomeSuccess, Resources: []string{m.ID},
		Details: map[string]string{"handling_code": m.HandlingCode}}
	if m.Sender.Bureau != Secretariat {
		e.Subjects = []string{m.Sender.Bureau}
	}
	return e
}

// Inbox lists the messages p's bureau (its NCB or the Secretariat) or unit
// received, or with f.Sent those it sent, newest first: summaries without
// bodies. before is the last ID of the previous page.
func (s *Service) Inbox(ctx context.Context, p access.Principal, f Filter, before string, limit int) ([]Summary, error) {
	if err := s.audit.Authorize(ctx, p, access.MessageRead, access.Resource{Country: p.Country}, ""); err != nil {
		return nil, err
	}
	if f.State != "" && !slices.Contains([]string{Delivered, Read, Acknowledged}, f.State) {
		return nil, fault.Field(fault.BadParameter, "state", "state is one of delivered, read, acknowledged")
	}
	if f.Priority != "" && !slices.Contains(Priorities, f.Priority) {
		return nil, fault.Field(fault.BadParameter, "priority", "priority is one of routine, urgent, flash")
	}
	if f.Sent && f.State != "" {
		return nil, fault.Field(fault.BadParameter, "state", "state filters received messages, not sent ones")
	}
	if f.Sent && f.Escalated {
		return nil, fault.Field(fault.BadParameter, "escalated", "escalated filters received messages; a sent message's recipients show their escalation")
	}
	b := ownBox(p)
	b.sent = f.Sent
	out, err := listBox(ctx, s.db, b, f, before, limit)
	if err != nil {
		return nil, err
	}
	how := "inbox"
	if f.Sent {
		how = "sent"
	}
	if err := s.audit.Record(ctx, audit.Entry{Actor: audit.ActorOf(p), Action: string(access.MessageRead), Outcome: audit.OutcomeSuccess,
		Details: map[string]string{"list": how, "count": fmt.Sprint(len(out))}}); err != nil {
		return nil, err
	}
	return out, nil
}

// MarkRead records that p's bureau or unit read a message it received.
func (s *Service) MarkRead(ctx context.Context, p access.Principal, id string) (Message, error) {
	return s.receipt(ctx, p, id, Read)
}

// Acknowledge records that p's bureau or unit acknowledged a message it
// received (reading it, if not yet marked read): what stops escalation.
func (s *Service) Acknowledge(ctx context.Context, p access.Principal, id string) (Message, error) {
	return s.receipt(ctx, p, id, Acknowledged)
}

func (s *Service) receipt(ctx context.Context, p access.Principal, id, state string) (Message, error) {
	if err := s.audit.Authorize(ctx, p, access.MessageReceipt, access.Resource{Country: p.Country}, ""); err != nil {
		return Message{}, err
	}
	m, err := s.visible(ctx, p, id)
	if err != nil {
		return Message{}, err
	}
	r, ok := ownRecipient(p, m)
	if !ok {
		return Message{}, fault.New(fault.Forbidden, "your %s is not a recipient of message %s", map[bool]string{true: "bureau", false: "unit"}[receivesForBureau(p)], id)
	}
	now := store.Micros(s.clock.Now())
	var changed bool
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		q := `UPDATE message_recipients SET state = ?, read_at = ?, read_by = ?, delivered_at = COALESCE(delivered_at, ?) WHERE message_id = ? AND party = ? AND unit_id = ? AND state IN (?, ?)`
		args := []any{Read, now, p.Name, now, id, r.Bureau, r.UnitID, Queued, Delivered}
		if state == Acknowledged {
			q = `UPDATE message_recipients SET state = ?, acked_at = ?, acked_by = ?, read_at = COALESCE(read_at, ?), read_by = COALESCE(read_by, ?), delivered_at = COALESCE(delivered_at, ?) WHERE message_id = ? AND party = ? AND unit_id = ? AND state <> ?`
			args = []any{Acknowledged, now, p.Name, now, p.Name, now, id, r.Bureau, r.UnitID, Acknowledged}
		}
		res, err := tx.Exec(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("record receipt of message %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // already in that state or past it: nothing to do
		}
		changed = true
		return s.audit.AppendTx(ctx, tx, receiptEntry(p, m, state))
	})
	if err != nil {
		return Message{}, err
	}
	if changed {
		s.announce(event{Kind: kindReceipt, IDs: []string{id}, Bureau: r.Bureau, Unit: r.UnitID})
	}
	out, err := s.visible(ctx, p, id)
	if err != nil {
		return Message{}, err
	}
	s.verify(ctx, &out)
	return redactStates(p, out), nil
}

// maxMissed bounds how many missed messages a reconnecting stream is sent
// before the live ones; beyond that the inbox listing has them.
const maxMissed = 500

// missed returns the messages delivered to p's bureau (NCB, Secretariat)
// or unit after the delivery a stream's cursor names (its Last-Event-ID),
// in delivery order, at most maxMissed; more reports that there are
// others after them.
func (s *Service) missed(ctx context.Context, p access.Principal, cursor string) (events []Event, more bool, err error) {
	after, err := strconv.ParseInt(cursor, 10, 64)
	if err != nil || after < 0 {
		return nil, false, fault.Field(fault.BadParameter, "Last-Event-ID", "Last-Event-ID is the cursor of the last message the stream sent")
	}
	sums, err := listAfter(ctx, s.db, ownBox(p), after, maxMissed+1)
	if err != nil {
		return nil, false, err
	}
	if len(sums) > maxMissed {
		sums, more = sums[:maxMissed], true
	}
	events = make([]Event, len(sums))
	for i, sum := range sums {
		events[i] = messageEvent(sum, *sum.Recipient)
		events[i].Message.Recipient = nil
	}
	return events, more, nil
}

// messageEvent is the event of a message delivered to a recipient.
func messageEvent(m Summary, r Recipient) Event {
	e := Event{Kind: kindMessage, Message: m, Recipient: r}
	if r.Seq > 0 {
		e.Cursor = strconv.FormatInt(r.Seq, 10)
	}
	return e
}

// Follow opens a live stream for p: messages delivered to its bureau (NCB
// or Secretariat) or unit, and the receipts and escalations of what its
// bureau (unit) sent. Opening it is audited. A client that reconnects with
// the cursor of the last message it received (lastID, its Last-Event-ID)
// first gets the messages delivered since, in delivery order; when there
// are more than one connection sends, the stream ends after them and the
// client reconnects for the rest. Only messages carry a cursor: receipts
// and escalations do not move it.
func (s *Service) Follow(ctx context.Context, p access.Principal, lastID string) (<-chan Event, func(), error) {
	if err := s.audit.Authorize(ctx, p, access.MessageRead, access.Resource{Country: p.Country}, ""); err != nil {
		return nil, nil, err
	}
	party := partyOf(p)
	bureau := receivesForBureau(p)
	topics := []string{sentTopic(party)}
	if bureau {
		topics = append(topics, inboxTopic(party))
	} else {
		topics = append(topics, unitTopic(p.UnitID))
	}
	keep := func(e Event) bool {
		if e.Message.Sender.Bureau == party && e.Kind != kindMessage {
			// What the bureau sent: a unit follows only its own.
			return bureau || e.Message.Sender.UnitID == p.UnitID
		}
		return true
	}
	missed := func(ctx context.Context, cursor string) ([]Event, bool, error) { return s.missed(ctx, p, cursor) }
	// Opened (Last-Event-ID checked, what was missed loaded), then audited.
	ch, cancel, err := live.Follow(ctx, s.broker.live, topics, keep, lastID, missed, func(e Event) string {
		if e.Kind == kindMessage {
			return e.Message.ID
		}
		return ""
	})
	if err != nil {
		return nil, nil, err
	}
	if err := s.audit.Record(ctx, audit.Entry{Actor: audit.ActorOf(p), Action: string(access.MessageRead), Outcome: audit.OutcomeSuccess,
		Details: map[string]string{"list": "stream"}}); err != nil {
		cancel()
		return nil, nil, err
	}
	return ch, cancel, nil
}
