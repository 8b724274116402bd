-- The console's Dialogs view. Keep in step with ../postgresql/V16__dialogs.sql.

-- A channel's clients, most recently active first, paged by (last_activity, client_id): this index alone answers a
-- page. It also answers what clients_activity did (the channel list's count and last activity), so it replaces it.
DROP INDEX clients_activity;
CREATE INDEX clients_recent ON clients (channel_id, last_activity, client_id) WHERE test = 0;

-- Full-text search over what clients, bots and agents said. A contentless FTS5 table (the text stays in events only)
-- that allows deletes by rowid; the channel is a column of its own ('c' || channel_id), so a search in one channel
-- does not wade through the others' matches. New events reach it in batches after their commit; triggers take out
-- erased ones and follow changed ones, whatever code erases or changes a message.
CREATE VIRTUAL TABLE events_fts USING fts5(channel, text, content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2');

-- Events are indexed after their turn, in batches (dialog.SearchIndex): a trigger in every turn's transaction cost a
-- fifth of the sync turns (docs/BENCHMARKS.md). indexed_to is the last event id looked at; ids come in commit order
-- on SQLite's one writer, so none is passed over.
CREATE TABLE events_fts_progress (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_to INTEGER NOT NULL
);

INSERT INTO events_fts (rowid, channel, text)
SELECT id, 'c' || channel_id, text FROM events
WHERE text IS NOT NULL AND author IN ('CLIENT', 'BOT', 'OPERATOR');
INSERT INTO events_fts_progress (id, indexed_to) SELECT 1, COALESCE(MAX(id), 0) FROM events;

-- Rows already indexed leave the index with their event (erasure, retention) and follow a change of their text;
-- later ones are indexed as they are when their turn comes.
CREATE TRIGGER events_fts_delete AFTER DELETE ON events
WHEN old.text IS NOT NULL AND old.author IN ('CLIENT', 'BOT', 'OPERATOR')
     AND old.id <= (SELECT indexed_to FROM events_fts_progress)
BEGIN
    DELETE FROM events_fts WHERE rowid = old.id;
END;

CREATE TRIGGER events_fts_update AFTER UPDATE OF channel_id, author, text ON events
WHEN old.id <= (SELECT indexed_to FROM events_fts_progress)
BEGIN
    DELETE FROM events_fts WHERE rowid = old.id;
    INSERT INTO events_fts (rowid, channel, text)
    SELECT new.id, 'c' || new.channel_id, new.text
    WHERE new.text IS NOT NULL AND new.author IN ('CLIENT', 'BOT', 'OPERATOR');
END;
