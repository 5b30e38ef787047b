-- Hits from checks (at a border, from a national system) wait for the owner's
-- confirmation: urgent ones within 10 minutes, routine ones within an hour
-- (DOMAIN.md, Hits). A hit past its deadline without an answer is escalated
-- to the owner's supervisors, once.
ALTER TABLE hits ADD COLUMN source TEXT NOT NULL DEFAULT 'search';
ALTER TABLE hits ADD COLUMN action TEXT NOT NULL DEFAULT '[]';
ALTER TABLE hits ADD COLUMN urgency TEXT;
ALTER TABLE hits ADD COLUMN deadline BIGINT;
ALTER TABLE hits ADD COLUMN confirmation TEXT;
ALTER TABLE hits ADD COLUMN answered_at BIGINT;
ALTER TABLE hits ADD COLUMN answered_by TEXT;
ALTER TABLE hits ADD COLUMN answer_note TEXT;
ALTER TABLE hits ADD COLUMN escalated_at BIGINT;
CREATE INDEX hits_awaiting ON hits (confirmation, deadline);
CREATE INDEX hits_by_checker ON hits (searcher_country, id);
