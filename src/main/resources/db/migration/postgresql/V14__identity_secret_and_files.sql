-- A channel may require identity verification: every client-API call then carries HMAC-SHA256(identity_secret,
-- clientId), computed by the integrator's backend. Empty or NULL: not required.
-- Files clients upload, bytes included, so that every node serves them; the id (128 random bits) is the url's
-- capability. Deleted with their channel. Keep in step with ../sqlite/V14__identity_secret_and_files.sql.
ALTER TABLE channels ADD COLUMN identity_secret TEXT;

CREATE TABLE files (
    id         TEXT   PRIMARY KEY,
    channel_id BIGINT NOT NULL,
    client_id  TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    mime_type  TEXT   NOT NULL,
    size       BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    content    BYTEA  NOT NULL
);
CREATE INDEX files_by_client ON files (channel_id, client_id);
