-- Message counters per channel and per hour or day (bucket: its start, epoch ms, UTC), kept up by the node that
-- writes the messages: deltas gathered in memory and added about once a second (stats.StatsCounter). Channel 0 holds
-- the sums over all channels, added in the same flush, so that a chart of every channel reads one row per bucket.
-- A series is one range of its primary key.
-- stats_clients holds which clients were active in a recent bucket, so each counts once however many nodes saw it;
-- stats_active, each recently active client's last active hour, for the overview's active clients of the last day.
-- Both keep two days. Keep in step with ../sqlite/V15__message_stats.sql.
CREATE TABLE stats_buckets (
    channel_id      BIGINT  NOT NULL,
    span            TEXT    NOT NULL,
    bucket          BIGINT  NOT NULL,
    client_messages BIGINT  NOT NULL,
    bot_messages    BIGINT  NOT NULL,
    agent_messages  BIGINT  NOT NULL,
    active_clients  BIGINT  NOT NULL,
    PRIMARY KEY (channel_id, span, bucket)
);

CREATE TABLE stats_clients (
    channel_id BIGINT  NOT NULL,
    span       TEXT    NOT NULL,
    bucket     BIGINT  NOT NULL,
    client_id  TEXT    NOT NULL,
    PRIMARY KEY (channel_id, span, bucket, client_id)
);
CREATE INDEX stats_clients_by_time ON stats_clients (bucket);

CREATE TABLE stats_active (
    channel_id BIGINT  NOT NULL,
    client_id  TEXT    NOT NULL,
    last_hour  BIGINT  NOT NULL,
    PRIMARY KEY (channel_id, client_id)
);
CREATE INDEX stats_active_by_time ON stats_active (last_hour);
CREATE INDEX stats_active_by_channel ON stats_active (channel_id, last_hour);
