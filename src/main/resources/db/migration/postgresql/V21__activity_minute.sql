-- The minute of a client's last activity, for the Dialogs index. Keep in step with ../sqlite/V21__activity_minute.sql.

-- Every turn writes last_activity. An index that holds it must change with every turn: on PostgreSQL no update of a
-- client row could then be HOT (a new heap tuple plus new entries in every index of clients, the primary key's
-- included), and SQLite moves the index entry each turn. The minute (last_activity / 60000, integer division) changes
-- at most once a minute, so a turn's update leaves every index of clients alone. Writers of last_activity set it in
-- the same statement (events.ClientClock); readers order by (activity_minute, last_activity, client_id), which is the
-- order of (last_activity, client_id), and read last_activity from the row, only within a minute.
ALTER TABLE clients ADD COLUMN activity_minute BIGINT NOT NULL DEFAULT 0;
UPDATE clients SET activity_minute = last_activity / 60000;

-- A channel's clients, most recently active first, by minute (Dialogs, dialog.DialogStore); its client count and the
-- minute of its last activity (channel.JdbiChannelStore). client_id lets a prefix filter skip rows on the index.
DROP INDEX clients_recent;
CREATE INDEX clients_recent ON clients (channel_id, activity_minute, client_id) WHERE test = 0;
