-- Attachments of messages: stored once by the SHA-256 of their content,
-- whoever uploads them and however many messages carry them. A party may
-- attach only what it uploaded itself (attachment_holders): naming a hash
-- is not enough to pass on content one never had. Each holder keeps the
-- type it declared: what another bureau declared for the same bytes is not
-- shown to it (nor that another bureau has them).
CREATE TABLE attachments (
	sha256     TEXT PRIMARY KEY,
	size       BIGINT NOT NULL,
	content    BYTEA NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE TABLE attachment_holders (
	sha256      TEXT NOT NULL REFERENCES attachments (sha256),
	party       TEXT NOT NULL,
	media_type  TEXT NOT NULL,
	uploaded_at BIGINT NOT NULL,
	uploaded_by TEXT NOT NULL,
	PRIMARY KEY (sha256, party)
);
-- What a message carries, as its sender signed it: [{"sha256","name","size","media_type"}].
ALTER TABLE messages ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
