-- A channel may require identity verification: every client-API call then carries HMAC-SHA256(identity_secret,
-- clientId), computed by the integrator's backend. Empty or NULL: not required. Keep in step with
-- ../sqlite/V14__identity_secret.sql.
ALTER TABLE channels ADD COLUMN identity_secret TEXT;
