package dev.parley.home;

import dev.parley.store.Database;
import java.util.Optional;

/**
 * The {@code demo_channels} table: which channel is the demo one this server created, so the first page finds it by id
 * whatever it is renamed to and whichever token it has now. Deleting the channel deletes its row. Thread-safe.
 */
public final class DemoChannels {

    private final Database db;

    public DemoChannels(Database db) {
        this.db = db;
    }

    public void remember(long channelId) {
        db.write(h -> h.createUpdate("INSERT INTO demo_channels (channel_id) VALUES (:id)").bind("id", channelId)
                .execute());
    }

    public Optional<Long> find() {
        return db.read(h -> h.createQuery("SELECT channel_id FROM demo_channels ORDER BY channel_id LIMIT 1")
                .mapTo(Long.class).findOne());
    }
}
