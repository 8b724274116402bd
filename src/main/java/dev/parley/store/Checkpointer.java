package dev.parley.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Keeps SQLite's WAL short without stalling the writer.
 *
 * <p>Left to itself, the committing connection checkpoints whenever the WAL passes a threshold: it copies the WAL
 * back into the database and syncs both files, and every turn queued behind that commit waits tens of milliseconds
 * for the disk. Here a separate connection copies the WAL back every 100 ms with a passive checkpoint, which never
 * blocks the writer (and skips the round when nothing was written since the last one copied everything). A passive checkpoint cannot rewind the WAL, though, and a writer that never pauses never finds
 * it fully copied, so the WAL would only grow. Once it passes {@link #RESTART_FRAMES} pages, this thread therefore
 * catches up (copies and syncs both files itself, round after round, until a round is short: fsync flushes the
 * file, whoever calls it) and only then has the writer run the restarting checkpoint between two batches, when
 * little is left to copy or sync. Measured under the sync benchmark, that stalls the writer for 2 to 10 ms about
 * twice a second, where its own checkpoints stalled it for 40 to 60 ms. The writer's own checkpoint stays, far
 * above, as the safety net. Thread-safe.
 */
final class Checkpointer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());
    private static final long INTERVAL_MILLIS = 100;
    /** WAL length (in pages) past which the WAL is rewound; 4 KiB pages make it 32 MiB. */
    static final int RESTART_FRAMES = 8_192;
    /** The writer's own automatic checkpoint, the safety net: far enough above the restart not to stall it. */
    static final int SAFETY_NET_FRAMES = 8 * RESTART_FRAMES;
    /** A catch-up round this short leaves the restart only a few milliseconds of copying and syncing. */
    private static final long CAUGHT_UP_NANOS = 3_000_000;
    private static final int MAX_CATCH_UP = 8;
    private static final int RESTART_WAIT_MILLIS = 10;

    private final Jdbi reader;
    private final GroupCommitter writer;
    private final Path database;
    private final Path wal;
    private final int restartFrames;
    private final Thread thread;
    private volatile boolean running = true;

    Checkpointer(Jdbi reader, GroupCommitter writer, Path database, int restartFrames) {
        this.reader = reader;
        this.restartFrames = restartFrames;
        this.writer = writer;
        this.database = database;
        this.wal = database.resolveSibling(database.getFileName() + "-wal");
        this.thread = Thread.ofPlatform().daemon().name("parley-sqlite-checkpoint").start(this::run);
    }

    private void run() {
        long checkpointed = -1;
        while (running) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
                long written = writer.batches(); // read first: a batch during the checkpoint gets the next one
                if (written == checkpointed) {
                    continue; // nothing written since: an idle server does not touch its database ten times a second
                }
                Wal wal = reader.withHandle(Checkpointer::passive);
                checkpointed = wal.copied() ? written : -1; // frames left behind (a reader held them): again later
                if (wal.frames() >= restartFrames) {
                    rewind();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "WAL checkpoint failed; the writer's own threshold applies", e);
                }
            }
        }
    }

    /**
     * Catches up (copy, sync, and again, each round shorter than the one before, since it only has what the writer
     * appended during the last), then has the writer restart the WAL between two batches.
     */
    private void rewind() throws IOException {
        for (int round = 0; round < MAX_CATCH_UP; round++) {
            long started = System.nanoTime();
            sync(wal);
            reader.withHandle(h -> checkpoint(h, "PASSIVE"));
            sync(database);
            if (System.nanoTime() - started < CAUGHT_UP_NANOS) {
                break;
            }
        }
        writer.betweenBatches(Checkpointer::restart);
    }

    /**
     * The restarting checkpoint waits for readers still reading pages from the WAL; on the writer's connection it
     * waits briefly, so that a long read can only postpone the restart, never hold up the writes.
     */
    private static int restart(Handle h) {
        h.execute("PRAGMA busy_timeout = " + RESTART_WAIT_MILLIS);
        try {
            return checkpoint(h, "RESTART");
        } finally {
            h.execute("PRAGMA busy_timeout = " + Database.BUSY_TIMEOUT_MILLIS);
        }
    }

    /** The WAL after a passive checkpoint: its length in pages, and whether every page was copied back. */
    private record Wal(int frames, boolean copied) {
    }

    private static Wal passive(Handle h) {
        Map<String, Object> row = h.createQuery("PRAGMA wal_checkpoint(PASSIVE)").mapToMap().one();
        int frames = ((Number) row.get("log")).intValue();
        return new Wal(frames, frames >= 0 && frames == ((Number) row.get("checkpointed")).intValue());
    }

    /** Runs a checkpoint and returns the WAL's length in pages (-1 when another connection's checkpoint ran). */
    private static int checkpoint(Handle h, String mode) {
        Map<String, Object> row = h.createQuery("PRAGMA wal_checkpoint(" + mode + ")").mapToMap().one();
        return ((Number) row.get("log")).intValue();
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(false);
        } catch (NoSuchFileException gone) {
            // no WAL at the moment: nothing to sync
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
