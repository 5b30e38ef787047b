package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

// Entry returns the entry at position seq and its leaf (the bytes the tree
// hashes). It answers fault.NotFound when there is none.
func (l *Log) Entry(ctx context.Context, seq int64) (Entry, []byte, error) {
	if seq < 0 {
		return Entry{}, nil, fault.Field(fault.BadParameter, "seq", "entry number must not be negative")
	}
	var leaf []byte
	err := l.db.QueryRow(ctx, `SELECT leaf FROM audit_entries WHERE seq = ?`, seq).Scan(&leaf)
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, nil, fault.New(fault.NotFound, "no audit entry %d", seq)
	}
	if err != nil {
		return Entry{}, nil, fmt.Errorf("read audit entry %d: %w", seq, err)
	}
	e, err := decodeLeaf(leaf)
	if err != nil {
		return Entry{}, nil, fmt.Errorf("audit entry %d: %w", seq, err)
	}
	return e, leaf, nil
}

// Filter selects entries for Entries. Zero fields do not filter.
type Filter struct {
	// Countries, when not nil, keeps the entries whose actor's country or
	// subjects include one of these; an empty, non-nil list keeps none.
	Countries []string
	// Action keeps the entries of exactly this action.
	Action string
	// Actor keeps the entries whose actor has this name or ID.
	Actor string
	// Resource keeps the entries that touched this resource ID.
	Resource string
	Outcome  Outcome
	// Since (inclusive) and Until (exclusive) bound the entries' time.
	Since, Until time.Time
	// Before is the paging cursor: only entries with Seq < Before (0: no
	// bound, so a page ending with entry 0 is the last).
	Before int64
	// Limit is 1 to 1000; 0 means DefaultLimit.
	Limit int
}

