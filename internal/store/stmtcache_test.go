package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// The statements a SQLite connection runs again are kept prepared, and
// running them changes nothing of what they do: in and out of
// transactions, the same statement again while its rows are open (run
// unprepared), more distinct statements than are kept (the oldest go), a
// table changed under a kept statement, an error from a kept one.
func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(ctx, `CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)`); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if err := db.InTx(ctx, func(tx *Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO t (k, v) VALUES (?, ?)`, i, fmt.Sprint("v", i))
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	kept := func(pool *sql.DB) int {
		conn, err := pool.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		n := 0
		if err := conn.Raw(func(c any) error { n = len(c.(*cachingConn).stmts); return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := kept(db.write); n != 1 { // the INSERT; the CREATE, run once, is not
		t.Fatalf("the writer keeps %d statements, want 1", n)
	}

	// The same query again while its rows are open, nested.
	rows, err := db.write.QueryContext(ctx, `SELECT k FROM t WHERE k < ? ORDER BY k`, 3)
	if err != nil {
		t.Fatal(err)
	}
	var outer []int
	for rows.Next() {
		var k int
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		outer = append(outer, k)
	}
	rows.Close()
	err = db.InTx(ctx, func(tx *Tx) error {
		rows, err := tx.Query(ctx, `SELECT k FROM t WHERE k < ? ORDER BY k`, 3)
		if err != nil {
			return err
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var k int
			if err := rows.Scan(&k); err != nil {
				return err
			}
			var inner int
			if err := tx.QueryRow(ctx, `SELECT k FROM t WHERE k < ? ORDER BY k`, 3).Scan(&inner); err != nil {
				return fmt.Errorf("the same statement while its rows are open: %w", err)
			}
			if inner != 0 || k != outer[n] {
				return fmt.Errorf("row %d: %d and %d", n, k, inner)
			}
			n++
		}
		if n != 3 {
			return fmt.Errorf("%d rows, want 3", n)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}

	// More distinct statements than a connection keeps, each run twice.
	for round := range 2 {
		for i := range maxCachedStmts + 50 {
			var v string
			q := fmt.Sprintf(`SELECT v FROM t WHERE k = ? AND %d = %d`, i, i)
			if err := db.QueryRow(ctx, q, i%10).Scan(&v); err != nil || v != fmt.Sprint("v", i%10) {
				t.Fatalf("round %d, statement %d: %q, %v", round, i, v, err)
			}
		}
	}
	if n := kept(db.read); n == 0 || n > maxCachedStmts {
		t.Fatalf("a reader keeps %d statements, want some and at most %d", n, maxCachedStmts)
	}

	// A kept statement after its table changed, and its errors.
	for range 2 {
		if _, err := db.Exec(ctx, `UPDATE t SET v = ? WHERE k = ?`, "changed", 1); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(ctx, `ALTER TABLE t ADD COLUMN w TEXT`); err != nil {
		t.Fatal(err)
	}
	var v string
	if err := db.QueryRow(ctx, `SELECT v FROM t WHERE k = ? AND 1 = 1`, 1).Scan(&v); err != nil || v != "changed" {
		t.Fatalf("after the table changed: %q, %v", v, err)
	}
	for range 2 {
		if _, err := db.Exec(ctx, `INSERT INTO t (k, v) VALUES (?, ?)`, 1, "again"); err == nil {
			t.Fatal("a duplicate key was inserted by a kept statement")
		}
	}
}
