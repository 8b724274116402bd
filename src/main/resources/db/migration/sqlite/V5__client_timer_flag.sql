-- Whether the client has a pending bot timer, so that a turn deletes timers only when there is one to delete.
ALTER TABLE clients ADD COLUMN has_timer INTEGER NOT NULL DEFAULT 0;
UPDATE clients SET has_timer = 1
WHERE EXISTS (SELECT 1 FROM timers t WHERE t.channel_id = clients.channel_id AND t.client_id = clients.client_id);
