package dev.parley.home;

import dev.parley.channel.Channel;
import dev.parley.channel.ChannelService;
import dev.parley.channel.ChannelSettings;
import dev.parley.channel.ScenarioTemplates;
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

    /** The name of the channel created at the first start, whose widget the first page shows. */
    private static final String DEMO_NAME = "Demo";

    /** Creates the demo channel with the bundled demo bot, and remembers it as the one the first page shows. */
    public Channel create(ChannelService channels) {
        Channel demo = channels.create(new ChannelSettings(Optional.of(DEMO_NAME), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(ScenarioTemplates.bundled().demo()), Optional.empty()),
                "parley");
        remember(demo.id());
        return demo;
    }

    void remember(long channelId) {
        db.write(h -> h.createUpdate("INSERT INTO demo_channels (channel_id) VALUES (:id)").bind("id", channelId)
                .execute());
    }

    public Optional<Long> find() {
        return db.read(h -> h.createQuery("SELECT channel_id FROM demo_channels ORDER BY channel_id LIMIT 1")
                .mapTo(Long.class).findOne());
    }
}
