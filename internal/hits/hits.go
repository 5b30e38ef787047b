// Package hits tells a record's owner whenever someone outside its bureau is
// shown the record: who, from which unit and country, when, for what purpose,
// and what matched. Hits are stored (the owner lists them) and pushed live to
// the owner's open streams.
//
// It never decides who may see a record (the search and check services do)
// and never carries the record's data: only its ID and what matched.
package hits

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ncbnet/ncbnet/internal/access"
	"github.com/ncbnet/ncbnet/internal/hits/wire"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Searcher is who was shown the record.
type Searcher = wire.Searcher

// Where a hit comes from.
const (
	SourceSearch = "search" // a search outside the owner's bureau
	SourceCheck  = "check"  // a check at a border or from a national system
)

// How soon the owner must confirm a hit from a check (DOMAIN.md, Hits: the
// NCIC rule).
const (
	Urgent  = "urgent"
	Routine = "routine"
)

// DeadlineOf is how long the owner has to answer a hit of this urgency.
func DeadlineOf(urgency string) time.Duration {
	if urgency == Urgent {
		return 10 * time.Minute
	}
	return time.Hour
}

// The states of a hit's confirmation.
const (
	Pending   = "pending"
	Confirmed = "confirmed"
	Denied    = "denied"
)

// Hit is one record shown to someone outside its owner's bureau, or found
// by a check. The API writes it as its wire form (Wire): it keeps here
// what the wire must not carry (SubjectKey) and the purpose as the node's
// own type.
type Hit struct {
	ID       string         `json:"id"`
	RecordID string         `json:"record_id"`
	Database string         `json:"database"`
	Owner    string         `json:"owner"`
	Searcher Searcher       `json:"searcher"`
	Purpose  access.Purpose `json:"purpose"`
	Score    float64        `json:"score"`
	Match    bool           `json:"match"`
	Matched  []string       `json:"matched"`
	Time     time.Time      `json:"time"`
	Source   string         `json:"source"`

	// A hit from a check carries what the owner asks the checking side to
	// do and waits for the owner's confirmation until its deadline.
	Action       []string   `json:"action,omitempty"`
	Urgency      string     `json:"urgency,omitempty"`
	Deadline     *time.Time `json:"deadline,omitempty"`
	Confirmation string     `json:"confirmation,omitempty"`
	AnsweredAt   *time.Time `json:"answered_at,omitempty"`
	AnsweredBy   string     `json:"answered_by,omitempty"`
	// AnsweredUnit is the unit of the owner's bureau that answered.
	AnsweredUnit string     `json:"answered_unit,omitempty"`
	Note         string     `json:"note,omitempty"`
	EscalatedAt  *time.Time `json:"escalated_at,omitempty"`

	// Checked is what was checked: the items as the checking side sent
	// them (a JSON array), so the owner confirms against what the officer
	// has in front of them.
	Checked json.RawMessage `json:"checked,omitempty"`
	// Referred is a hit the checking side was only told to refer to its
	// NCB: the owner keeps the record from its kind of unit.
	Referred bool `json:"referred,omitempty"`
	// SubjectKey names the traveller or object checked (a digest, never
	// shown): the same one checked again by the same unit while this hit
	// waits for its answer gets this hit back, not a second one.
	SubjectKey string `json:"-"`
}

// Wire is the hit as the API writes it.
func (h Hit) Wire() wire.Hit[json.RawMessage] {
	return wire.Hit[json.RawMessage]{
		ID: h.ID, RecordID: h.RecordID, Database: h.Database, Owner: h.Owner, Searcher: h.Searcher,
		Purpose: string(h.Purpose), Score: h.Score, Match: h.Match, Matched: h.Matched, Time: h.Time, Source: h.Source,
		Action: h.Action, Urgency: h.Urgency, Deadline: h.Deadline, Confirmation: h.Confirmation,
		AnsweredAt: h.AnsweredAt, AnsweredBy: h.AnsweredBy, AnsweredUnit: h.AnsweredUnit, Note: h.Note, EscalatedAt: h.EscalatedAt,
		Checked: h.Checked, Referred: h.Referred,
	}
}

// SearcherOf describes a principal as a searcher.
func SearcherOf(p access.Principal) Searcher {
	return Searcher{ID: p.ID, Name: p.Name, Country: p.Country, UnitID: p.UnitID, UnitKind: string(p.UnitKind)}
}

// Insert stores hits in the caller's transaction, in statements of at most
// insertRows rows (well under the engines' bind-parameter limits). A hit
// already stored is left as it is: the audit log's integrator may store a
// batch again after a commit whose outcome it could not tell.
func Insert(ctx context.Context, tx *store.Tx, hs []Hit) error {
	for start := 0; start < len(hs); start += insertRows {
		if err := insertSome(ctx, tx, hs[start:min(start+insertRows, len(hs))]); err != nil {
			return err
		}
	}
	return nil
}

const insertRows = 500

