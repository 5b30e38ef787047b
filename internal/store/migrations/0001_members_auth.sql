-- Members, their bureaus' units, users and tokens.

CREATE TABLE members (
	iso3   TEXT PRIMARY KEY,
	iso2   TEXT NOT NULL UNIQUE,
	name   TEXT NOT NULL,
	region TEXT NOT NULL
);

-- A unit belongs to a member country's bureau (country set) or is one of the
-- two network-wide bodies, the Secretariat and the oversight body (country NULL).
CREATE TABLE units (
	id          TEXT PRIMARY KEY,
	country     TEXT REFERENCES members (iso3),
	kind        TEXT NOT NULL,
	name        TEXT NOT NULL,
	databases   TEXT NOT NULL DEFAULT '',
	created_at  BIGINT NOT NULL,
	created_by  TEXT NOT NULL,
	disabled_at BIGINT
);
CREATE UNIQUE INDEX units_one_ncb ON units (country) WHERE kind = 'ncb';
CREATE UNIQUE INDEX units_one_body ON units (kind) WHERE kind IN ('secretariat', 'oversight');
CREATE INDEX units_by_country ON units (country, id);

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE,
	unit_id       TEXT NOT NULL REFERENCES units (id),
	country       TEXT REFERENCES members (iso3),
	roles         TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until  BIGINT,
	last_login_at BIGINT,
	created_at    BIGINT NOT NULL,
	created_by    TEXT NOT NULL,
	disabled_at   BIGINT
);
CREATE INDEX users_by_country ON users (country, id);
CREATE INDEX users_by_unit ON users (unit_id, id);

-- Session tokens (kind 'session', for a user) and API tokens (kind 'api', for
-- a system client bound to a unit). Only a SHA-256 of the secret is kept.
CREATE TABLE tokens (
	id           TEXT PRIMARY KEY,
	kind         TEXT NOT NULL,
	secret_hash  BYTEA NOT NULL,
	user_id      TEXT REFERENCES users (id),
	unit_id      TEXT NOT NULL REFERENCES units (id),
	country      TEXT REFERENCES members (iso3),
	name         TEXT NOT NULL,
	roles        TEXT NOT NULL,
	scopes       TEXT NOT NULL,
	created_at   BIGINT NOT NULL,
	created_by   TEXT NOT NULL,
	expires_at   BIGINT NOT NULL,
	revoked_at   BIGINT,
	revoked_by   TEXT,
	last_used_at BIGINT
);
CREATE INDEX tokens_by_country ON tokens (kind, country, id);
CREATE INDEX tokens_by_user ON tokens (user_id);
