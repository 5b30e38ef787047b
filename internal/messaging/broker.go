package messaging

import (
	"context"
	"encoding/json"
	"time"

	"github.com/ncbnet/ncbnet/internal/live"
)

// EventSubject is the subject of message events on the event bus.
const EventSubject = "messages"

// The kinds of event.
const (
	kindMessage    = "message"    // messages delivered to their recipients
	kindReceipt    = "receipt"    // a recipient read or acknowledged a message
	kindEscalation = "escalation" // a recipient let a message pass its deadline
)

// event tells every node what changed. It names messages only: each node
// loads them from the store, so the bus carries no one's correspondence.
type event struct {
	Kind string   `json:"kind"`
	IDs  []string `json:"ids"`
	// Bureau and Unit name the recipient of a receipt or an escalation.
	Bureau string `json:"bureau,omitempty"`
	Unit   string `json:"unit,omitempty"`
}

// broker pushes events to the streams open on this node (internal/live):
// a stream too slow to keep up is ended rather than holding anyone up (its
// client resumes from its cursor); the inbox is complete.
type broker struct {
	s    *Service
	live *live.Broker[Event]
}

// streamBuffer is how many events a stream holds before it is ended.
const streamBuffer = 256

func newBroker(s *Service) *broker {
	return &broker{s: s, live: live.New[Event](streamBuffer)}
}

// Topics: a bureau's inbox (its NCB's, or the Secretariat's), one unit's
// inbox, and what a bureau sent.
func inboxTopic(party string) string { return "in/" + party }
func unitTopic(unit string) string   { return "unit/" + unit }
func sentTopic(party string) string  { return "out/" + party }

func recipientTopic(r Recipient) string {
	if r.UnitID != "" {
		return unitTopic(r.UnitID)
	}
	return inboxTopic(r.Bureau)
}

// announceTimeout bounds how long a change waits to be announced.
const announceTimeout = 5 * time.Second

func (b *broker) publish(ctx context.Context, e event) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), announceTimeout)
	defer cancel()
	data, err := json.Marshal(e)
	if err == nil {
		err = b.s.events.Publish(ctx, EventSubject, data)
	}
	if err != nil {
		b.s.logger.Error("announce messages to the live streams", "kind", e.Kind, "messages", len(e.IDs), "err", err)
	}
}

func (b *broker) push(topic string, e Event) { b.live.Push(topic, e) }

// Event takes an event of any node from the bus and pushes what it names
// to the streams on this node that follow it.
func (b *broker) Event(ctx context.Context, data []byte) {
	var e event
	if err := json.Unmarshal(data, &e); err != nil {
		b.s.logger.Error("a message event that is not one: ignored", "err", err)
		return
	}
	for _, id := range e.IDs {
		m, found, err := loadMessage(ctx, b.s.db, id)
		if err != nil || !found {
			b.s.logger.Error("load a message for the live streams: they miss it", "message", id, "err", err)
			continue
		}
		sum := summaryOf(m.Message)
		switch e.Kind {
		case kindMessage:
			for _, r := range m.Recipients {
				b.push(recipientTopic(r), messageEvent(sum, r))
				b.push(sentTopic(m.Sender.Bureau), Event{Kind: kindReceipt, Message: sum, Recipient: r})
			}
		case kindReceipt, kindEscalation:
			for _, r := range m.Recipients {
				if r.Bureau != e.Bureau || r.UnitID != e.Unit {
					continue
				}
				b.push(sentTopic(m.Sender.Bureau), Event{Kind: e.Kind, Message: sum, Recipient: r})
				if e.Kind == kindEscalation {
					b.push(recipientTopic(r), Event{Kind: e.Kind, Message: sum, Recipient: r})
				}
			}
		}
	}
}

// Missed is told when events were lost: the streams on this node may lack
// some; the inboxes do not.
func (b *broker) Missed(context.Context) {
	b.s.logger.Warn("message events were missed: live streams on this node may lack some (the inboxes are complete)")
}

func summaryOf(m Message) Summary {
	return Summary{ID: m.ID, ThreadID: m.ThreadID, ReplyTo: m.ReplyTo, Sender: m.Sender, Subject: m.Subject, Encrypted: m.Encrypted,
		Priority: m.Priority, HandlingCode: m.HandlingCode, CreatedAt: m.CreatedAt}
}
