package dev.parley.agent;

import dev.parley.store.Database;
import java.util.List;
import java.util.Optional;

/** Agent accounts and login sessions. Thread-safe. */
public final class AgentStore {

    /** An account with its password hash, for checking a login. */
    record Credentials(Agent agent, String passwordHash) {
    }

    private final Database db;

    public AgentStore(Database db) {
        this.db = db;
    }

    /** Creates an account; empty when the login is taken. */
    Optional<Agent> create(String login, String name, String passwordHash, long now) {
        return db.write(h -> {
            boolean taken = h.createQuery("SELECT COUNT(*) FROM agents WHERE login = :login").bind("login", login)
                    .mapTo(Integer.class).one() > 0;
            if (taken) {
                return Optional.<Agent>empty();
            }
            long id = h.createUpdate("""
                            INSERT INTO agents (login, name, password_hash, created_at)
                            VALUES (:login, :name, :hash, :now)""")
                    .bind("login", login).bind("name", name).bind("hash", passwordHash).bind("now", now)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return Optional.of(new Agent(id, login, name));
        });
    }

    List<Agent> list() {
        return db.read(h -> h.createQuery("SELECT id, login, name FROM agents ORDER BY id")
                .map((rs, ctx) -> new Agent(rs.getLong(1), rs.getString(2), rs.getString(3))).list());
    }

    /** Deletes an account, its sessions, and gives its open conversations back to the queue. */
    boolean delete(long id, long now) {
        return db.write(h -> {
            h.createUpdate("DELETE FROM agent_sessions WHERE agent_id = :id").bind("id", id).execute();
            h.createUpdate("""
                            UPDATE handoffs SET status = 'QUEUED', agent_id = NULL, updated_at = :now
                            WHERE agent_id = :id AND status = 'ASSIGNED'""")
                    .bind("id", id).bind("now", now).execute();
            return h.createUpdate("DELETE FROM agents WHERE id = :id").bind("id", id).execute() == 1;
        });
    }

    Optional<Credentials> credentials(String login) {
        return db.read(h -> h.createQuery("SELECT id, login, name, password_hash FROM agents WHERE login = :login")
                .bind("login", login)
                .map((rs, ctx) -> new Credentials(new Agent(rs.getLong(1), rs.getString(2), rs.getString(3)),
                        rs.getString(4)))
                .findOne());
    }

    void openSession(String tokenHash, long agentId, long expiresAt) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO agent_sessions (token_hash, agent_id, expires_at)
                        VALUES (:hash, :agentId, :expiresAt)""")
                .bind("hash", tokenHash).bind("agentId", agentId).bind("expiresAt", expiresAt).execute());
    }

    Optional<Agent> session(String tokenHash, long now) {
        return db.read(h -> h.createQuery("""
                        SELECT a.id, a.login, a.name FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
                        WHERE s.token_hash = :hash AND s.expires_at > :now""")
                .bind("hash", tokenHash).bind("now", now)
                .map((rs, ctx) -> new Agent(rs.getLong(1), rs.getString(2), rs.getString(3))).findOne());
    }

    void closeSession(String tokenHash) {
        db.write(h -> h.createUpdate("DELETE FROM agent_sessions WHERE token_hash = :hash").bind("hash", tokenHash)
                .execute());
    }

    /** Whether any agent has a live session, which is what "online" means. */
    boolean anyOnline(long now) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM agent_sessions WHERE expires_at > :now")
                .bind("now", now).mapTo(Long.class).one() > 0);
    }
}
