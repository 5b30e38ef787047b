// Package store is the node's system of record: one SQL database, either an
// embedded SQLite file (pure Go driver) or PostgreSQL, behind the same
// migrations and the same queries.
//
// Queries are written once with '?' placeholders; the PostgreSQL dialect
// rewrites them to $n. Input never reaches SQL text: it is always a bound
// argument. Times are stored as BIGINT microseconds since the Unix epoch (UTC)
// so both engines sort and compare them the same way.
//
// On SQLite all writes go through one connection, so writers queue in Go rather
// than fail with SQLITE_BUSY; reads use a separate pool and see committed data
// (WAL mode). Each SQLite connection keeps the statements it runs again
// prepared (stmtcache.go). On PostgreSQL both go to one pool.
package store
