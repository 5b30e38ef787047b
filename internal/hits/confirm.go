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
func SetAnswer(ctx context.Context, tx *store.Tx, id, answer, by, note string, at time.Time) error {
	res, err := tx.Exec(ctx, `UPDATE hits SET confirmation = ?, answered_at = ?, answered_by = ?, answer_note = ? WHERE id = ? AND confirmation = ?`,
		answer, store.Micros(at), by, store.NullString(note), id, Pending)
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

// Overdue returns up to limit hits past their deadline, unanswered and not
// yet escalated, oldest deadline first.
func Overdue(ctx context.Context, c store.Conn, now time.Time, limit int) ([]Hit, error) {
	out, err := query(ctx, c, `SELECT `+hitColumns+` FROM hits WHERE confirmation = ? AND deadline <= ? AND escalated_at IS NULL ORDER BY deadline LIMIT ?`,
		Pending, store.Micros(now), limit)
	if err != nil {
		return nil, fmt.Errorf("list overdue hits: %w", err)
	}
	return out, nil
}

// MarkEscalated records that an overdue hit went to the owner's
// supervisors. It reports false when another node (or an answer) got there
// first, so each hit is escalated once.
func MarkEscalated(ctx context.Context, tx *store.Tx, id string, at time.Time) (bool, error) {
	res, err := tx.Exec(ctx, `UPDATE hits SET escalated_at = ? WHERE id = ? AND confirmation = ? AND escalated_at IS NULL`, store.Micros(at), id, Pending)
	if err != nil {
		return false, fmt.Errorf("escalate hit %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("escalate hit %s: %w", id, err)
	}
	return n == 1, nil
}
