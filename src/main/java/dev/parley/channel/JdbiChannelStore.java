package dev.parley.channel;

import dev.parley.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link ChannelStore} on SQLite or PostgreSQL. Thread-safe. */
public final class JdbiChannelStore implements ChannelStore {

    private static final String COLUMNS = """
            id, name, token, block_form, webhook_url, webhook_secret, scenario, scenario_version, status,
            created_at, updated_at, identity_secret, history_retention""";
    private static final List<String> CHANNEL_TABLES = List.of("events", "clients", "read_cursors",
            "client_states", "idempotency", "handoffs", "scenario_versions", "files", "demo_channels", "stats_buckets",
            "stats_clients", "stats_active");
    /**
     * Each channel's client count and last activity: the count and the latest minute from the index {@code
     * clients_recent}, which holds the minute of the activity, not the activity (V21); then the latest activity among
     * the clients of that minute only, the one part that reads client rows. The channel condition goes at {@code %s}.
     */
    static final String ACTIVITY = """
            SELECT a.channel_id, a.clients,
                   (SELECT MAX(c.last_activity) FROM clients c
                    WHERE c.channel_id = a.channel_id AND c.test = 0 AND c.activity_minute = a.minute) AS last_activity
            FROM (SELECT channel_id, COUNT(*) AS clients, MAX(activity_minute) AS minute
                  FROM clients WHERE test = 0 %s GROUP BY channel_id) a""";

    private final Database db;

    public JdbiChannelStore(Database db) {
        this.db = db;
    }

    @Override
    public Channel insert(Channel c, String createdBy) {
        long id = db.write(h -> {
            long inserted = h.createUpdate("""
                        INSERT INTO channels (name, token, block_form, webhook_url, webhook_secret, scenario,
                                              scenario_version, status, created_at, updated_at, identity_secret,
                                              history_retention)
                        VALUES (:name, :token, :blockForm, :webhookUrl, :webhookSecret, :scenario,
                                :version, :status, :createdAt, :updatedAt, :identitySecret, :historyRetention)""")
                .bind("name", c.name()).bind("token", c.token()).bind("blockForm", c.blockForm() ? 1 : 0)
                .bind("webhookUrl", c.webhookUrl()).bind("webhookSecret", c.webhookSecret())
                .bind("scenario", c.scenarioSource()).bind("version", c.scenarioVersion())
                .bind("status", c.status()).bind("createdAt", c.createdAt()).bind("updatedAt", c.updatedAt())
                .bind("identitySecret", c.identitySecret()).bind("historyRetention", retention(c))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            keepVersion(h, inserted, c.scenarioVersion(), c.scenarioSource(), c.updatedAt(), createdBy);
            return inserted;
        });
        return new Channel(id, c.name(), c.token(), c.blockForm(), c.webhookUrl(), c.webhookSecret(),
                c.scenarioSource(), c.scenarioVersion(), c.status(), c.createdAt(), c.updatedAt(), c.identitySecret(),
                c.historyRetention());
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
        return db.write(h -> update(h, c, "", 0)) == 1;
    }

    @Override
    public boolean deploy(Channel c, long previousVersion, String createdBy) {
        return db.write(h -> {
            if (update(h, c, " AND scenario_version = :previous", previousVersion) != 1) {
                return false;
            }
            if (c.scenarioVersion() != previousVersion) {
                keepVersion(h, c.id(), c.scenarioVersion(), c.scenarioSource(), c.updatedAt(), createdBy);
            }
            return true;
        });
    }

    private static int update(Handle h, Channel c, String condition, long previous) {
        return h.createUpdate("""
                        UPDATE channels SET name = :name, token = :token, block_form = :blockForm,
                               webhook_url = :webhookUrl, webhook_secret = :webhookSecret, scenario = :scenario,
                               scenario_version = :version, status = :status, updated_at = :updatedAt,
                               identity_secret = :identitySecret, history_retention = :historyRetention
                        WHERE id = :id""" + condition)
                .bind("id", c.id()).bind("name", c.name()).bind("token", c.token())
                .bind("blockForm", c.blockForm() ? 1 : 0).bind("webhookUrl", c.webhookUrl())
                .bind("webhookSecret", c.webhookSecret()).bind("scenario", c.scenarioSource())
                .bind("version", c.scenarioVersion()).bind("status", c.status())
                .bind("updatedAt", c.updatedAt()).bind("previous", previous)
                .bind("identitySecret", c.identitySecret()).bind("historyRetention", retention(c))
                .execute();
    }

    private static void keepVersion(Handle h, long channelId, long version, String source, long at, String by) {
        h.createUpdate("""
                        INSERT INTO scenario_versions (channel_id, version, source, created_at, created_by)
                        VALUES (:channelId, :version, :source, :at, :by)""")
                .bind("channelId", channelId).bind("version", version).bind("source", source).bind("at", at)
                .bind("by", by).execute();
    }

    @Override
    public List<ScenarioVersion> versions(long channelId) {
        return db.read(h -> h.createQuery("""
                        SELECT version, created_at, created_by FROM scenario_versions
                        WHERE channel_id = :channelId ORDER BY version DESC""")
                .bind("channelId", channelId)
                .map((rs, ctx) -> new ScenarioVersion(rs.getLong(1), rs.getLong(2), rs.getString(3))).list());
    }

    @Override
    public Optional<ScenarioVersion.WithSource> version(long channelId, long version) {
        return db.read(h -> h.createQuery("""
                        SELECT version, created_at, created_by, source FROM scenario_versions
                        WHERE channel_id = :channelId AND version = :version""")
                .bind("channelId", channelId).bind("version", version)
                .map((rs, ctx) -> new ScenarioVersion.WithSource(
                        new ScenarioVersion(rs.getLong(1), rs.getLong(2), rs.getString(3)), rs.getString(4)))
                .findOne());
    }

    @Override
    public ClientActivity activity(long channelId) {
        return db.read(h -> h.createQuery(ACTIVITY.formatted("AND channel_id = :channelId"))
                .bind("channelId", channelId).map(JdbiChannelStore::activityRow).findOne())
                .orElse(ClientActivity.NONE);
    }

    @Override
    public Map<Long, ClientActivity> activity() {
        Map<Long, ClientActivity> all = new HashMap<>();
        db.read(h -> h.createQuery(ACTIVITY.formatted("")).map((rs, ctx) -> {
            all.put(rs.getLong("channel_id"), activityRow(rs, ctx));
            return 0;
        }).list());
        return all;
    }

    private static ClientActivity activityRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ClientActivity(rs.getLong("clients"), OptionalLong.of(rs.getLong("last_activity")));
    }

    @Override
    public boolean delete(long id) {
        return db.write(h -> {
            for (String table : CHANNEL_TABLES) {
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
                rs.getString("status"), rs.getLong("created_at"), rs.getLong("updated_at"),
                nonNull(rs.getString("identity_secret")), nonNull(rs.getString("history_retention")));
    }

    /** NULL for "forever", so that the retention worker's query finds only channels that set a retention. */
    private static String retention(Channel c) {
        return c.historyRetention().isEmpty() ? null : c.historyRetention();
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
