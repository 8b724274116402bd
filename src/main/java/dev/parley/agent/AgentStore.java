package dev.parley.agent;

import dev.parley.http.ApiException;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Console accounts (the {@code agents} table, named when every account was an agent) and their login sessions.
 * Changes that could take away the last active admin check and change in one transaction, serialised by a table lock
 * on PostgreSQL and by the single writer on SQLite, so two admins demoting each other at once cannot both succeed.
 * Thread-safe.
 */
public final class AgentStore {

    /** An account with its password hash, for checking a login. */
    record Credentials(Account account, String passwordHash) {
    }

    private static final String COLUMNS = "a.id, a.login, a.name, a.role, a.active";

    private final Database db;

    public AgentStore(Database db) {
        this.db = db;
    }

    /** Creates an active account; empty when the login is taken. */
    Optional<Account> create(String login, String name, String passwordHash, Role role, long now) {
        return db.write(h -> {
            boolean taken = h.createQuery("SELECT COUNT(*) FROM agents WHERE login = :login").bind("login", login)
                    .mapTo(Integer.class).one() > 0;
            if (taken) {
                return Optional.<Account>empty();
            }
            long id = h.createUpdate("""
                            INSERT INTO agents (login, name, password_hash, created_at, role, active)
                            VALUES (:login, :name, :hash, :now, :role, 1)""")
                    .bind("login", login).bind("name", name).bind("hash", passwordHash).bind("now", now)
                    .bind("role", role.wire())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return Optional.of(new Account(id, login, name, role, true));
        });
    }

