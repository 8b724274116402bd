-- The unread count (messages to the client still SENT or DELIVERED) is kept on the client row, which every turn
-- updates anyway, instead of in a partial index of the events that cost every bot reply one more index page.
ALTER TABLE clients ADD COLUMN unread INTEGER NOT NULL DEFAULT 0;
UPDATE clients SET unread = (SELECT COUNT(*) FROM events e
                             WHERE e.channel_id = clients.channel_id AND e.client_id = clients.client_id
                               AND e.status IN ('SENT', 'DELIVERED'));
DROP INDEX events_unread;
