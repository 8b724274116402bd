-- Message counters per channel and per hour or day (bucket: its start, epoch ms, UTC), kept up by the node that
-- writes the messages: deltas gathered in memory and added about once a second (stats.StatsCounter).
-- stats_clients holds which clients were active in a bucket, so each counts once however many nodes saw it; only
-- recent buckets are kept there. Both are deleted with their channel.
-- Keep in step with ../postgresql/V15__message_stats.sql.
CREATE TABLE stats_buckets (
    channel_id      INTEGER NOT NULL,
    span            TEXT    NOT NULL,
    bucket          INTEGER NOT NULL,
    client_messages INTEGER NOT NULL,
    bot_messages    INTEGER NOT NULL,
    agent_messages  INTEGER NOT NULL,
    active_clients  INTEGER NOT NULL,
    PRIMARY KEY (channel_id, span, bucket)
);
CREATE INDEX stats_buckets_by_time ON stats_buckets (span, bucket);

CREATE TABLE stats_clients (
    channel_id INTEGER NOT NULL,
    span       TEXT    NOT NULL,
    bucket     INTEGER NOT NULL,
    client_id  TEXT    NOT NULL,
    PRIMARY KEY (channel_id, span, bucket, client_id)
);
CREATE INDEX stats_clients_by_time ON stats_clients (span, bucket);
