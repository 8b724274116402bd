-- Parley schema, SQLite dialect. Keep in step with ../postgresql/V1__schema.sql.
CREATE TABLE channels (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name             TEXT    NOT NULL,
    token            TEXT    NOT NULL UNIQUE,
    block_form       INTEGER NOT NULL,
    webhook_url      TEXT,
    webhook_secret   TEXT,
    scenario         TEXT    NOT NULL,
    scenario_version INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

-- One row per (channel, client): the bot session and the clock of the client's event log.
CREATE TABLE clients (
    channel_id     INTEGER NOT NULL,
    client_id      TEXT    NOT NULL,
    session        TEXT    NOT NULL,
    session_version INTEGER NOT NULL,
    session_ended  INTEGER NOT NULL,
    last_activity  INTEGER NOT NULL,
    last_ts        INTEGER NOT NULL,
    message_count  INTEGER NOT NULL,
    PRIMARY KEY (channel_id, client_id)
);

-- The append-only event log of every client: requests, replies, state saves.
CREATE TABLE events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id   INTEGER NOT NULL,
    client_id    TEXT    NOT NULL,
    ts           INTEGER NOT NULL,
    type         TEXT    NOT NULL,
    question_id  TEXT,
    cid          TEXT,
    unsolicited  INTEGER NOT NULL,
    author       TEXT,
    text         TEXT,
    status       TEXT,
    pending      INTEGER NOT NULL DEFAULT 0,
    body         TEXT    NOT NULL
);
CREATE UNIQUE INDEX events_by_client_ts ON events (channel_id, client_id, ts);
CREATE INDEX events_by_question ON events (channel_id, client_id, question_id);
CREATE INDEX events_unsolicited ON events (channel_id, client_id, ts) WHERE unsolicited = 1;
CREATE INDEX events_unread ON events (channel_id, client_id) WHERE status IN ('SENT', 'DELIVERED');
CREATE INDEX events_pending ON events (id) WHERE pending = 1;

CREATE TABLE read_cursors (
    channel_id INTEGER NOT NULL,
    client_id  TEXT    NOT NULL,
    cid        TEXT    NOT NULL,
    last_ts    INTEGER NOT NULL,
    PRIMARY KEY (channel_id, client_id, cid)
);

CREATE TABLE client_states (
    channel_id INTEGER NOT NULL,
    client_id  TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    PRIMARY KEY (channel_id, client_id)
);

CREATE TABLE idempotency (
    channel_id INTEGER NOT NULL,
    idem_key   TEXT    NOT NULL,
    client_id  TEXT    NOT NULL,
    response   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (channel_id, idem_key)
);
CREATE INDEX idempotency_by_age ON idempotency (created_at);
