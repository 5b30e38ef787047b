-- The escalation of overdue hits reads the unanswered, not yet escalated
-- hits by deadline. The index on (confirmation, deadline) also held the
-- hits already escalated, which stay unanswered: each batch of the
-- escalation skipped over all those escalated before it, and 100,000 hits
-- falling due at once took minutes. This index holds only what is still to
-- escalate.
DROP INDEX hits_awaiting;
CREATE INDEX hits_due ON hits (deadline) WHERE confirmation = 'pending' AND escalated_at IS NULL;
