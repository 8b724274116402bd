-- The console's Dialogs view. Keep in step with ../postgresql/V16__dialogs.sql.

-- A channel's clients, most recently active first, paged by (last_activity, client_id): this index alone answers a
-- page. It also answers what clients_activity did (the channel list's count and last activity), so it replaces it.
DROP INDEX clients_activity;
CREATE INDEX clients_recent ON clients (channel_id, last_activity, client_id) WHERE test = 0;

-- Full-text search over what clients, bots and agents said. A contentless FTS5 table (the text stays in events only)
-- that allows deletes by rowid; the channel is a column of its own ('c' || channel_id), so a search in one channel
-- does not wade through the others' matches. The database keeps it in step with events through triggers, whatever
-- code writes or erases a message.
CREATE VIRTUAL TABLE events_fts USING fts5(channel, text, content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2');

INSERT INTO events_fts (rowid, channel, text)
SELECT id, 'c' || channel_id, text FROM events
WHERE text IS NOT NULL AND author IN ('CLIENT', 'BOT', 'OPERATOR');

CREATE TRIGGER events_fts_insert AFTER INSERT ON events
WHEN new.text IS NOT NULL AND new.author IN ('CLIENT', 'BOT', 'OPERATOR')
BEGIN
    INSERT INTO events_fts (rowid, channel, text) VALUES (new.id, 'c' || new.channel_id, new.text);
END;

CREATE TRIGGER events_fts_delete AFTER DELETE ON events
WHEN old.text IS NOT NULL AND old.author IN ('CLIENT', 'BOT', 'OPERATOR')
BEGIN
    DELETE FROM events_fts WHERE rowid = old.id;
END;

CREATE TRIGGER events_fts_update AFTER UPDATE OF channel_id, author, text ON events
BEGIN
    DELETE FROM events_fts WHERE rowid = old.id;
    INSERT INTO events_fts (rowid, channel, text)
    SELECT new.id, 'c' || new.channel_id, new.text
    WHERE new.text IS NOT NULL AND new.author IN ('CLIENT', 'BOT', 'OPERATOR');
END;
