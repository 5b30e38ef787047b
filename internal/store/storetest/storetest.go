// Package storetest opens throwaway stores for tests: a SQLite file in the
// test's temporary folder, and, when NCBNET_TEST_POSTGRES names a server, a
// PostgreSQL schema with a random name that is dropped when the test ends. Tests
// written once with Each run against both engines.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ncbnet/ncbnet/internal/store"
)

// PostgresEnv is the environment variable holding the PostgreSQL URL for tests.
const PostgresEnv = "NCBNET_TEST_POSTGRES"

// Backend is one engine a test can run on.
type Backend struct {
	Name string
	// DSN returns a fresh, empty database for t (cleaned up when t ends).
	DSN func(t testing.TB) string
}

// Backends lists the engines available to this test run: SQLite always,
// PostgreSQL when NCBNET_TEST_POSTGRES is set.
func Backends() []Backend {
	b := []Backend{{Name: "sqlite", DSN: SQLiteDSN}}
	if os.Getenv(PostgresEnv) != "" {
		b = append(b, Backend{Name: "postgres", DSN: PostgresDSN})
	}
	return b
}

// Each runs fn as a subtest on every available engine with a fresh, migrated
// store. When PostgreSQL is not configured its subtest is reported as skipped.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, b := range allBackends() {
		t.Run(b.Name, func(t *testing.T) {
			if b.DSN == nil {
				t.Skip("set " + PostgresEnv + " to run against PostgreSQL")
			}
			fn(t, Open(t, b.DSN(t)))
		})
	}
}

func allBackends() []Backend {
	b := Backends()
	if len(b) == 1 {
		b = append(b, Backend{Name: "postgres"})
	}
	return b
}

// Open opens and migrates the store at dsn, closing it when t ends.
func Open(t testing.TB, dsn string) *store.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// SQLiteDSN returns the path of a new SQLite file in t's temporary folder.
func SQLiteDSN(t testing.TB) string {
	return filepath.Join(t.TempDir(), "ncbnet.db")
}

// PostgresDSN creates a schema with a random name on the server named by
// NCBNET_TEST_POSTGRES and returns a URL whose search_path selects it. The
// schema is dropped when t ends. It skips t when the variable is unset.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skip("set " + PostgresEnv + " to run against PostgreSQL")
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schema := "ncbnet_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// The schema name is made here from random hex, never from input.
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
