package records

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ncbnet/ncbnet/internal/fault"
	"github.com/ncbnet/ncbnet/internal/store"
)

const recordColumns = `id, database_id, schema_name, owner, owner_unit, properties, restrictions, status, review_at, version, created_at, updated_at`

func scanRecord(s interface{ Scan(...any) error }) (Record, error) {
	var (
		r                  Record
		props, restr       string
		review, created, u int64
	)
	if err := s.Scan(&r.ID, &r.Database, &r.Schema, &r.Owner, &r.OwnerUnit, &props, &restr, &r.Status, &review, &r.Version, &created, &u); err != nil {
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
	r, err := scanRecord(c.QueryRow(ctx, `SELECT `+recordColumns+` FROM records WHERE id = ?`, id))
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
	r, err := scanRecord(c.QueryRow(ctx, `SELECT `+recordColumns+` FROM records WHERE owner = ? AND database_id = ? AND client_key = ?`, owner, database, key))
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

// insertRecord stores a new record and its first version.
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
	return insertVersion(ctx, tx, r, props, restr, by)
}

func insertVersion(ctx context.Context, tx *store.Tx, r Record, props, restr, by string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO record_versions (record_id, version, properties, restrictions, status, review_at, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Version, props, restr, string(r.Status), store.Micros(r.ReviewAt), store.Micros(r.UpdatedAt), by); err != nil {
		return fmt.Errorf("insert version %d of record %s: %w", r.Version, r.ID, err)
	}
	return nil
}

// updateRecord writes a new version of a record, if nobody wrote one since
// version r.Version-1 was read.
func updateRecord(ctx context.Context, tx *store.Tx, r Record, by string) error {
	props, restr, err := encode(r)
	if err != nil {
		return err
	}
	res, err := tx.Exec(ctx, `UPDATE records SET properties = ?, restrictions = ?, status = ?, review_at = ?, version = ?, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?`,
		props, restr, string(r.Status), store.Micros(r.ReviewAt), r.Version, store.Micros(r.UpdatedAt), by, r.ID, r.Version-1)
	if err != nil {
		return fmt.Errorf("update record %s: %w", r.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fault.New(fault.Conflict, "record %s was changed meanwhile: read it again", r.ID)
	}
	return insertVersion(ctx, tx, r, props, restr, by)
}

// deleteRecord removes a record and its history.
func deleteRecord(ctx context.Context, tx *store.Tx, id string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM record_versions WHERE record_id = ?`, id); err != nil {
		return fmt.Errorf("delete history of record %s: %w", id, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM records WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete record %s: %w", id, err)
	}
	return nil
}

// versions lists a record's history, oldest first.
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
