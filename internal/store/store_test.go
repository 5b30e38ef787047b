package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ncbnet/ncbnet/internal/store"
	"github.com/ncbnet/ncbnet/internal/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t.Run("migrate twice is a no-op", func(t *testing.T) {
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("second migrate: %v", err)
			}
		})
		t.Run("placeholders bind input, never SQL", func(t *testing.T) {
			evil := "X'); DROP TABLE members; --"
			if _, err := db.Exec(ctx, `INSERT INTO members (iso3, iso2, name, region) VALUES (?, ?, ?, ?)`, "ZZZ", "ZZ", evil, "Europe"); err != nil {
				t.Fatalf("insert: %v", err)
			}
			var name string
			if err := db.QueryRow(ctx, `SELECT name FROM members WHERE iso3 = ?`, "ZZZ").Scan(&name); err != nil {
				t.Fatalf("select: %v", err)
			}
			if name != evil {
				t.Fatalf("name = %q, want %q", name, evil)
			}
		})
		t.Run("rollback writes nothing and skips after-commit", func(t *testing.T) {
			ran := false
			boom := errors.New("boom")
			err := db.InTx(ctx, func(tx *store.Tx) error {
				tx.AfterCommit(func(context.Context) { ran = true })
				if _, err := tx.Exec(ctx, `INSERT INTO members (iso3, iso2, name, region) VALUES (?, ?, ?, ?)`, "YYY", "YY", "Y", "Asia"); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("InTx error = %v, want boom", err)
			}
			if ran {
				t.Fatal("after-commit ran on rollback")
			}
			var n int
			if err := db.QueryRow(ctx, `SELECT count(*) FROM members WHERE iso3 = ?`, "YYY").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatalf("rolled-back row is visible")
			}
		})
		t.Run("commit is visible to readers and runs after-commit", func(t *testing.T) {
			ran := false
			err := db.InTx(ctx, func(tx *store.Tx) error {
				tx.AfterCommit(func(context.Context) { ran = true })
				_, err := tx.Exec(ctx, `INSERT INTO members (iso3, iso2, name, region) VALUES (?, ?, ?, ?)`, "XXX", "XX", "X", "Asia")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if !ran {
				t.Fatal("after-commit did not run")
			}
			var n int
			if err := db.QueryRow(ctx, `SELECT count(*) FROM members WHERE iso3 = ?`, "XXX").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Fatalf("committed row not visible")
			}
		})
		t.Run("binary columns round-trip", func(t *testing.T) {
			blob := []byte{0, 1, 2, 255, 254}
			if _, err := db.Exec(ctx, `INSERT INTO units (id, kind, name, created_at, created_by) VALUES (?, ?, ?, ?, ?)`, "U1", "secretariat", "GS", 1, "test"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(ctx, `INSERT INTO tokens (id, kind, secret_hash, unit_id, name, roles, scopes, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				"T1", "api", blob, "U1", "n", "officer", "", 1, "test", 2); err != nil {
				t.Fatal(err)
			}
			var got []byte
			if err := db.QueryRow(ctx, `SELECT secret_hash FROM tokens WHERE id = ?`, "T1").Scan(&got); err != nil {
				t.Fatal(err)
			}
			if string(got) != string(blob) {
				t.Fatalf("blob = %v, want %v", got, blob)
			}
		})
	})
}

func TestPlaceholders(t *testing.T) {
	if got, want := store.Placeholders(2, 3), "(?, ?, ?), (?, ?, ?)"; got != want {
		t.Fatalf("Placeholders(2,3) = %q, want %q", got, want)
	}
}

func TestRedact(t *testing.T) {
	if got := store.Redact("postgres://u:secret@h/db"); got != "postgres://u:xxxxx@h/db" {
		t.Fatalf("Redact = %q", got)
	}
}
