-- Only messages to the client (the rows with a status) are ever looked up by question id: index just those, so a
-- turn's request row costs one index entry less.
DROP INDEX events_by_question;
CREATE INDEX events_by_question ON events (channel_id, client_id, question_id) WHERE status IS NOT NULL;
