package messaging

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ncbnet/ncbnet/internal/store"
)

// stored is a message row with what the idempotency check needs.
type stored struct {
	Message
	key, requestHash string
}

const messageColumns = `id, thread_id, reply_to, sender_party, sender_unit, sender_id, sender_name, addressed, subject, body, ciphertext, priority, handling_code, handling_note, refs, created_at, sign_version, signature, idem_key, request_hash, attachments`

// insertMessage stores a message and its recipients (queued) in tx. It
// reports false, storing nothing, when the sender already used the
// message's idempotency key.
func insertMessage(ctx context.Context, tx *store.Tx, m stored) (bool, error) {
	to, err := json.Marshal(m.To)
	if err != nil {
		return false, fmt.Errorf("encode message %s: %w", m.ID, err)
	}
	refs, err := json.Marshal(m.References)
	if err != nil {
		return false, fmt.Errorf("encode message %s: %w", m.ID, err)
	}
	atts, err := json.Marshal(m.Attachments)
	if err != nil {
		return false, fmt.Errorf("encode message %s: %w", m.ID, err)
	}
	var body, ciphertext any
	if m.Encrypted {
		ciphertext = m.Ciphertext
	} else {
		body = m.Body
	}
	res, err := tx.Exec(ctx, `INSERT INTO messages (`+messageColumns+`) VALUES `+store.Placeholders(1, 21)+` ON CONFLICT DO NOTHING`,
		m.ID, m.ThreadID, store.NullString(m.ReplyTo), m.Sender.Bureau, m.Sender.UnitID, m.Sender.ID, m.Sender.Name, string(to),
		m.Subject, body, ciphertext, m.Priority, m.HandlingCode, store.NullString(m.HandlingNote), string(refs),
		store.Micros(m.CreatedAt), m.Signature.KeyVersion, m.Signature.Value, store.NullString(m.key), store.NullString(m.requestHash), string(atts))
	if err != nil {
		return false, fmt.Errorf("store message %s: %w", m.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	for start := 0; start < len(m.Recipients); start += recipientRows {
		part := m.Recipients[start:min(start+recipientRows, len(m.Recipients))]
		args := make([]any, 0, len(part)*5)
		for _, r := range part {
			args = append(args, m.ID, r.Bureau, r.UnitID, Queued, store.NullMicrosOf(r.Deadline))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO message_recipients (message_id, party, unit_id, state, deadline) VALUES `+store.Placeholders(len(part), 5), args...); err != nil {
			return false, fmt.Errorf("store recipients of message %s: %w", m.ID, err)
		}
	}
	return true, nil
}

// recipientRows bounds the rows of one insert (bind-parameter limits).
const recipientRows = 400

// loadMessage loads a message with its recipients; found is false when
// there is none.
func loadMessage(ctx context.Context, c store.Conn, id string) (stored, bool, error) {
	m, err := scanMessage(c.QueryRow(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return stored{}, false, nil
	}
	if err != nil {
		return stored{}, false, fmt.Errorf("load message %s: %w", id, err)
	}
	if m.Recipients, err = loadRecipients(ctx, c, id); err != nil {
		return stored{}, false, err
	}
	return m, true, nil
}

// messageByKey finds the message a sender sent with an idempotency key.
func messageByKey(ctx context.Context, c store.Conn, senderID, key string) (stored, bool, error) {
	var id string
	err := c.QueryRow(ctx, `SELECT id FROM messages WHERE sender_id = ? AND idem_key = ?`, senderID, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return stored{}, false, nil
	}
	if err != nil {
		return stored{}, false, fmt.Errorf("find message by idempotency key: %w", err)
	}
	return loadMessage(ctx, c, id)
}

func scanMessage(row interface{ Scan(...any) error }) (stored, error) {
	var (
		m                                    stored
		replyTo, body, ciphertext, note, key sql.NullString
		requestHash                          sql.NullString
		to, refs, atts                       string
		created                              int64
	)
	if err := row.Scan(&m.ID, &m.ThreadID, &replyTo, &m.Sender.Bureau, &m.Sender.UnitID, &m.Sender.ID, &m.Sender.Name, &to,
		&m.Subject, &body, &ciphertext, &m.Priority, &m.HandlingCode, &note, &refs, &created,
		&m.Signature.KeyVersion, &m.Signature.Value, &key, &requestHash, &atts); err != nil {
		return stored{}, err
	}
	m.ReplyTo, m.Body, m.Ciphertext, m.HandlingNote = replyTo.String, body.String, ciphertext.String, note.String
	m.Encrypted = ciphertext.Valid
	m.key, m.requestHash = key.String, requestHash.String
	m.CreatedAt = store.Time(created)
	m.Signature.Bureau = m.Sender.Bureau
	if err := json.Unmarshal([]byte(to), &m.To); err != nil {
		return stored{}, fmt.Errorf("message %s: %w", m.ID, err)
	}
	if err := json.Unmarshal([]byte(refs), &m.References); err != nil {
		return stored{}, fmt.Errorf("message %s: %w", m.ID, err)
	}
	if err := json.Unmarshal([]byte(atts), &m.Attachments); err != nil {
		return stored{}, fmt.Errorf("message %s: %w", m.ID, err)
	}
	return m, nil
}

const recipientColumns = `party, unit_id, state, deadline, delivered_at, read_at, read_by, acked_at, acked_by, escalated_at, delivery_seq`

func scanRecipient(row interface{ Scan(...any) error }, extra ...any) (Recipient, error) {
	var (
		r                                     Recipient
		deadline, delivered, read, acked, esc sql.NullInt64
		seq                                   sql.NullInt64
		readBy, ackedBy                       sql.NullString
	)
	dest := append([]any{&r.Bureau, &r.UnitID, &r.State, &deadline, &delivered, &read, &readBy, &acked, &ackedBy, &esc, &seq}, extra...)
	if err := row.Scan(dest...); err != nil {
		return Recipient{}, err
	}
	r.Deadline, r.DeliveredAt, r.ReadAt, r.AckedAt, r.EscalatedAt = store.TimeOf(deadline), store.TimeOf(delivered), store.TimeOf(read), store.TimeOf(acked), store.TimeOf(esc)
	r.ReadBy, r.AckedBy, r.Seq = readBy.String, ackedBy.String, seq.Int64
	return r, nil
}

func loadRecipients(ctx context.Context, c store.Conn, id string) ([]Recipient, error) {
	rows, err := c.Query(ctx, `SELECT `+recipientColumns+` FROM message_recipients WHERE message_id = ? ORDER BY party, unit_id`, id)
	if err != nil {
		return nil, fmt.Errorf("load recipients of message %s: %w", id, err)
	}
	defer rows.Close()
	out := []Recipient{}
	for rows.Next() {
		r, err := scanRecipient(rows)
		if err != nil {
			return nil, fmt.Errorf("load recipients of message %s: %w", id, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// box selects whose messages a listing shows.
type box struct {
	// party and unit select received messages: a bureau's (unit "") or
	// one unit's.
	party, unit string
	// sent selects the messages the party sent (those of unit, if set).
	sent bool
}

// Filter narrows an inbox listing.
type Filter struct {
	// State keeps the messages in this state at the caller (received only).
	State string
	// Priority keeps the messages of this priority.
	Priority string
	// Thread keeps the messages of one thread.
	Thread string
	// Sent lists the messages the caller's bureau (unit) sent instead of
	// those it received.
	Sent bool
	// Escalated keeps the received messages escalated for want of an
	// acknowledgement: the supervisors' list.
	Escalated bool

	// resuming keeps the messages delivered after the delivery number
	// after, in delivery order (a stream's resumption).
	resuming bool
	after    int64
}

// listAfter returns the messages delivered to b after the delivery
// number after, in the order they were delivered.
func listAfter(ctx context.Context, c store.Conn, b box, after int64, limit int) ([]Summary, error) {
	return listBox(ctx, c, b, Filter{after: after, resuming: true}, "", limit)
}

// listBox returns one page of summaries, newest first, before the message
// ID before ("" for the newest).
func listBox(ctx context.Context, c store.Conn, b box, f Filter, before string, limit int) ([]Summary, error) {
	q := `SELECT m.id, m.thread_id, m.reply_to, m.sender_party, m.sender_unit, m.sender_id, m.sender_name, m.subject, m.ciphertext IS NOT NULL, m.priority, m.handling_code, m.created_at`
	var args []any
	if b.sent {
		q += ` FROM messages m WHERE m.sender_party = ?`
		args = append(args, b.party)
		if b.unit != "" {
			q += ` AND m.sender_unit = ?`
			args = append(args, b.unit)
		}
	} else {
		q += `, r.` + recipientColumnsOf("r") + ` FROM message_recipients r JOIN messages m ON m.id = r.message_id WHERE r.party = ? AND r.unit_id = ? AND r.state <> ?`
		args = append(args, b.party, b.unit, Queued)
		if f.State != "" {
			q += ` AND r.state = ?`
			args = append(args, f.State)
		}
		if f.Escalated {
			q += ` AND r.escalated_at IS NOT NULL`
		}
	}
	if f.Priority != "" {
		q += ` AND m.priority = ?`
		args = append(args, f.Priority)
	}
	if f.Thread != "" {
		q += ` AND m.thread_id = ?`
		args = append(args, f.Thread)
	}
	if before != "" {
		q += ` AND m.id < ?`
		args = append(args, before)
	}
	order := ` ORDER BY m.id DESC LIMIT ?`
	if f.resuming && !b.sent {
		q += ` AND r.delivery_seq > ?`
		args = append(args, f.after)
		order = ` ORDER BY r.delivery_seq LIMIT ?`
	}
	q += order
	args = append(args, limit)
	rows, err := c.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list messages: %w", err)
	}
	defer rows.Close()
	out := []Summary{}
	for rows.Next() {
		var (
			s        Summary
			replyTo  sql.NullString
			created  int64
			encFlag  bool
			head     = []any{&s.ID, &s.ThreadID, &replyTo, &s.Sender.Bureau, &s.Sender.UnitID, &s.Sender.ID, &s.Sender.Name, &s.Subject, &encFlag, &s.Priority, &s.HandlingCode, &created}
			scanErr  error
			received Recipient
		)
		if b.sent {
			scanErr = rows.Scan(head...)
		} else {
			received, scanErr = scanRecipient(prefixed{rows, head})
			s.Recipient = &received
		}
		if scanErr != nil {
			return nil, fmt.Errorf("list messages: %w", scanErr)
		}
		s.ReplyTo, s.Encrypted, s.CreatedAt = replyTo.String, encFlag, store.Time(created)
		out = append(out, s)
	}
	return out, rows.Err()
}

// prefixed scans head columns before a recipient's.
type prefixed struct {
	rows *sql.Rows
	head []any
}

func (p prefixed) Scan(dest ...any) error { return p.rows.Scan(append(p.head, dest...)...) }

// recipientColumnsOf returns recipientColumns qualified by a table alias,
// the first column's alias left to the caller.
func recipientColumnsOf(alias string) string {
	return `party, ` + alias + `.unit_id, ` + alias + `.state, ` + alias + `.deadline, ` + alias + `.delivered_at, ` + alias + `.read_at, ` +
		alias + `.read_by, ` + alias + `.acked_at, ` + alias + `.acked_by, ` + alias + `.escalated_at, ` + alias + `.delivery_seq`
}
