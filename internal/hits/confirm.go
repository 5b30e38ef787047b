package hits

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ncbnet/ncbnet/internal/store"
)

// ErrNotFound is returned for a hit that does not exist.
var ErrNotFound = errors.New("no such hit")

// ErrNotPending is returned when a hit's confirmation was already given (or
// the hit needs none: hits from searches).
var ErrNotPending = errors.New("the hit is not awaiting confirmation")

// ListChecked returns the hits found by the checks of one bureau (unit ""),
// or of one of its units, newest first, before the hit ID before.
func ListChecked(ctx context.Context, c store.Conn, country, unit, before string, limit int) ([]Hit, error) {
	where, args := `searcher_country = ? AND source = ?`, []any{country, SourceCheck}
	if unit != "" {
		where += ` AND searcher_unit = ?`
		args = append(args, unit)
	}
	out, err := page(ctx, c, where, args, before, limit)
	if err != nil {
		return nil, fmt.Errorf("list hits of the checks of %s: %w", country, err)
	}
	return out, nil
}

// Get loads one hit.
func Get(ctx context.Context, c store.Conn, id string) (Hit, error) {
	hs, err := query(ctx, c, `SELECT `+hitColumns+` FROM hits WHERE id = ?`, id)
	if err != nil {
		return Hit{}, fmt.Errorf("load hit %s: %w", id, err)
	}
	if len(hs) == 0 {
		return Hit{}, ErrNotFound
	}
	return hs[0], nil
}

// SetAnswer records the owner's answer to a pending hit in the caller's
// transaction; ErrNotPending when it was answered already (by another
// officer, on any node: the update is conditional, so only one answer wins).
func SetAnswer(ctx context.Context, tx *store.Tx, id, answer, by, unit, note string, at time.Time) error {
	res, err := tx.Exec(ctx, `UPDATE hits SET confirmation = ?, answered_at = ?, answered_by = ?, answered_unit = ?, answer_note = ? WHERE id = ? AND confirmation = ?`,
		answer, store.Micros(at), by, store.NullString(unit), store.NullString(note), id, Pending)
	if err != nil {
		return fmt.Errorf("answer hit %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("answer hit %s: %w", id, err)
	} else if n == 0 {
		return ErrNotPending
	}
	return nil
}

// MarkOverdue marks escalated, in the caller's transaction, up to limit
// hits past their deadline at now, unanswered and not yet escalated, oldest
// deadline first, and returns them. Each is taken by one transaction only,
// on any node: the update is conditional, and PostgreSQL's row locks make a
// second node's update skip what the first took.
func MarkOverdue(ctx context.Context, tx *store.Tx, now time.Time, limit int) ([]Hit, error) {
	// The conditions are written out, not bound, so that both engines read
	// the partial index of what is still to escalate (hits_due).
	rows, err := tx.Query(ctx, `UPDATE hits SET escalated_at = ? WHERE id IN (
		SELECT id FROM hits WHERE confirmation = 'pending' AND escalated_at IS NULL AND deadline <= ? ORDER BY deadline LIMIT ?)
		AND confirmation = 'pending' AND escalated_at IS NULL RETURNING id`,
		store.Micros(now), store.Micros(now), limit)
	if err != nil {
		return nil, fmt.Errorf("escalate overdue hits: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("escalate overdue hits: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("escalate overdue hits: %w", err)
	}
	out, err := GetMany(ctx, tx, ids)
	if err != nil {
		return nil, fmt.Errorf("escalate overdue hits: %w", err)
	}
	return out, nil
}

// PendingChecked returns the hits of checks by unit on these records that
// still wait for the owner's answer, by record ID and subject key: their
// ID, record, owner, subject key, deadline and confirmation alone.
func PendingChecked(ctx context.Context, c store.Conn, unit string, recordIDs []string) (map[[2]string]Hit, error) {
	out := map[[2]string]Hit{}
	for start := 0; start < len(recordIDs); start += 500 {
		chunk := recordIDs[start:min(start+500, len(recordIDs))]
		args := make([]any, 0, len(chunk)+3)
		for _, v := range chunk {
			args = append(args, v)
		}
		args = append(args, unit, Pending, SourceCheck)
		rows, err := c.Query(ctx, `SELECT id, record_id, owner, subject_key, deadline FROM hits WHERE record_id IN `+store.Placeholders(1, len(chunk))+
			` AND searcher_unit = ? AND confirmation = ? AND source = ? AND subject_key IS NOT NULL ORDER BY id`, args...)
		if err != nil {
			return nil, fmt.Errorf("load pending hits of unit %s: %w", unit, err)
		}
		for rows.Next() {
			var (
				h        = Hit{Confirmation: Pending, Source: SourceCheck}
				deadline *int64
			)
			if err := rows.Scan(&h.ID, &h.RecordID, &h.Owner, &h.SubjectKey, &deadline); err != nil {
				rows.Close()
				return nil, fmt.Errorf("load pending hits of unit %s: %w", unit, err)
			}
			h.Deadline = timeOf(deadline)
			if _, ok := out[[2]string{h.RecordID, h.SubjectKey}]; !ok {
				out[[2]string{h.RecordID, h.SubjectKey}] = h
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("load pending hits of unit %s: %w", unit, err)
		}
	}
	return out, nil
}
