-- The demo channel this server created on its first start, so the first page finds it by id (its name and token may
-- change) and no channel someone else named "Demo" is taken for it. A server upgraded from a version that did not
-- record it takes the oldest channel named Demo, as those versions did. Keep in step with ../sqlite/V20.
CREATE TABLE demo_channels (
    channel_id BIGINT PRIMARY KEY
);
INSERT INTO demo_channels (channel_id) SELECT id FROM channels WHERE name = 'Demo' ORDER BY id LIMIT 1;
