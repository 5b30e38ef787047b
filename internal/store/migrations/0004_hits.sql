-- Hits: a search result or check shown to someone outside the record owner's
-- bureau. The owner is told of every one (DOMAIN.md, Hits).
CREATE TABLE hits (
	id                 TEXT PRIMARY KEY,
	record_id          TEXT NOT NULL,
	database_id        TEXT NOT NULL,
	owner              TEXT NOT NULL,
	searcher_id        TEXT NOT NULL,
	searcher_name      TEXT NOT NULL,
	searcher_country   TEXT,
	searcher_unit      TEXT NOT NULL,
	searcher_unit_kind TEXT NOT NULL,
	purpose            TEXT NOT NULL,
	score              BIGINT NOT NULL,
	is_match           INTEGER NOT NULL,
	matched            TEXT NOT NULL,
	created_at         BIGINT NOT NULL
);
CREATE INDEX hits_by_owner ON hits (owner, id);
