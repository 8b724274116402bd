package dev.parley.state;

import dev.parley.events.ClientClock;
import dev.parley.events.ClientKey;
import dev.parley.events.EventType;
import dev.parley.events.EventWriter;
import dev.parley.events.NewEvent;
import dev.parley.http.ApiException;
import dev.parley.json.Json;
import dev.parley.json.JsonText;
import dev.parley.json.Times;
import dev.parley.store.Database;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/**
 * The chat application's own state per client, stored verbatim and versioned so that a stale writer is refused.
 * Each save appends a {@code state} event in the same transaction. Thread-safe.
 */
public final class StateStore {

    /** The stored state and its version; version 0 means nothing was ever saved. */
    public record Saved(String body, long version) {
    }

    private final Database db;
    private final EventWriter events;
    private final ClientClock clock;

    public StateStore(Database db, EventWriter events) {
        this.db = db;
        this.events = events;
        this.clock = new ClientClock(db.dialect());
    }

    public Saved load(ClientKey key) {
        return db.read(h -> h.createQuery("""
                        SELECT body, version FROM client_states WHERE channel_id = :channelId AND client_id = :clientId""")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId())
                .map((rs, ctx) -> new Saved(rs.getString(1), rs.getLong(2)))
                .findOne().orElse(new Saved("{}", 0)));
    }

    /**
     * Saves {@code body} if the stored version is still {@code expected} (when given).
     *
     * @return the new version
     */
    public long save(ClientKey key, String cid, String body, OptionalLong expected, long now) {
        return events.write(tx -> {
            Handle h = tx.handle();
            long current = h.createQuery(
                            "SELECT version FROM client_states WHERE channel_id = :channelId AND client_id = :clientId")
                    .bind("channelId", key.channelId()).bind("clientId", key.clientId())
                    .mapTo(Long.class).findOne().orElse(0L);
            if (expected.isPresent() && expected.getAsLong() != current) {
                throw new ApiException.PreconditionFailed("The state changed since it was read (version " + current
                        + "); load it again before saving");
            }
            h.createUpdate("""
                            INSERT INTO client_states (channel_id, client_id, body, version)
                            VALUES (:channelId, :clientId, :body, :version)
                            ON CONFLICT (channel_id, client_id) DO UPDATE SET body = excluded.body,
                                                                              version = excluded.version""")
                    .bind("channelId", key.channelId()).bind("clientId", key.clientId()).bind("body", body)
                    .bind("version", current + 1).execute();
            long ts = clock.reserve(h, key, 1, 0, now);
            tx.append(List.of(new NewEvent(key, ts, EventType.STATE, "", cid, false, "", "", "", false,
                    stateEvent(key, cid, body, ts))));
            return current + 1;
        });
    }

    private static String stateEvent(ClientKey key, String cid, String body, long ts) {
        ObjectNode event = Json.object();
        event.put("clientId", key.clientId());
        Optional.of(cid).filter(c -> !c.isEmpty()).ifPresent(c -> event.put("cid", c));
        // the client's own text, not a re-serialization, which would turn 1e999 into "Infinity"
        event.putRawValue("state", new RawValue(JsonText.compact(body)));
        event.put("timestamp", Times.chat(ts));
        return Json.write(event);
    }
}
