package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// Dialect names the SQL engine behind a DB.
type Dialect int

// The supported engines.
const (
	SQLite Dialect = iota + 1
	Postgres
)

func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return "unknown"
}

// Conn runs queries. Both *DB and *Tx are Conns, so a repository function can
// run inside or outside a transaction.
type Conn interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

var (
	_ Conn = (*DB)(nil)
	_ Conn = (*Tx)(nil)
)

// DB is an open store.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	dsn     string
	rebinds sync.Map // query → rebound query (PostgreSQL)
}

// IsPostgres reports whether dsn selects PostgreSQL rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the store named by dsn: a postgres:// URL, or the path of a SQLite
// file (created if missing, with its folder). It does not migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(32)
	pool.SetMaxIdleConns(32)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres %s: %w", Redact(dsn), err)
	}
	return &DB{dialect: Postgres, write: pool, read: pool, dsn: dsn}, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	path = strings.TrimPrefix(path, "sqlite://")
	path = strings.TrimPrefix(path, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		return nil, fmt.Errorf("open sqlite %s: options in the path are not supported", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create folder for %s: %w", path, err)
		}
	}
	// WAL lets readers run beside the one writer; synchronous=FULL makes a
	// commit durable before it returns (an accepted write survives power loss).
	// temp_store(memory) keeps statement journals of multi-row inserts off
	// the disk; cache_size is in KiB when negative (32 MiB per connection).
	common := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=temp_store(memory)&_pragma=cache_size(-32768)"
	wc, err := newCachingConnector("file:" + path + "?" + common + "&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	write := sql.OpenDB(wc)
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	rc, err := newCachingConnector("file:" + path + "?" + common + "&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s for reading: %w", path, err)
	}
	read := sql.OpenDB(rc)
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	return &DB{dialect: SQLite, write: write, read: read, dsn: path}, nil
}

// Close closes the store.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Dialect returns the engine behind the store.
func (db *DB) Dialect() Dialect { return db.dialect }

// Exec runs a statement that changes data (through the writer).
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.write.ExecContext(ctx, db.rebind(query), args...)
}

// Query runs a read-only query.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, db.rebind(query), args...)
}

// QueryRow runs a read-only query that returns at most one row.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, db.rebind(query), args...)
}

// Ping checks that the store answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s store: %w", db.dialect, err)
	}
	return nil
}

// InTx runs fn in a transaction and commits it when fn returns nil. Functions
// registered with Tx.AfterCommit run after a successful commit.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	var tx *Tx
	err := db.inTxNoAfter(ctx, func(t *Tx) error { tx = t; return fn(t) })
	if err != nil {
		return err
	}
	for _, f := range tx.after {
		f(ctx)
	}
	return nil
}

// inTxNoAfter is InTx without running the functions registered with
// AfterCommit: the caller does.
func (db *DB) inTxNoAfter(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	tx := &Tx{tx: sqlTx, db: db}
	if err := fn(tx); err != nil {
		if rbErr := sqlTx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("roll back: %w", rbErr))
		}
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// rebind rewrites '?' placeholders to $1, $2, … for PostgreSQL. Queries never
// contain a literal '?', so every one is a placeholder.
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	if r, ok := db.rebinds.Load(q); ok {
		return r.(string)
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	r := b.String()
	db.rebinds.Store(q, r)
	return r
}

// Tx is a transaction on the writer.
type Tx struct {
	tx    *sql.Tx
	db    *DB
	after []func(context.Context)
}

// Dialect returns the engine behind the transaction.
func (tx *Tx) Dialect() Dialect { return tx.db.dialect }

// Exec runs a statement in the transaction.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.db.rebind(query), args...)
}

// Query runs a query in the transaction.
func (tx *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.db.rebind(query), args...)
}

// QueryRow runs a query that returns at most one row in the transaction.
func (tx *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.rebind(query), args...)
}

// Serialize makes transactions that call it with the same key run one at a
// time across every node sharing the database (a PostgreSQL advisory lock
// held until the transaction ends). On SQLite, where writers are already
// serialised, it does nothing.
func (tx *Tx) Serialize(ctx context.Context, key int64) error {
	if tx.db.dialect != Postgres {
		return nil
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(?)`, key); err != nil {
		return fmt.Errorf("take advisory lock %x: %w", key, err)
	}
	return nil
}

// AfterCommit registers f to run, with the transaction's context, once the
// transaction has committed, before InTx returns; it does not run if the
// transaction rolls back.
func (tx *Tx) AfterCommit(f func(ctx context.Context)) { tx.after = append(tx.after, f) }

// Stmt is a statement prepared once on the writer and run in many
// transactions: a bulk import's multi-row INSERT is parsed once, not in
// every batch.
type Stmt struct{ stmt *sql.Stmt }

// PrepareWrite prepares a statement on the writer. Close it when done.
func (db *DB) PrepareWrite(ctx context.Context, query string) (*Stmt, error) {
	s, err := db.write.PrepareContext(ctx, db.rebind(query))
	if err != nil {
		return nil, fmt.Errorf("prepare statement: %w", err)
	}
	return &Stmt{stmt: s}, nil
}

// Close releases the statement.
func (s *Stmt) Close() error { return s.stmt.Close() }

// ExecStmt runs a statement prepared with PrepareWrite in the transaction.
func (tx *Tx) ExecStmt(ctx context.Context, s *Stmt, args ...any) (sql.Result, error) {
	return tx.tx.StmtContext(ctx, s.stmt).ExecContext(ctx, args...)
}

// ReadStmt is a read prepared once and run many times: a hot query (the
// token of every request) is parsed once per connection, not per call.
type ReadStmt struct{ stmt *sql.Stmt }

// PrepareRead prepares a query on the readers. Close it when done.
func (db *DB) PrepareRead(ctx context.Context, query string) (*ReadStmt, error) {
	s, err := db.read.PrepareContext(ctx, db.rebind(query))
	if err != nil {
		return nil, fmt.Errorf("prepare query: %w", err)
	}
	return &ReadStmt{stmt: s}, nil
}

// QueryRow runs the prepared query for at most one row.
func (s *ReadStmt) QueryRow(ctx context.Context, args ...any) *sql.Row {
	return s.stmt.QueryRowContext(ctx, args...)
}

// Close releases the statement.
func (s *ReadStmt) Close() error { return s.stmt.Close() }

// Placeholders returns "(?, ?, …), (…)" for a multi-row insert of rows rows of
// cols columns. Only the count of placeholders varies, never input.
func Placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

// Micros converts a time to the stored form.
func Micros(t time.Time) int64 { return t.UnixMicro() }

// Time converts a stored time back, in UTC.
func Time(us int64) time.Time { return time.UnixMicro(us).UTC() }

// NullMicros converts an optional time (zero means none) to the stored form.
func NullMicros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

// NullTime converts an optional stored time back (zero time when NULL).
func NullTime(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return Time(v.Int64)
}

// NullString stores "" as NULL.
func NullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// NullMicrosOf converts an optional time (nil means none) to the stored form.
func NullMicrosOf(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: Micros(*t), Valid: true}
}

// TimeOf converts an optional stored time back (nil when NULL).
func TimeOf(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := Time(v.Int64)
	return &t
}

// Redact hides the password of a connection URL so it can be logged.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
