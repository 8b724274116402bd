-- Webhook outbox and durable bot timers, SQLite dialect. Keep in step with ../postgresql/V2__deliveries_and_timers.sql.

-- One webhook call to make: written in the transaction that created its events, deleted once delivered.
CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id  TEXT    NOT NULL,
    channel_id   INTEGER NOT NULL,
    client_id    TEXT    NOT NULL,
    question_ids TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    attempts     INTEGER NOT NULL,
    next_at      INTEGER NOT NULL,
    lease_until  INTEGER NOT NULL,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    failed_at    INTEGER
);
CREATE INDEX deliveries_due ON deliveries (next_at) WHERE state = 'PENDING';
CREATE INDEX deliveries_by_client ON deliveries (channel_id, client_id, id) WHERE state = 'PENDING';
CREATE INDEX deliveries_dead ON deliveries (channel_id, id) WHERE state = 'DEAD';

-- At most one pending bot timer per client: a newer one replaces it, the client's next request cancels it.
CREATE TABLE timers (
    channel_id   INTEGER NOT NULL,
    client_id    TEXT    NOT NULL,
    timer_id     TEXT    NOT NULL,
    due_at       INTEGER NOT NULL,
    target_state TEXT    NOT NULL,
    lease_until  INTEGER NOT NULL,
    PRIMARY KEY (channel_id, client_id)
);
CREATE INDEX timers_due ON timers (due_at);
