package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's beat against its leave: a beat that ends late must neither bring the node back nor hand on adoptions. */
class NodeBeatTest {

    private static final long NODE = 42;

    @TempDir
    Path dataDir;

    private Database db;

    @BeforeEach
    void open() {
        db = Database.open(TestServer.config(dataDir));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private long nodeRows() {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM nodes WHERE node_id = " + NODE).mapTo(Long.class)
                .one());
    }

    @Test
    void aBeatAfterTheNodeLeftNeitherBringsItBackNorAdopts() {
        List<Integer> handedOn = new ArrayList<>();
        NodeBeat beat = new NodeBeat(new PendingTurns(db), NODE, Clock.systemUTC(), false,
                pending -> handedOn.add(pending.size()));
        beat.start();
        handedOn.clear();

        beat.close();
        beat.leave();
        beat.beatOnce();

        assertThat(nodeRows()).isZero();
        assertThat(handedOn).isEmpty();
    }

    @Test
    void closingWaitsForABeatInFlightAndLeavingComesAfterIt() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NodeBeat beat = new NodeBeat(new PendingTurns(db), NODE, Clock.systemUTC(), false, pending -> {
            inFlight.countDown();
            await(release);
        });
        Thread late = Thread.ofVirtual().start(beat::beatOnce);
        assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();

        Thread stopping = Thread.ofVirtual().start(() -> {
            beat.close();
            beat.leave();
        });
        stopping.join(300);
        assertThat(stopping.isAlive()).as("close waits for the beat in flight").isTrue();

        release.countDown();
        late.join(10_000);
        stopping.join(10_000);
        assertThat(stopping.isAlive()).isFalse();
        assertThat(nodeRows()).as("the leave came after the late beat").isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
