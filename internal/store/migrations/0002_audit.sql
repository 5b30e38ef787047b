-- The tamper-evident audit log (internal/audit). Entries are the leaves of an
-- append-only Merkle tree (RFC 6962 hashing); the node signs a checkpoint of
-- the tree after every integrated batch. Nothing here is ever updated or
-- deleted except audit_pending, which is a queue, and audit_rejected, which
-- an operator empties once its rows are understood.

-- One row per entry, seq being its position in the tree. leaf is the entry's
-- canonical JSON and the only truth; the other text columns copy fields of it
-- so that listings can filter (audit verify checks they agree). hashes holds
-- the tlog stored hashes that this entry completes, 32 bytes each: its leaf
-- hash, then the hash of every subtree that the entry closes.
CREATE TABLE audit_entries (
	seq           BIGINT PRIMARY KEY,
	id            TEXT NOT NULL,
	logged_at     BIGINT NOT NULL,
	actor_id      TEXT NOT NULL,
	actor_name    TEXT NOT NULL,
	actor_country TEXT NOT NULL,
	action        TEXT NOT NULL,
	purpose       TEXT NOT NULL,
	outcome       TEXT NOT NULL,
	leaf          BYTEA NOT NULL,
	hashes        BYTEA NOT NULL
);
CREATE INDEX audit_entries_by_action ON audit_entries (action, seq);
CREATE INDEX audit_entries_by_actor_name ON audit_entries (actor_name, seq);
CREATE INDEX audit_entries_by_actor_id ON audit_entries (actor_id, seq);
CREATE INDEX audit_entries_by_time ON audit_entries (logged_at);

-- The countries an entry concerns (its actor's country and its subjects), so a
-- bureau's data protection officer sees the entries about that country.
CREATE TABLE audit_entry_countries (
	country TEXT NOT NULL,
	seq     BIGINT NOT NULL,
	PRIMARY KEY (country, seq)
);

-- The resources (IDs of what was touched) of each entry.
CREATE TABLE audit_entry_resources (
	resource TEXT NOT NULL,
	seq      BIGINT NOT NULL,
	PRIMARY KEY (resource, seq)
);

-- Every signed checkpoint, one per integrated batch, from the empty tree on.
-- note is the C2SP tlog-checkpoint signed note; size and root copy its body.
CREATE TABLE audit_checkpoints (
	size      BIGINT PRIMARY KEY,
	root      BYTEA NOT NULL,
	note      TEXT NOT NULL,
	signed_at BIGINT NOT NULL
);

-- Entries staged inside another transaction (Log.AppendTx), waiting for the
-- integrator to move them into the tree. entry is the entry's JSON; mac is
-- HMAC-SHA256 over the row's id and entry, keyed with a key derived from the
-- signing key, so that a row added with SQL access alone is not integrated.
CREATE TABLE audit_pending (
	id        TEXT PRIMARY KEY,
	staged_at BIGINT NOT NULL,
	entry     BYTEA NOT NULL,
	mac       BYTEA NOT NULL
);

-- Staged rows the integrator refused (authentication code wrong, or not a
-- valid entry), kept as they were found for inspection. seq is the position
-- of the "audit.pending.rejected" entry that records the rejection. The
-- columns copied from audit_pending may be NULL: a forged row may lack them.
CREATE TABLE audit_rejected (
	seq         BIGINT PRIMARY KEY,
	pending_id  TEXT NOT NULL,
	staged_at   BIGINT,
	entry       BYTEA,
	mac         BYTEA,
	reason      TEXT NOT NULL,
	rejected_at BIGINT NOT NULL
);