    List<Account> list() {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM agents a ORDER BY a.id")
                .map((rs, ctx) -> account(rs)).list());
    }

    Optional<Account> find(long id) {
        return db.read(h -> find(h, id));
    }

    /**
     * Changes an account; deactivating it ends its sessions and gives its open conversations back to the queue, and a
     * new password ends its sessions.
     *
     * @return the account as changed, or empty when there is none with this id
     * @throws ApiException.Conflict when the change would leave no active admin
     */
    Optional<Account> update(long id, AccountChange change, long now) {
        return db.write(h -> {
            lockAccounts(h);
            Optional<Account> found = find(h, id);
            if (found.isEmpty()) {
                return found;
            }
            Account after = change.applyTo(found.get());
            requireAnotherAdminIfLeaving(h, found.get(), after.isActiveAdmin());
            h.createUpdate("UPDATE agents SET name = :name, role = :role, active = :active WHERE id = :id")
                    .bind("name", after.name()).bind("role", after.role().wire()).bind("active", after.active() ? 1 : 0)
                    .bind("id", id).execute();
            change.passwordHash().ifPresent(hash -> {
                h.createUpdate("UPDATE agents SET password_hash = :hash WHERE id = :id").bind("hash", hash)
                        .bind("id", id).execute();
                // whoever signed in with the old password is signed out: the reason to change one is often a leak
                h.createUpdate("DELETE FROM agent_sessions WHERE agent_id = :id").bind("id", id).execute();
            });
            if (!after.active()) {
                release(h, id, now);
            }
            return Optional.of(after);
        });
    }

    /**
     * Deletes an account of role {@code only} (any role when empty), its sessions, and gives its open conversations
     * back to the queue.
     *
     * @return false when there is no such account
     * @throws ApiException.Conflict when it is the last active admin
     */
    boolean delete(long id, Optional<Role> only, long now) {
        return db.write(h -> {
            lockAccounts(h);
            Optional<Account> found = find(h, id).filter(a -> only.map(role -> role == a.role()).orElse(true));
            if (found.isEmpty()) {
                return false;
            }
            requireAnotherAdminIfLeaving(h, found.get(), false);
            release(h, id, now);
            return h.createUpdate("DELETE FROM agents WHERE id = :id").bind("id", id).execute() == 1;
        });
    }

    /** Active accounts only: a deactivated account cannot log in. */
    Optional<Credentials> credentials(String login) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + ", a.password_hash FROM agents a"
                        + " WHERE a.login = :login AND a.active = 1")
                .bind("login", login)
                .map((rs, ctx) -> new Credentials(account(rs), rs.getString(6)))
                .findOne());
    }

    void openSession(String tokenHash, long agentId, long expiresAt) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO agent_sessions (token_hash, agent_id, expires_at)
                        VALUES (:hash, :agentId, :expiresAt)""")
                .bind("hash", tokenHash).bind("agentId", agentId).bind("expiresAt", expiresAt).execute());
    }

    /** The active account of a live session. */
    Optional<Account> session(String tokenHash, long now) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + """
                         FROM agent_sessions s JOIN agents a ON a.id = s.agent_id
                        WHERE s.token_hash = :hash AND s.expires_at > :now AND a.active = 1""")
                .bind("hash", tokenHash).bind("now", now)
                .map((rs, ctx) -> account(rs)).findOne());
    }

    void closeSession(String tokenHash) {
        db.write(h -> h.createUpdate("DELETE FROM agent_sessions WHERE token_hash = :hash").bind("hash", tokenHash)
                .execute());
    }

    /** The active accounts with a live session, agents and admins alike, by name. */
    List<Account> online(long now) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + """
                         FROM agents a
                        WHERE a.active = 1
                          AND EXISTS (SELECT 1 FROM agent_sessions s WHERE s.agent_id = a.id AND s.expires_at > :now)
                        ORDER BY a.name, a.id""")
                .bind("now", now).map((rs, ctx) -> account(rs)).list());
    }

    /** Whether any agent has a live session, which is what "online" means. */
    boolean anyOnline(long now) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM agent_sessions WHERE expires_at > :now")
                .bind("now", now).mapTo(Long.class).one() > 0);
    }

    /**
     * Orders the account changes that may remove an admin: on PostgreSQL this mode conflicts with itself and with
     * writes to the table, not with reads, so logins and sessions go on while one change checks and commits.
     */
    private void lockAccounts(Handle h) {
        if (db.dialect() == Dialect.POSTGRESQL) {
            h.execute("LOCK TABLE agents IN SHARE ROW EXCLUSIVE MODE");
        }
    }

    /** Refuses a change after which {@code before}, an active admin, would not be one, when no other remains. */
    private static void requireAnotherAdminIfLeaving(Handle h, Account before, boolean staysActiveAdmin) {
        if (!before.isActiveAdmin() || staysActiveAdmin) {
            return;
        }
        long others = h.createQuery("SELECT COUNT(*) FROM agents WHERE role = 'admin' AND active = 1 AND id <> :id")
                .bind("id", before.id()).mapTo(Long.class).one();
        if (others == 0) {
            throw new ApiException.Conflict("admin.account.last_admin", "Account " + before.id()
                    + " is the last active admin; it cannot be demoted, deactivated or deleted before another admin"
                    + " account is active");
        }
    }

    /** Ends the account's sessions and gives its open conversations back to the queue. */
    private static void release(Handle h, long id, long now) {
        h.createUpdate("DELETE FROM agent_sessions WHERE agent_id = :id").bind("id", id).execute();
        h.createUpdate("""
                        UPDATE handoffs SET status = 'QUEUED', agent_id = NULL, updated_at = :now
                        WHERE agent_id = :id AND status = 'ASSIGNED'""")
                .bind("id", id).bind("now", now).execute();
    }

    private static Optional<Account> find(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM agents a WHERE a.id = :id").bind("id", id)
                .map((rs, ctx) -> account(rs)).findOne();
    }

    private static Account account(ResultSet rs) throws SQLException {
        String stored = rs.getString(4);
        Role role = Role.parse(stored).orElseThrow(
                () -> new IllegalStateException("Unknown role in the agents table: " + stored));
        return new Account(rs.getLong(1), rs.getString(2), rs.getString(3), role, rs.getLong(5) != 0);
    }
}