func insertSome(ctx context.Context, tx *store.Tx, hs []Hit) error {
	args := make([]any, 0, len(hs)*insertColumns)
	for _, h := range hs {
		matched, err := json.Marshal(h.Matched)
		if err != nil {
			return fmt.Errorf("encode hit: %w", err)
		}
		action, err := json.Marshal(h.Action)
		if h.Action == nil {
			action = []byte("[]")
		}
		if err != nil {
			return fmt.Errorf("encode hit: %w", err)
		}
		source := h.Source
		if source == "" {
			source = SourceSearch
		}
		isMatch := 0
		if h.Match {
			isMatch = 1
		}
		var country any
		if h.Searcher.Country != "" {
			country = h.Searcher.Country
		}
		checked := string(h.Checked)
		if len(h.Checked) == 0 {
			checked = "[]"
		}
		referred := 0
		if h.Referred {
			referred = 1
		}
		args = append(args, h.ID, h.RecordID, h.Database, h.Owner, h.Searcher.ID, h.Searcher.Name, country,
			h.Searcher.UnitID, h.Searcher.UnitKind, string(h.Purpose), int64(h.Score*10000+0.5), isMatch, string(matched), store.Micros(h.Time),
			source, string(action), store.NullString(h.Urgency), store.NullMicrosOf(h.Deadline), store.NullString(h.Confirmation),
			checked, store.NullString(h.SubjectKey), referred)
	}
	_, err := tx.Exec(ctx, `INSERT INTO hits (id, record_id, database_id, owner, searcher_id, searcher_name, searcher_country, searcher_unit, searcher_unit_kind, purpose, score, is_match, matched, created_at, source, action, urgency, deadline, confirmation, checked, subject_key, referred) VALUES `+store.Placeholders(len(hs), insertColumns)+` ON CONFLICT (id) DO NOTHING`, args...)
	if err != nil {
		return fmt.Errorf("store hits: %w", err)
	}
	return nil
}

// insertColumns is how many columns Insert writes.
const insertColumns = 22

const hitColumns = `id, record_id, database_id, owner, searcher_id, searcher_name, searcher_country, searcher_unit, searcher_unit_kind, purpose, score, is_match, matched, created_at, source, action, urgency, deadline, confirmation, answered_at, answered_by, answer_note, escalated_at, answered_unit, checked, subject_key, referred`

func timeOf(micros *int64) *time.Time {
	if micros == nil {
		return nil
	}
	t := store.Time(*micros)
	return &t
}

func stringOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// List returns an owner's hits, newest first, before the hit ID before ("" for
// the newest).
func List(ctx context.Context, c store.Conn, owner, before string, limit int) ([]Hit, error) {
	out, err := page(ctx, c, `owner = ?`, []any{owner}, before, limit)
	if err != nil {
		return nil, fmt.Errorf("list hits of %s: %w", owner, err)
	}
	return out, nil
}

// page returns the hits meeting where (a constant condition with
// placeholders for args), newest first, before the hit ID before.
func page(ctx context.Context, c store.Conn, where string, args []any, before string, limit int) ([]Hit, error) {
	q := `SELECT ` + hitColumns + ` FROM hits WHERE ` + where
	if before != "" {
		q += ` AND id < ?`
		args = append(args, before)
	}
	return query(ctx, c, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
}

// GetMany loads the hits with these IDs (those that exist), oldest first.
func GetMany(ctx context.Context, c store.Conn, ids []string) ([]Hit, error) {
	out := []Hit{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, len(chunk))
		for i, v := range chunk {
			args[i] = v
		}
		hs, err := query(ctx, c, `SELECT `+hitColumns+` FROM hits WHERE id IN `+store.Placeholders(1, len(chunk))+` ORDER BY id`, args...)
		if err != nil {
			return nil, fmt.Errorf("load hits: %w", err)
		}
		out = append(out, hs...)
	}
	return out, nil
}

func query(ctx context.Context, c store.Conn, q string, args ...any) ([]Hit, error) {
	rows, err := c.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Hit{}
	for rows.Next() {
		var (
			h                               Hit
			country                         *string
			score, created                  int64
			isMatch                         int
			matched, action                 string
			purpose                         string
			urgency, confirmation, by, note *string
			deadline, answered, escalated   *int64
			unit, subjectKey                *string
			checked                         string
			referred                        int
		)
		if err := rows.Scan(&h.ID, &h.RecordID, &h.Database, &h.Owner, &h.Searcher.ID, &h.Searcher.Name, &country,
			&h.Searcher.UnitID, &h.Searcher.UnitKind, &purpose, &score, &isMatch, &matched, &created,
			&h.Source, &action, &urgency, &deadline, &confirmation, &answered, &by, &note, &escalated,
			&unit, &checked, &subjectKey, &referred); err != nil {
			return nil, err
		}
		h.AnsweredUnit, h.SubjectKey, h.Referred = stringOf(unit), stringOf(subjectKey), referred == 1
		if checked != "[]" {
			h.Checked = json.RawMessage(checked)
		}
		h.Urgency, h.Confirmation, h.AnsweredBy, h.Note = stringOf(urgency), stringOf(confirmation), stringOf(by), stringOf(note)
		h.Deadline, h.AnsweredAt, h.EscalatedAt = timeOf(deadline), timeOf(answered), timeOf(escalated)
		if err := json.Unmarshal([]byte(action), &h.Action); err != nil {
			return nil, fmt.Errorf("hit %s: %w", h.ID, err)
		}
		if country != nil {
			h.Searcher.Country = *country
		}
		h.Purpose, h.Score, h.Match, h.Time = access.Purpose(purpose), float64(score)/10000, isMatch == 1, store.Time(created)
		if err := json.Unmarshal([]byte(matched), &h.Matched); err != nil {
			return nil, fmt.Errorf("hit %s: %w", h.ID, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Redact forgets what matched in the hits on a deleted record: the hits keep
// who was shown it, when and why, not its data.
func Redact(ctx context.Context, tx *store.Tx, recordID string) error {
	if _, err := tx.Exec(ctx, `UPDATE hits SET matched = ? WHERE record_id = ?`, "[]", recordID); err != nil {
		return fmt.Errorf("redact hits of record %s: %w", recordID, err)
	}
	return nil
}
