-- The criminal databases' records and their version history.

-- A record, as its owner last wrote it. properties and restrictions are JSON
-- (FollowTheMoney-style multi-valued properties). client_key is the owner's
-- idempotency key: one record per (owner, database, key).
CREATE TABLE records (
	id           TEXT PRIMARY KEY,
	database_id  TEXT NOT NULL,
	schema_name  TEXT NOT NULL,
	owner        TEXT NOT NULL REFERENCES members (iso3),
	owner_unit   TEXT NOT NULL REFERENCES units (id),
	properties   TEXT NOT NULL,
	restrictions TEXT NOT NULL,
	status       TEXT NOT NULL,
	review_at    BIGINT NOT NULL,
	version      INTEGER NOT NULL,
	client_key   TEXT,
	created_at   BIGINT NOT NULL,
	created_by   TEXT NOT NULL,
	updated_at   BIGINT NOT NULL,
	updated_by   TEXT NOT NULL
);
CREATE UNIQUE INDEX records_by_key ON records (owner, database_id, client_key);
CREATE INDEX records_by_database ON records (database_id, id);
CREATE INDEX records_by_review ON records (review_at);

-- The versions of each record that a later one superseded (the current
-- version is the records row). Deleting a record deletes them too: what
-- remains is the audit log's tombstone.
CREATE TABLE record_versions (
	record_id    TEXT NOT NULL,
	version      INTEGER NOT NULL,
	properties   TEXT NOT NULL,
	restrictions TEXT NOT NULL,
	status       TEXT NOT NULL,
	review_at    BIGINT NOT NULL,
	changed_at   BIGINT NOT NULL,
	changed_by   TEXT NOT NULL,
	PRIMARY KEY (record_id, version)
);
