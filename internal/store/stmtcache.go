package store

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"

	"modernc.org/sqlite"
)

// SQLite parses and plans a statement every time one is prepared, and
// database/sql prepares every statement it runs unless the caller keeps a
// prepared one. Under a load of checks that parsing took a sixth of the
// node's CPU (loading records, storing hits, the savepoints of group
// commits). So each SQLite connection keeps the statements it runs again
// prepared (PostgreSQL needs none of this: pgx caches statements on each
// connection itself).
//
// The cache sits in the driver connection, under database/sql: every query
// through the store uses it, in a transaction or not, with nothing for
// callers to prepare or close. A statement is prepared on its second use on
// a connection, so one-off statements (migrations, a rare report) are not
// kept; the least recently used one goes when a connection holds
// maxCachedStmts. A statement whose rows are still open is not run again
// until they are closed: a second use meanwhile runs unprepared.

// maxCachedStmts bounds the statements one connection keeps: each holds a
// few KB. A node runs a few hundred distinct statements, with multi-row
// forms that vary only in their number of rows.
const maxCachedStmts = 256

// maxSeenStmts bounds the statements a connection remembers as run once.
const maxSeenStmts = 4096

// cachingConnector opens SQLite connections that keep their statements.
type cachingConnector struct{ base driver.Connector }

func newCachingConnector(dsn string) (driver.Connector, error) {
	base, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return cachingConnector{base: base}, nil
}

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return newCachingConn(conn)
}

func (c cachingConnector) Driver() driver.Driver { return c.base.Driver() }

// sqliteConn is what a modernc.org/sqlite connection implements.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// sqliteStmt is what a modernc.org/sqlite statement implements.
type sqliteStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// cachingConn is a SQLite connection with its statement cache. database/sql
// uses a connection from one goroutine at a time, so the cache needs no
// lock.
type cachingConn struct {
	sqliteConn
	stmts map[string]*list.Element // of *cachedStmt, most recent first
	lru   *list.List
	seen  map[string]struct{}
}

type cachedStmt struct {
	query string
	stmt  sqliteStmt
	busy  bool // rows open
}

func newCachingConn(c driver.Conn) (driver.Conn, error) {
	sc, ok := c.(sqliteConn)
	if !ok {
		c.Close()
		return nil, errors.New("store: the SQLite driver's connection lacks an interface the statement cache needs")
	}
	return &cachingConn{sqliteConn: sc, stmts: map[string]*list.Element{}, lru: list.New(), seen: map[string]struct{}{}}, nil
}

// Unwrap returns the driver's own connection.
func (c *cachingConn) Unwrap() driver.Conn { return c.sqliteConn }

// cached returns the prepared statement for query, preparing it on its
// second use; nil when query runs unprepared this time.
func (c *cachingConn) cached(ctx context.Context, query string) *cachedStmt {
	if el, ok := c.stmts[query]; ok {
		cs := el.Value.(*cachedStmt)
		if cs.busy {
			return nil
		}
		c.lru.MoveToFront(el)
		return cs
	}
	if _, ok := c.seen[query]; !ok {
		if len(c.seen) >= maxSeenStmts {
			clear(c.seen)
		}
		c.seen[query] = struct{}{}
		return nil
	}
	ds, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil // run unprepared, which reports the error
	}
	st, ok := ds.(sqliteStmt)
	if !ok {
		ds.Close()
		return nil
	}
	delete(c.seen, query)
	for c.lru.Len() >= maxCachedStmts {
		if !c.evict() {
			st.Close()
			return nil
		}
	}
	cs := &cachedStmt{query: query, stmt: st}
	c.stmts[query] = c.lru.PushFront(cs)
	return cs
}

// evict closes the least recently used statement whose rows are closed.
func (c *cachingConn) evict() bool {
	for el := c.lru.Back(); el != nil; el = el.Prev() {
		cs := el.Value.(*cachedStmt)
		if cs.busy {
			continue
		}
		cs.stmt.Close()
		c.lru.Remove(el)
		delete(c.stmts, cs.query)
		return true
	}
	return false
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if cs := c.cached(ctx, query); cs != nil {
		return cs.stmt.ExecContext(ctx, args)
	}
	return c.sqliteConn.ExecContext(ctx, query, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs := c.cached(ctx, query)
	if cs == nil {
		return c.sqliteConn.QueryContext(ctx, query, args)
	}
	rows, err := cs.stmt.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy = true
	return &cachedRows{sqliteRows: rows.(sqliteRows), stmt: cs}, nil
}

// Close closes the statements kept, then the connection.
func (c *cachingConn) Close() error {
	var errs []error
	for el := c.lru.Front(); el != nil; el = el.Next() {
		errs = append(errs, el.Value.(*cachedStmt).stmt.Close())
	}
	c.lru.Init()
	clear(c.stmts)
	errs = append(errs, c.sqliteConn.Close())
	return errors.Join(errs...)
}

// sqliteRows is what a modernc.org/sqlite result set implements.
type sqliteRows interface {
	driver.Rows
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeLength
	driver.RowsColumnTypeNullable
	driver.RowsColumnTypePrecisionScale
	driver.RowsColumnTypeScanType
}

// cachedRows are the rows of a kept statement, which may run again once
// they are closed.
type cachedRows struct {
	sqliteRows
	stmt *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.sqliteRows.Close()
	r.stmt.busy = false
	return err
}
