-- How long a channel keeps its messages, as an ISO-8601 duration such as P30D; NULL keeps them forever. The
-- retention worker deletes older events in small batches. Keep in step with ../sqlite/V17__history_retention.sql.
ALTER TABLE channels ADD COLUMN history_retention TEXT;
