-- What changed since a moment, for the deltas of edge copies: records by the
-- time of their last change, and the records deleted (their rows are gone)
-- by the time of their deletion.
CREATE INDEX records_by_update ON records (updated_at);
CREATE TABLE record_tombstones (
	id          TEXT PRIMARY KEY,
	database_id TEXT NOT NULL,
	deleted_at  BIGINT NOT NULL
);
CREATE INDEX record_tombstones_by_time ON record_tombstones (deleted_at);
