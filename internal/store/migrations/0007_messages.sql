-- Secure messaging between bureaus (DOMAIN.md, Messages).
--
-- A party is a member country's bureau (its ISO3 code) or the Secretariat
-- ('secretariat'). Every party has versioned keys: Ed25519 signing keys,
-- which the node holds sealed on the party's behalf, and X25519 encryption
-- keys, of which the node holds only the public half (the bureau keeps the
-- private one: the node cannot read what is encrypted to it).
CREATE TABLE party_keys (
	party       TEXT NOT NULL,
	key_use     TEXT NOT NULL,
	version     INTEGER NOT NULL,
	public_key  TEXT NOT NULL,
	sealed      TEXT,
	created_at  BIGINT NOT NULL,
	created_by  TEXT NOT NULL,
	retired_at  BIGINT,
	PRIMARY KEY (party, key_use, version)
);

-- A message as its sender signed it. body is NULL when the message is
-- encrypted end to end; ciphertext is then the age file, armored.
CREATE TABLE messages (
	id            TEXT PRIMARY KEY,
	thread_id     TEXT NOT NULL,
	reply_to      TEXT,
	sender_party  TEXT NOT NULL,
	sender_unit   TEXT NOT NULL,
	sender_id     TEXT NOT NULL,
	sender_name   TEXT NOT NULL,
	addressed     TEXT NOT NULL,
	subject       TEXT NOT NULL,
	body          TEXT,
	ciphertext    TEXT,
	priority      TEXT NOT NULL,
	handling_code TEXT NOT NULL,
	handling_note TEXT,
	refs          TEXT NOT NULL,
	created_at    BIGINT NOT NULL,
	sign_version  INTEGER NOT NULL,
	signature     TEXT NOT NULL,
	idem_key      TEXT,
	request_hash  TEXT
);
CREATE UNIQUE INDEX messages_idempotency ON messages (sender_id, idem_key);
CREATE INDEX messages_by_thread ON messages (thread_id, id);
CREATE INDEX messages_by_sender ON messages (sender_party, id);

-- One row per recipient: a bureau (unit_id '') or one of its units. Its
-- state moves queued → delivered → read → acknowledged, never back.
CREATE TABLE message_recipients (
	message_id   TEXT NOT NULL REFERENCES messages (id),
	party        TEXT NOT NULL,
	unit_id      TEXT NOT NULL,
	state        TEXT NOT NULL,
	deadline     BIGINT,
	delivered_at BIGINT,
	read_at      BIGINT,
	read_by      TEXT,
	acked_at     BIGINT,
	acked_by     TEXT,
	escalated_at BIGINT,
	delivery_seq BIGINT,
	PRIMARY KEY (message_id, party, unit_id)
);
CREATE INDEX inbox_by_party ON message_recipients (party, message_id);
CREATE INDEX inbox_by_unit ON message_recipients (unit_id, message_id);
CREATE INDEX recipients_queued ON message_recipients (state, message_id);
CREATE INDEX recipients_awaiting ON message_recipients (escalated_at, deadline);

-- Deliveries are numbered in the order they commit (delivery_seq, from this
-- one-row counter, whose row lock orders them across nodes): a stream that
-- reconnects resumes after the last number it sent, missing nothing.
CREATE TABLE message_delivery_counter (
	id  INTEGER PRIMARY KEY,
	seq BIGINT NOT NULL
);
INSERT INTO message_delivery_counter (id, seq) VALUES (1, 0);
CREATE INDEX inbox_by_delivery ON message_recipients (party, unit_id, delivery_seq);
