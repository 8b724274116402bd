package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The WAL is rewound while writes go on, without the writer checkpointing by itself. */
class CheckpointerTest {

    private static final int PAGE = 4096;
    private static final int RESTART_FRAMES = 256;
    private static final int WRITERS = 4;

    @Test
    void theWalIsRewoundWhileWritesNeverPauseAndEveryWriteIsKept() throws Exception {
        Path file = TestServer.tempDir().resolve("wal.db");
        Jdbi jdbi = GroupCommitterTest.sqlite(file);
        String row = "x".repeat(PAGE);
        // the writer's own checkpoint (the safety net) never fires here, and with writers always queued it never
        // finds the WAL idle to rewind it: only the Checkpointer can
        try (GroupCommitter writer = new GroupCommitter(jdbi, 1_000_000);
                Checkpointer checkpointer = new Checkpointer(jdbi, writer, file, RESTART_FRAMES);
                ExecutorService writers = Executors.newFixedThreadPool(WRITERS)) {
            writer.write(h -> h.execute("CREATE TABLE t (body TEXT NOT NULL)"));
            AtomicLong written = new AtomicLong();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                done.add(writers.submit(() -> {
                    while (written.get() < 10L * RESTART_FRAMES || (rewinds(file) < 2 && System.nanoTime() < deadline)) {
                        writer.write(h -> h.execute("INSERT INTO t (body) VALUES (?)", row));
                        written.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(rewinds(file)).as("times the WAL was rewound").isGreaterThanOrEqualTo(2);
            long count = writer.write(h -> h.createQuery("SELECT COUNT(*) FROM t").mapTo(Long.class).one());
            assertThat(count).isEqualTo(written.get());
        }
    }

    /** The WAL header's checkpoint sequence number: SQLite counts every rewind of the WAL there. */
    private static int rewinds(Path db) throws IOException {
        try (InputStream in = Files.newInputStream(db.resolveSibling(db.getFileName() + "-wal"))) {
            return ByteBuffer.wrap(in.readNBytes(16)).getInt(12);
        }
    }
}
