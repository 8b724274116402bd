package dev.parley.channel;

import dev.parley.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link ChannelStore} on SQLite or PostgreSQL. Thread-safe. */
public final class JdbiChannelStore implements ChannelStore {

    private static final String COLUMNS = """
            id, name, token, block_form, webhook_url, webhook_secret, scenario, scenario_version, status,
            created_at, updated_at""";
    private static final List<String> CLIENT_TABLES = List.of("events", "clients", "read_cursors",
            "client_states", "idempotency", "handoffs");

    private final Database db;

    public JdbiChannelStore(Database db) {
        this.db = db;
    }

    @Override
    public Channel insert(Channel c) {
        long id = db.write(h -> h.createUpdate("""
                        INSERT INTO channels (name, token, block_form, webhook_url, webhook_secret, scenario,
                                              scenario_version, status, created_at, updated_at)
                        VALUES (:name, :token, :blockForm, :webhookUrl, :webhookSecret, :scenario,
                                :version, :status, :createdAt, :updatedAt)""")
                .bind("name", c.name()).bind("token", c.token()).bind("blockForm", c.blockForm() ? 1 : 0)
                .bind("webhookUrl", c.webhookUrl()).bind("webhookSecret", c.webhookSecret())
                .bind("scenario", c.scenarioSource()).bind("version", c.scenarioVersion())
                .bind("status", c.status()).bind("createdAt", c.createdAt()).bind("updatedAt", c.updatedAt())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Channel(id, c.name(), c.token(), c.blockForm(), c.webhookUrl(), c.webhookSecret(),
                c.scenarioSource(), c.scenarioVersion(), c.status(), c.createdAt(), c.updatedAt());
    }

    @Override
    public Optional<Channel> findById(long id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM channels WHERE id = :id")
                .bind("id", id).map(JdbiChannelStore::row).findOne());
    }

    @Override
    public Optional<Channel> findByToken(String token) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM channels WHERE token = :token")
                .bind("token", token).map(JdbiChannelStore::row).findOne());
    }

    @Override
    public List<Channel> list() {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM channels ORDER BY id")
                .map(JdbiChannelStore::row).list());
    }

    @Override
    public boolean update(Channel c) {
        return db.write(h -> h.createUpdate("""
                        UPDATE channels SET name = :name, token = :token, block_form = :blockForm,
                               webhook_url = :webhookUrl, webhook_secret = :webhookSecret, scenario = :scenario,
                               scenario_version = :version, status = :status, updated_at = :updatedAt
                        WHERE id = :id""")
                .bind("id", c.id()).bind("name", c.name()).bind("token", c.token())
                .bind("blockForm", c.blockForm() ? 1 : 0).bind("webhookUrl", c.webhookUrl())
                .bind("webhookSecret", c.webhookSecret()).bind("scenario", c.scenarioSource())
                .bind("version", c.scenarioVersion()).bind("status", c.status())
                .bind("updatedAt", c.updatedAt())
                .execute()) == 1;
    }

    @Override
    public boolean delete(long id) {
        return db.write(h -> {
            for (String table : CLIENT_TABLES) {
                h.createUpdate("DELETE FROM " + table + " WHERE channel_id = :id").bind("id", id).execute();
            }
            return h.createUpdate("DELETE FROM channels WHERE id = :id").bind("id", id).execute() == 1;
        });
    }

    @Override
    public boolean isEmpty() {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM channels").mapTo(Long.class).one()) == 0;
    }

    private static Channel row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Channel(rs.getLong("id"), rs.getString("name"), rs.getString("token"),
                rs.getInt("block_form") == 1, nonNull(rs.getString("webhook_url")),
                nonNull(rs.getString("webhook_secret")), rs.getString("scenario"), rs.getLong("scenario_version"),
                rs.getString("status"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
