-- Text campaigns, SQLite dialect. Keep in step with ../postgresql/V3__campaigns.sql.
CREATE TABLE campaigns (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id      INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    text            TEXT,
    event           TEXT,
    data            TEXT    NOT NULL,
    rate_per_second INTEGER NOT NULL,
    total           INTEGER NOT NULL,
    sent            INTEGER NOT NULL,
    failed          INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX campaigns_running ON campaigns (id) WHERE status = 'RUNNING';

-- One row per recipient; its state moves from PENDING exactly once, in the transaction that sends its message.
CREATE TABLE campaign_recipients (
    campaign_id INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    client_id   TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    question_id TEXT,
    error       TEXT,
    PRIMARY KEY (campaign_id, seq)
);
CREATE INDEX campaign_recipients_pending ON campaign_recipients (campaign_id, seq) WHERE state = 'PENDING';
