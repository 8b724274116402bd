-- A running campaign is sent by one node at a time: the node that holds its lease, renewed while it sends.
ALTER TABLE campaigns ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
