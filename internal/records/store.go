package records

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

const recordColumns = `id, database_id, schema_name, owner, owner_unit, properties, restrictions, status, review_at, version, created_at, updated_at`

// recordSelect reads recordColumns and who wrote the current version.
const recordSelect = recordColumns + `, updated_by`

func scanRecord(s interface{ Scan(...any) error }) (Record, error) {
	var (
		r                  Record
		props, restr       string
		review, created, u int64
	)
	if err := s.Scan(&r.ID, &r.Database, &r.Schema, &r.Owner, &r.OwnerUnit, &props, &restr, &r.Status, &review, &r.Version, &created, &u, &r.updatedBy); err != nil {
		return Record{}, err
	}
	if err := json.Unmarshal([]byte(props), &r.Properties); err != nil {
		return Record{}, fmt.Errorf("record %s: properties: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(restr), &r.Restrictions); err != nil {
		return Record{}, fmt.Errorf("record %s: restrictions: %w", r.ID, err)
	}
	r.ReviewAt, r.CreatedAt, r.UpdatedAt = store.Time(review), store.Time(created), store.Time(u)
	return r, nil
}

// getRecord loads one record.
func getRecord(ctx context.Context, c store.Conn, id string) (Record, error) {
	r, err := scanRecord(c.QueryRow(ctx, `SELECT `+recordSelect+` FROM records WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, fault.New(fault.NotFound, "no record %s", id)
	}
	if err != nil {
		return Record{}, fmt.Errorf("load record %s: %w", id, err)
	}
	return r, nil
}

// recordByKey finds the record an owner created with an idempotency key.
func recordByKey(ctx context.Context, c store.Conn, owner, database, key string) (Record, bool, error) {
	r, err := scanRecord(c.QueryRow(ctx, `SELECT `+recordSelect+` FROM records WHERE owner = ? AND database_id = ? AND client_key = ?`, owner, database, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, false, nil
	}
	if err != nil {
		return Record{}, false, fmt.Errorf("look up record key: %w", err)
	}
	return r, true, nil
}

func encode(r Record) (props, restr string, err error) {
	p, err := json.Marshal(r.Properties)
	if err != nil {
		return "", "", fmt.Errorf("encode properties: %w", err)
	}
	q, err := json.Marshal(r.Restrictions)
	if err != nil {
		return "", "", fmt.Errorf("encode restrictions: %w", err)
	}
	return string(p), string(q), nil
}

func nullKey(k string) sql.NullString { return sql.NullString{String: k, Valid: k != ""} }

// The current version of a record lives in records; record_versions keeps
// the versions it superseded. A record never changed has no history rows,
// which keeps bulk imports to one row a record.

// insertRecord stores a new record.
func insertRecord(ctx context.Context, tx *store.Tx, r Record, key, by string) error {
	props, restr, err := encode(r)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO records (`+recordColumns+`, client_key, created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Database, r.Schema, r.Owner, r.OwnerUnit, props, restr, string(r.Status), store.Micros(r.ReviewAt), r.Version,
		store.Micros(r.CreatedAt), store.Micros(r.UpdatedAt), nullKey(key), by, by); err != nil {
		return fmt.Errorf("insert record %s: %w", r.ID, err)
	}
	return insertDocument(ctx, tx, r.ID, r.Database, documentIdentity(r.Database, r.Properties))
}

// updateRecord moves the current version of r.ID to the history and writes
// next as the current one, if nobody changed the record since prev was read.
// A change of the document's identity moves it (the unique index refuses
// one another record holds); otherwise the record keeps what it holds, or
// takes it if it is free (the later of two records of one document stored
// before identities were kept, once the older is gone).
func updateRecord(ctx context.Context, tx *store.Tx, prev, next Record, by string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO record_versions (record_id, version, properties, restrictions, status, review_at, changed_at, changed_by)
		SELECT id, version, properties, restrictions, status, review_at, updated_at, updated_by FROM records WHERE id = ? AND version = ?`, prev.ID, prev.Version); err != nil {
		return fmt.Errorf("keep version %d of record %s: %w", prev.Version, prev.ID, err)
	}
	props, restr, err := encode(next)
	if err != nil {
		return err
	}
	res, err := tx.Exec(ctx, `UPDATE records SET properties = ?, restrictions = ?, status = ?, review_at = ?, version = ?, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`,
		props, restr, string(next.Status), store.Micros(next.ReviewAt), next.Version, store.Micros(next.UpdatedAt), by, next.ID, prev.Version)
	if err != nil {
		return fmt.Errorf("update record %s: %w", next.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fault.New(fault.Conflict, "record %s was changed meanwhile: read it again", next.ID)
	}
	ident := documentIdentity(next.Database, next.Properties)
	if ident == documentIdentity(prev.Database, prev.Properties) {
		return keepDocument(ctx, tx, next.ID, next.Database, ident)
	}
	if err := deleteDocument(ctx, tx, next.ID); err != nil {
		return err
	}
	return insertDocument(ctx, tx, next.ID, next.Database, ident)
}

// deleteRecord removes a record and its history, and leaves a tombstone
// (its ID and when) for those who follow changes (DeletedSince).
func deleteRecord(ctx context.Context, tx *store.Tx, id string, at time.Time) error {
	if _, err := tx.Exec(ctx, `DELETE FROM record_versions WHERE record_id = ?`, id); err != nil {
		return fmt.Errorf("delete history of record %s: %w", id, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO record_tombstones (id, database_id, deleted_at) SELECT id, database_id, ? FROM records WHERE id = ?`,
		store.Micros(at), id); err != nil {
		return fmt.Errorf("leave tombstone of record %s: %w", id, err)
	}
	// Its document, if it held one, is freed by the store (ON DELETE CASCADE).
	if _, err := tx.Exec(ctx, `DELETE FROM records WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete record %s: %w", id, err)
	}
	return nil
}

// ChangedSince calls fn for every record changed (or created) at or after
// since, or whose review date falls between since and until (it stopped
// being served then), in no particular order.
func ChangedSince(ctx context.Context, c store.Conn, since, until time.Time, fn func(Record) error) error {
	rows, err := c.Query(ctx, `SELECT `+recordSelect+` FROM records WHERE updated_at >= ? UNION SELECT `+recordSelect+` FROM records WHERE review_at >= ? AND review_at <= ?`,
		store.Micros(since), store.Micros(since), store.Micros(until))
	if err != nil {
		return fmt.Errorf("records changed since %s: %w", since.Format(time.RFC3339), err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return fmt.Errorf("records changed: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PruneTombstones forgets the deletions made before before: no one follows
// changes from that far back.
func PruneTombstones(ctx context.Context, c store.Conn, before time.Time) error {
	if _, err := c.Exec(ctx, `DELETE FROM record_tombstones WHERE deleted_at < ?`, store.Micros(before)); err != nil {
		return fmt.Errorf("prune record tombstones: %w", err)
	}
	return nil
}

// DeletedSince returns the IDs of the records deleted at or after since.
func DeletedSince(ctx context.Context, c store.Conn, since time.Time) ([]string, error) {
	rows, err := c.Query(ctx, `SELECT id FROM record_tombstones WHERE deleted_at >= ?`, store.Micros(since))
	if err != nil {
		return nil, fmt.Errorf("records deleted since %s: %w", since.Format(time.RFC3339), err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// versions lists the versions a record's current one superseded, oldest first.
func versions(ctx context.Context, c store.Conn, id string) ([]Version, error) {
	rows, err := c.Query(ctx, `SELECT version, properties, restrictions, status, review_at, changed_at, changed_by FROM record_versions WHERE record_id = ? ORDER BY version`, id)
	if err != nil {
		return nil, fmt.Errorf("list versions of record %s: %w", id, err)
	}
	defer rows.Close()
	out := []Version{}
	for rows.Next() {
		var (
			v               Version
			props, restr    string
			review, changed int64
		)
		if err := rows.Scan(&v.Version, &props, &restr, &v.Status, &review, &changed, &v.ChangedBy); err != nil {
			return nil, fmt.Errorf("list versions of record %s: %w", id, err)
		}
		if err := json.Unmarshal([]byte(props), &v.Properties); err != nil {
			return nil, fmt.Errorf("version %d of record %s: %w", v.Version, id, err)
		}
		if err := json.Unmarshal([]byte(restr), &v.Restrictions); err != nil {
			return nil, fmt.Errorf("version %d of record %s: %w", v.Version, id, err)
		}
		v.ReviewAt, v.ChangedAt = store.Time(review), store.Time(changed)
		out = append(out, v)
	}
	return out, rows.Err()
}

// linkTargets returns the schema of each record named, for link checks.
func linkTargets(ctx context.Context, c store.Conn, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		var schema string
		err := c.QueryRow(ctx, `SELECT schema_name FROM records WHERE id = ?`, id).Scan(&schema)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("check link %s: %w", id, err)
		}
		out[id] = schema
	}
	return out, nil
}

// Scan calls fn for every record in the store, in ID order, reading in pages
// so that a large store is never held in memory at once. It is how indexes
// are rebuilt at start.
func Scan(ctx context.Context, c store.Conn, fn func(Record) error) error {
	after := ""
	for {
		rows, err := c.Query(ctx, `SELECT `+recordSelect+` FROM records WHERE id > ? ORDER BY id LIMIT 10000`, after)
		if err != nil {
			return fmt.Errorf("scan records: %w", err)
		}
		n := 0
		for rows.Next() {
			r, err := scanRecord(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("scan records: %w", err)
			}
			if err := fn(r); err != nil {
				rows.Close()
				return err
			}
			after = r.ID
			n++
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("scan records: %w", err)
		}
		if n == 0 {
			return nil
		}
	}
}

// GetMany loads the records with these IDs (those that exist), in no order.
func GetMany(ctx context.Context, c store.Conn, ids []string) ([]Record, error) {
	out := make([]Record, 0, len(ids))
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, len(chunk))
		for i, v := range chunk {
			args[i] = v
		}
		rows, err := c.Query(ctx, `SELECT `+recordSelect+` FROM records WHERE id IN `+store.Placeholders(1, len(chunk)), args...)
		if err != nil {
			return nil, fmt.Errorf("load records: %w", err)
		}
		for rows.Next() {
			r, err := scanRecord(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("load records: %w", err)
			}
			out = append(out, r)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("load records: %w", err)
		}
	}
	return out, nil
}
