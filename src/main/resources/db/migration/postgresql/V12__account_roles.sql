-- Console accounts have a role, 'admin' or 'agent', and can be deactivated (1 active, 0 not). Existing accounts stay
-- active agents. Keep in step with ../sqlite/V12__account_roles.sql.
ALTER TABLE agents ADD COLUMN role TEXT NOT NULL DEFAULT 'agent';
ALTER TABLE agents ADD COLUMN active BIGINT NOT NULL DEFAULT 1;
CREATE INDEX agent_sessions_by_agent ON agent_sessions (agent_id);
