package messaging

import (
	"context"
	"fmt"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/audit"
	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

// pending is a message waiting to be stored.
type pending struct {
	m     stored
	entry audit.Entry
	// inserted is false when the sender's idempotency key was taken.
	inserted bool
	done     chan error
}

// maxBatch bounds how many messages one transaction stores.
const maxBatch = 256

// accept stores m and its audit entry durably. Messages sent at the same
// time are stored together, in one transaction (one disk flush for all).
func (s *Service) accept(ctx context.Context, m stored, e audit.Entry) (bool, error) {
	p := &pending{m: m, entry: e, done: make(chan error, 1)}
	// Handing over under the lock: Close, which takes it to stop the
	// acceptor, then finds every message handed over in the queue.
	s.mu.RLock()
	if !s.running {
		s.mu.RUnlock()
		return false, fault.New(fault.Unavailable, "the node is not taking messages now: send again")
	}
	select {
	case s.accepts <- p:
	case <-ctx.Done():
		s.mu.RUnlock()
		return false, ctx.Err()
	}
	s.mu.RUnlock()
	// Once handed over, the message is stored or not whatever the caller
	// does: wait for the answer so that a retry finds it.
	err := <-p.done
	return p.inserted, err
}

// Start begins the service's background work: storing messages, pushing
// them to the streams of every node, delivering what a crash left queued,
// and escalating unacknowledged urgent messages every escalateEvery.
func (s *Service) Start(escalateEvery time.Duration) error {
	stop, err := s.events.Subscribe(EventSubject, s.broker)
	if err != nil {
		return fmt.Errorf("follow message events: %w", err)
	}
	s.stopBus = stop
	// The announcer stops last: what the acceptor and the watch announce
	// as they stop is still published.
	ctx, cancel := context.WithCancel(context.Background())
	actx, acancel := context.WithCancel(context.Background())
	s.stop = func() {
		cancel()
		s.wg.Wait()
		acancel()
		<-s.announced
	}
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		s.runAcceptor(ctx)
	}()
	go func() {
		defer s.wg.Done()
		s.runWatch(ctx, escalateEvery)
	}()
	go func() {
		defer close(s.announced)
		s.runAnnouncer(actx)
	}()
	s.mu.Lock()
	s.running = true
	s.mu.Unlock()
	return nil
}

// Close stops the background work: no message is taken any more, those
// handed over are stored (or refused) first.
func (s *Service) Close() {
	s.mu.Lock()
	s.running = false
	s.mu.Unlock()
	s.stopOnce.Do(func() {
		if s.stop != nil {
			s.stop()
		}
		if s.stopBus != nil {
			s.stopBus()
		}
	})
}

// announce queues an event for the announcer, which publishes it on the
// bus: a slow bus never holds up the senders. When the queue is full the
// event is dropped (the inboxes are complete; live streams miss it).
func (s *Service) announce(e event) {
	select {
	case s.announcements <- e:
	default:
		s.logger.Error("too many message events waiting for the bus: live streams miss some", "kind", e.Kind, "messages", len(e.IDs))
	}
}

func (s *Service) runAnnouncer(ctx context.Context) {
	for {
		select {
		case e := <-s.announcements:
			s.broker.publish(ctx, e)
		case <-ctx.Done():
			for {
				select {
				case e := <-s.announcements:
					s.broker.publish(ctx, e)
				default:
					return
				}
			}
		}
	}
}

func (s *Service) runAcceptor(ctx context.Context) {
	batch := make([]*pending, 0, maxBatch)
	for {
		select {
		case <-ctx.Done():
			// Refuse what is still waiting: nothing of it was stored.
			for {
				select {
				case p := <-s.accepts:
					p.done <- fault.New(fault.Unavailable, "the node is stopping: send again")
				default:
					return
				}
			}
		case p := <-s.accepts:
			batch = append(batch[:0], p)
		gather:
			for len(batch) < maxBatch {
				select {
				case p := <-s.accepts:
					batch = append(batch, p)
				default:
					break gather
				}
			}
			s.store(context.WithoutCancel(ctx), batch)
		}
	}
}

// store writes a batch in one transaction (if that fails, each message
// alone, so that one bad message does not fail the others), delivers what
// it stored, then answers the senders.
func (s *Service) store(ctx context.Context, batch []*pending) {
	errs := make([]error, len(batch))
	if err := s.storeTogether(ctx, batch); err != nil {
		for i, p := range batch {
			errs[i] = err
			if len(batch) > 1 {
				errs[i] = s.storeTogether(ctx, []*pending{p})
			}
		}
	}
	var stored []string
	for i, p := range batch {
		if errs[i] == nil && p.inserted {
			stored = append(stored, p.m.ID)
		}
	}
	s.deliver(ctx, stored)
	for i, p := range batch {
		p.done <- errs[i]
	}
}

func (s *Service) storeTogether(ctx context.Context, batch []*pending) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		entries := make([]audit.Entry, 0, len(batch))
		for _, p := range batch {
			ok, err := insertMessage(ctx, tx, p.m)
			if err != nil {
				return err
			}
			p.inserted = ok
			if ok {
				entries = append(entries, p.entry)
			}
		}
		return s.audit.AppendTx(ctx, tx, entries...)
	})
}

