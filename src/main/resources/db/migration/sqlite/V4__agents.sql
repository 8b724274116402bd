-- Human agents and hand-offs, SQLite dialect. Keep in step with ../postgresql/V4__agents.sql.
CREATE TABLE agents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    login         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

-- Login sessions; only a hash of the bearer token is stored.
CREATE TABLE agent_sessions (
    token_hash TEXT    PRIMARY KEY,
    agent_id   INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX agent_sessions_by_expiry ON agent_sessions (expires_at);

-- A client handed from the bot to the agents: QUEUED, then ASSIGNED to one agent, then CLOSED.
CREATE TABLE handoffs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id    INTEGER NOT NULL,
    client_id     TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    agent_id      INTEGER,
    first_message TEXT    NOT NULL,
    close_phrases TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX handoffs_by_status ON handoffs (status, updated_at);

-- The open hand-off of a client, read by every turn together with its session; 0 when the bot has the client.
ALTER TABLE clients ADD COLUMN handoff_id INTEGER NOT NULL DEFAULT 0;
