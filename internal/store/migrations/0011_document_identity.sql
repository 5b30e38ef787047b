-- A travel or administrative document is recorded once per database: the
-- identity of the document a record stands for (type, issuing country,
-- number as the index compares it, e.g. "P|FRA|19FV04321") is unique among
-- the records of its database, on every node sharing the store. The
-- service computes it (records.documentIdentity) and writes its row in the
-- transaction that writes the record; deleting the record, however it is
-- deleted, deletes the row. Records without an identity (other databases,
-- an administrative document of type "other") have none.
--
-- No column says NOT NULL (the service never writes a NULL) and the foreign
-- key is checked at commit: a constraint that may fail a statement makes
-- SQLite keep a statement journal of every page a multi-row INSERT
-- changes, and an import's rows land on pages all over the unique index
-- (numbers come in no order). With an identity column on records, whose
-- columns are NOT NULL, imports were five times slower.
CREATE TABLE record_documents (
	record_id   TEXT PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	database_id TEXT,
	identity    TEXT
);
CREATE UNIQUE INDEX record_documents_by_identity ON record_documents (database_id, identity);

-- The records stored before this migration get their row once, at the
-- start of a node (records.AssignDocumentIdentities: SQL cannot fold a
-- number the way the index does on both engines), a page at a time in
-- record ID order per database; this row is where that work stands, and
-- is deleted when it is done.
CREATE TABLE record_documents_backfill (
	database_id TEXT NOT NULL,
	after       TEXT NOT NULL
);
INSERT INTO record_documents_backfill (database_id, after) VALUES ('', '');
