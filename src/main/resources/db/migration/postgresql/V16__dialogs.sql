-- The console's Dialogs view. Keep in step with ../sqlite/V16__dialogs.sql.

-- A channel's clients, most recently active first, paged by (last_activity, client_id): this index alone answers a
-- page. It also answers what clients_activity did (the channel list's count and last activity), so it replaces it.
DROP INDEX clients_activity;
CREATE INDEX clients_recent ON clients (channel_id, last_activity, client_id) WHERE test = 0;

-- Full-text search over what clients, bots and agents said: an expression index, which PostgreSQL keeps in step with
-- events whatever code writes or erases a message. Searches must use the same expression and predicate.
CREATE INDEX events_text_search ON events USING gin (to_tsvector('english', text))
    WHERE author IN ('CLIENT', 'BOT', 'OPERATOR');
