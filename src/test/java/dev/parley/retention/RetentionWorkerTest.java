package dev.parley.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.ClientClock;
import dev.parley.events.ClientKey;
import dev.parley.events.EventWriter;
import dev.parley.events.EventType;
import dev.parley.events.NewEvent;
import dev.parley.store.Database;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One pass of the worker, run directly on SQLite with a fixed clock and a pause that only counts. */
class RetentionWorkerTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long NOW = 100 * DAY;

    @TempDir
    Path dataDir;
    private Database db;
    private final List<Duration> pauses = new ArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open(TestServer.config(dataDir));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void channel(long id, String retention) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO channels (id, name, token, block_form, scenario, scenario_version, status,
                                              created_at, updated_at, history_retention)
                        VALUES (:id, 'c', :token, 0, 'name: c', 1, 'CONNECTED', 0, 0, :retention)""")
                .bind("id", id).bind("token", "token-" + id).bind("retention", retention).execute());
    }

    /** {@code count} messages of the client, one a millisecond from {@code from}. */
    private void messages(ClientKey key, long from, int count) {
        ClientClock clock = new ClientClock(db.dialect());
        new EventWriter(db, List.of()).write(tx -> {
            long last = clock.reserve(tx.handle(), key, count, count, from);
            List<NewEvent> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long ts = last - count + 1 + i;
                events.add(new NewEvent(key, ts, EventType.REQUEST, "q" + ts, "", false, "CLIENT", "m" + ts, "",
                        false, "{}"));
            }
            tx.append(events);
            return null;
        });
    }

    private long events(ClientKey key) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM events WHERE channel_id = :c AND client_id = :k")
                .bind("c", key.channelId()).bind("k", key.clientId()).mapTo(Long.class).one());
    }

    private RetentionWorker worker() {
        return new RetentionWorker(new RetentionStore(db), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
                Duration.ofMinutes(10), pauses::add);
    }

    @Test
    void aPassDeletesOldMessagesInBatchesOfAtMost500WithAPauseAfterEach() throws InterruptedException {
        channel(1, "P30D");
        ClientKey busy = new ClientKey(1, "busy");
        messages(busy, NOW - 40 * DAY, 1_200);
        messages(busy, NOW - DAY, 3);
        ClientKey quiet = new ClientKey(1, "quiet");
        messages(quiet, NOW - 31 * DAY, 2);

        long deleted = worker().pass();

        assertThat(deleted).isEqualTo(1_202);
        assertThat(events(busy)).isEqualTo(3);
        assertThat(events(quiet)).isZero();
        assertThat(pauses).hasSize(3).allMatch(p -> p.equals(RetentionWorker.PAUSE));
        long count = db.read(h -> h.createQuery("SELECT message_count FROM clients WHERE client_id = 'busy'")
                .mapTo(Long.class).one());
        assertThat(count).isEqualTo(3);
    }

    @Test
    void aChannelWithoutRetentionKeepsEverything() throws InterruptedException {
        channel(1, null);
        channel(2, "PT1H");
        messages(new ClientKey(1, "old"), 0, 10);
        messages(new ClientKey(2, "old"), 0, 10);

        assertThat(worker().pass()).isEqualTo(10);

        assertThat(events(new ClientKey(1, "old"))).isEqualTo(10);
        assertThat(events(new ClientKey(2, "old"))).isZero();
    }

    @Test
    void aPassWithNothingOldWritesNothing() throws InterruptedException {
        channel(1, "P30D");
        messages(new ClientKey(1, "fresh"), NOW - DAY, 5);

        assertThat(worker().pass()).isZero();
        assertThat(pauses).isEmpty();
    }
}
