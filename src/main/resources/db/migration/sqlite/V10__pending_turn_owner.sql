-- Every node beats here while it runs; a node whose alive_until passed is gone (it crashed, or stopped and left).
CREATE TABLE nodes (
    node_id     BIGINT NOT NULL PRIMARY KEY,
    alive_until BIGINT NOT NULL
);

-- A pending async request now holds the node_id of the node that runs its turn (0 still means answered), so that
-- any node can take over the turns of a node that is gone. Requests left pending before this version hold 1, a node
-- that never beats: the first node to look takes them.
DROP INDEX events_pending;
CREATE INDEX events_pending ON events (id) WHERE pending <> 0;