// Listing limits.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Entries lists the entries that match f, newest first. The next page is
// f with Before set to the Seq of the last entry returned.
func (l *Log) Entries(ctx context.Context, f Filter) ([]Entry, error) {
	query, args, err := f.sql()
	if err != nil {
		return nil, err
	}
	if query == "" {
		return []Entry{}, nil
	}
	rows, err := l.db.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		var seq int64
		var leaf []byte
		if err := rows.Scan(&seq, &leaf); err != nil {
			return nil, fmt.Errorf("list audit entries: %w", err)
		}
		e, err := decodeLeaf(leaf)
		if err != nil {
			return nil, fmt.Errorf("audit entry %d: %w", seq, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	return out, nil
}

// sql builds the listing query; an empty query means nothing can match.
// Only fixed SQL fragments are joined: every value is a bound argument.
func (f Filter) sql() (string, []any, error) {
	limit := f.Limit
	switch {
	case limit == 0:
		limit = DefaultLimit
	case limit < 0 || limit > MaxLimit+1: // one more than a page tells a pager whether another follows
		return "", nil, fault.Field(fault.BadParameter, "limit", "limit must be between 1 and %d", MaxLimit)
	}
	if f.Before < 0 {
		return "", nil, fault.Field(fault.BadParameter, "cursor", "cursor must not be negative")
	}
	if f.Outcome != "" && !f.Outcome.Valid() {
		return "", nil, fault.Field(fault.BadParameter, "outcome", "outcome %q is not one of success, denied, failure", f.Outcome)
	}
	for _, c := range f.Countries {
		if !IsCountryCode(c) {
			return "", nil, fault.Field(fault.BadParameter, "country", "%q is not an ISO 3166-1 alpha-3 code", c)
		}
	}
	if f.Countries != nil && len(f.Countries) == 0 {
		return "", nil, nil
	}
	// The listing walks an index newest first and stops at the limit. A
	// bureau's data protection officer (one country) walks that country's
	// index rows; a resource or several countries are looked up as a list
	// of positions.
	from, order := `audit_entries e`, `e.seq`
	var where []string
	var args []any
	add := func(cond string, vals ...any) {
		where = append(where, cond)
		args = append(args, vals...)
	}
	switch len(f.Countries) {
	case 0:
	case 1:
		from, order = `audit_entry_countries c JOIN audit_entries e ON e.seq = c.seq`, `c.seq`
		add(`c.country = ?`, f.Countries[0])
	default:
		vals := make([]any, len(f.Countries))
		for i, c := range f.Countries {
			vals[i] = c
		}
		add(`e.seq IN (SELECT seq FROM audit_entry_countries WHERE country IN `+store.Placeholders(1, len(vals))+`)`, vals...)
	}
	if f.Resource != "" {
		add(`e.seq IN (SELECT seq FROM audit_entry_resources WHERE resource = ?)`, f.Resource)
	}
	if f.Action != "" {
		add(`e.action = ?`, f.Action)
	}
	if f.Actor != "" {
		add(`(e.actor_name = ? OR e.actor_id = ?)`, f.Actor, f.Actor)
	}
	if f.Outcome != "" {
		add(`e.outcome = ?`, string(f.Outcome))
	}
	// A time window is found through the time index. One open-ended bound
	// is not: sorting every entry since (or until) a date by position costs
	// more than walking positions newest first, so the unary plus keeps the
	// index out of the plan.
	timeCol := `e.logged_at`
	if f.Since.IsZero() != f.Until.IsZero() {
		timeCol = `+e.logged_at`
	}
	if !f.Since.IsZero() {
		add(timeCol+` >= ?`, store.Micros(f.Since))
	}
	if !f.Until.IsZero() {
		add(timeCol+` < ?`, store.Micros(f.Until))
	}
	if f.Before > 0 {
		add(order+` < ?`, f.Before)
	}
	q := `SELECT e.seq, e.leaf FROM ` + from
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY ` + order + ` DESC LIMIT ?`
	return q, append(args, limit), nil
}

// InclusionProof proves that entry seq is in the tree of the given size (0:
// the latest checkpoint's). It answers fault.NotFound for an entry not in the
// log and fault.BadParameter for a size it cannot prove against.
func (l *Log) InclusionProof(ctx context.Context, seq, size int64) (tlog.RecordProof, error) {
	if seq < 0 {
		return nil, fault.Field(fault.BadParameter, "seq", "entry number must not be negative")
	}
	latest, err := l.checkedSize(ctx, size, "size")
	if err != nil {
		return nil, err
	}
	if size == 0 {
		size = latest
	}
	if seq >= latest {
		return nil, fault.New(fault.NotFound, "no audit entry %d", seq)
	}
	if seq >= size {
		return nil, fault.Field(fault.BadParameter, "size", "entry %d is not in the tree of size %d", seq, size)
	}
	proof, err := tlog.ProveRecord(size, seq, storeHashes{ctx: ctx, conn: l.db})
	if err != nil {
		return nil, fmt.Errorf("prove audit entry %d in tree of size %d: %w", seq, size, err)
	}
	return proof, nil
}

// ConsistencyProof proves that the tree of size from is a prefix of the tree
// of size to (0: the latest checkpoint's), and returns that size too, which
// is the one the proof is for. The proof from the empty tree, or between
// equal sizes, is empty.
func (l *Log) ConsistencyProof(ctx context.Context, from, to int64) (tlog.TreeProof, int64, error) {
	if from < 0 {
		return nil, 0, fault.Field(fault.BadParameter, "from", "tree size must not be negative")
	}
	latest, err := l.checkedSize(ctx, to, "to")
	if err != nil {
		return nil, 0, err
	}
	if to == 0 {
		to = latest
	}
	if from > to {
		return nil, 0, fault.Field(fault.BadParameter, "from", "tree size %d is larger than %d", from, to)
	}
	if from == 0 || from == to {
		return tlog.TreeProof{}, to, nil
	}
	proof, err := tlog.ProveTree(to, from, storeHashes{ctx: ctx, conn: l.db})
	if err != nil {
		return nil, 0, fmt.Errorf("prove audit tree %d is a prefix of %d: %w", from, to, err)
	}
	return proof, to, nil
}

// checkedSize returns the latest checkpoint's size after checking that size
// (0 meaning the latest) is a tree the log has.
func (l *Log) checkedSize(ctx context.Context, size int64, field string) (int64, error) {
	if size < 0 {
		return 0, fault.Field(fault.BadParameter, field, "tree size must not be negative")
	}
	cp, err := l.Checkpoint(ctx)
	if err != nil {
		return 0, err
	}
	if size > cp.Size {
		return 0, fault.Field(fault.BadParameter, field, "tree size %d is beyond the latest checkpoint (%d)", size, cp.Size)
	}
	return cp.Size, nil
}
