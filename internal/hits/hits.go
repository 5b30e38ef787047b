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
	"github.com/ncbnet/ncbnet/internal/store"
)

// Searcher is who was shown the record.
type Searcher struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Country  string `json:"country,omitempty"`
	UnitID   string `json:"unit_id"`
	UnitKind string `json:"unit_kind"`
}

// Hit is one record shown to someone outside its owner's bureau.
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
}

// SearcherOf describes a principal as a searcher.
func SearcherOf(p access.Principal) Searcher {
	return Searcher{ID: p.ID, Name: p.Name, Country: p.Country, UnitID: p.UnitID, UnitKind: string(p.UnitKind)}
}

// Insert stores hits in the caller's transaction.
func Insert(ctx context.Context, tx *store.Tx, hs []Hit) error {
	if len(hs) == 0 {
		return nil
	}
	args := make([]any, 0, len(hs)*14)
	for _, h := range hs {
		matched, err := json.Marshal(h.Matched)
		if err != nil {
			return fmt.Errorf("encode hit: %w", err)
		}
		isMatch := 0
		if h.Match {
			isMatch = 1
		}
		var country any
		if h.Searcher.Country != "" {
			country = h.Searcher.Country
		}
		args = append(args, h.ID, h.RecordID, h.Database, h.Owner, h.Searcher.ID, h.Searcher.Name, country,
			h.Searcher.UnitID, h.Searcher.UnitKind, string(h.Purpose), int64(h.Score*10000+0.5), isMatch, string(matched), store.Micros(h.Time))
	}
	_, err := tx.Exec(ctx, `INSERT INTO hits (id, record_id, database_id, owner, searcher_id, searcher_name, searcher_country, searcher_unit, searcher_unit_kind, purpose, score, is_match, matched, created_at) VALUES `+store.Placeholders(len(hs), 14), args...)
	if err != nil {
		return fmt.Errorf("store hits: %w", err)
	}
	return nil
}

const hitColumns = `id, record_id, database_id, owner, searcher_id, searcher_name, searcher_country, searcher_unit, searcher_unit_kind, purpose, score, is_match, matched, created_at`

// List returns an owner's hits, newest first, before the hit ID before ("" for
// the newest).
func List(ctx context.Context, c store.Conn, owner, before string, limit int) ([]Hit, error) {
	q := `SELECT ` + hitColumns + ` FROM hits WHERE owner = ?`
	args := []any{owner}
	if before != "" {
		q += ` AND id < ?`
		args = append(args, before)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	out, err := query(ctx, c, q, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list hits of %s: %w", owner, err)
	}
	return out, nil
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
			h              Hit
			country        *string
			score, created int64
			isMatch        int
			matched        string
			purpose        string
		)
		if err := rows.Scan(&h.ID, &h.RecordID, &h.Database, &h.Owner, &h.Searcher.ID, &h.Searcher.Name, &country,
			&h.Searcher.UnitID, &h.Searcher.UnitKind, &purpose, &score, &isMatch, &matched, &created); err != nil {
			return nil, err
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
