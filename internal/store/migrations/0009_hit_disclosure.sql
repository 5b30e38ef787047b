-- One disclosure path (internal/hits): a hit from a check says what was
-- checked (the items as the checking side sent them), the traveller or
-- object it concerns (a digest, so that the same one checked again by
-- the same unit while the first hit waits returns that hit), whether the
-- checking side was only told to refer to its NCB (the record is kept from
-- its kind of unit), and which unit of the owner's bureau answered.
ALTER TABLE hits ADD COLUMN checked TEXT NOT NULL DEFAULT '[]';
ALTER TABLE hits ADD COLUMN subject_key TEXT;
ALTER TABLE hits ADD COLUMN referred INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hits ADD COLUMN answered_unit TEXT;
CREATE INDEX hits_pending_by_record ON hits (record_id, searcher_unit, confirmation);
