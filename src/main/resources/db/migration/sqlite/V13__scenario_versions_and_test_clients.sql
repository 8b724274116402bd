-- Every deployed scenario of a channel is kept, so an admin can compare versions and restore one. Each channel starts
-- with its current scenario as its current version; before admin accounts every change was made with the admin token.
CREATE TABLE scenario_versions (
    channel_id INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    source     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT    NOT NULL,
    PRIMARY KEY (channel_id, version)
);
INSERT INTO scenario_versions (channel_id, version, source, created_at, created_by)
SELECT id, scenario_version, scenario, updated_at, 'admin-token' FROM channels;

-- Clients an admin talks to from the scenario studio: left out of client counts, campaigns and webhooks.
ALTER TABLE clients ADD COLUMN test INTEGER NOT NULL DEFAULT 0;
-- The channel list's client count and last activity read this index only, never the events.
CREATE INDEX clients_activity ON clients (channel_id, last_activity) WHERE test = 0;
