-- A bureau lists its records in a database (GET /api/v1/databases/{db}/records
-- ?owner=), in ID order and a page at a time: without this index a page
-- would read past every other bureau's records, or sort all of the owner's.
CREATE INDEX records_by_owner ON records (database_id, owner, id);