// deliver puts accepted messages in their recipients' inboxes (one
// transaction) and tells every node to push them to the open streams. A
// failure leaves them queued, for the watch to deliver later.
func (s *Service) deliver(ctx context.Context, ids []string) {
	ctx = context.WithoutCancel(ctx)
	now := store.Micros(s.clock.Now())
	var delivered []string
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		delivered = delivered[:0]
		// Number the deliveries: the counter's row lock orders them by
		// commit across nodes (numbers left unused are gaps, no harm).
		var last int64
		if err := tx.QueryRow(ctx, `UPDATE message_delivery_counter SET seq = seq + ? WHERE id = 1 RETURNING seq`, len(ids)).Scan(&last); err != nil {
			return fmt.Errorf("number deliveries: %w", err)
		}
		first := last - int64(len(ids)) + 1
		for i, id := range ids {
			res, err := tx.Exec(ctx, `UPDATE message_recipients SET state = ?, delivered_at = ?, delivery_seq = ? WHERE message_id = ? AND state = ?`, Delivered, now, first+int64(i), id, Queued)
			if err != nil {
				return err
			}
			// Only what this call moved from queued is announced: a message
			// another node delivered meanwhile is not pushed twice.
			if n, _ := res.RowsAffected(); n > 0 {
				delivered = append(delivered, id)
			}
		}
		return nil
	})
	if err != nil {
		s.logger.Error("deliver messages: they stay queued", "messages", len(ids), "err", err)
		return
	}
	if len(delivered) > 0 {
		s.announce(event{Kind: kindMessage, IDs: delivered})
	}
}

// redeliverAfter is how long a queued message waits before the watch
// delivers it: the node that accepted it normally does so at once.
const redeliverAfter = 5 * time.Second

// runWatch delivers what a crash left queued (at start, then every
// interval), until ctx ends. Overdue messages are escalated by the node's
// deadline watcher (Escalate).
func (s *Service) runWatch(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = 15 * time.Second
	}
	s.Redeliver(ctx, 0)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.Redeliver(ctx, redeliverAfter)
		}
	}
}

// Redeliver delivers the messages still queued that were accepted more
// than age ago, and returns how many.
func (s *Service) Redeliver(ctx context.Context, age time.Duration) int {
	cutoff := store.Micros(s.clock.Now().Add(-age))
	rows, err := s.db.Query(ctx, `SELECT DISTINCT r.message_id FROM message_recipients r JOIN messages m ON m.id = r.message_id WHERE r.state = ? AND m.created_at <= ? LIMIT 1000`, Queued, cutoff)
	if err != nil {
		s.logger.Error("find queued messages", "err", err)
		return 0
	}
	var ids []string
	for rows.Next() {
		var id string
		if rows.Scan(&id) == nil {
			ids = append(ids, id)
		}
	}
	if err := rows.Err(); err != nil {
		s.logger.Error("find queued messages", "err", err)
	}
	rows.Close()
	if len(ids) > 0 {
		s.logger.Info("delivering messages left queued", "messages", len(ids))
		s.deliver(ctx, ids)
	}
	return len(ids)
}

// Escalate marks the recipients that let an urgent or flash message pass
// its acknowledgement deadline, once each (on whichever node gets there
// first), and tells their supervisors and the sender. It returns how many
// it escalated.
func (s *Service) Escalate(ctx context.Context) (int, error) {
	now := store.Micros(s.clock.Now())
	rows, err := s.db.Query(ctx, `SELECT message_id, party, unit_id FROM message_recipients WHERE escalated_at IS NULL AND deadline <= ? AND state <> ? LIMIT 500`, now, Acknowledged)
	if err != nil {
		return 0, fmt.Errorf("find overdue messages: %w", err)
	}
	type key struct{ id, party, unit string }
	var overdue []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.id, &k.party, &k.unit); err != nil {
			rows.Close()
			return 0, fmt.Errorf("find overdue messages: %w", err)
		}
		overdue = append(overdue, k)
	}
	rows.Close()
	n := 0
	for _, k := range overdue {
		var moved bool
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			res, err := tx.Exec(ctx, `UPDATE message_recipients SET escalated_at = ? WHERE message_id = ? AND party = ? AND unit_id = ? AND escalated_at IS NULL AND state <> ?`, now, k.id, k.party, k.unit, Acknowledged)
			if err != nil {
				return err
			}
			if c, _ := res.RowsAffected(); c == 0 {
				return nil
			}
			moved = true
			e := audit.Entry{Actor: audit.SystemActor("system"), Action: "message.escalate", Outcome: audit.OutcomeSuccess, Resources: []string{k.id}, Details: map[string]string{"bureau": k.party, "unit": k.unit}}
			if k.party != Secretariat {
				e.Subjects = []string{k.party}
			}
			return s.audit.AppendTx(ctx, tx, e)
		})
		if err != nil {
			return n, fmt.Errorf("escalate message %s at %s: %w", k.id, k.party, err)
		}
		if moved {
			n++
			s.announce(event{Kind: kindEscalation, IDs: []string{k.id}, Bureau: k.party, Unit: k.unit})
		}
	}
	return n, nil
}

// receiptEntry is the audit entry of a receipt.
func receiptEntry(p access.Principal, m Message, state string) audit.Entry {
	e := audit.Entry{Actor: audit.ActorOf(p), Action: string(access.MessageReceipt), Outcome: audit.OutcomeSuccess, Resources: []string{m.ID}, Details: map[string]string{"state": state}}
	if m.Sender.Bureau != Secretariat {
		e.Subjects = []string{m.Sender.Bureau}
	}
	return e
}
