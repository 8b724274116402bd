package dev.parley.store;

import org.jdbi.v3.core.Jdbi;

/**
 * Moves SQLite's WAL checkpoints off the writer. By default the committing connection copies the WAL back into the
 * database (and syncs both files) whenever the WAL passes 1,000 pages, stalling every turn queued behind that
 * commit. Here a separate connection runs a passive checkpoint twice a second, which never blocks the writer; the
 * writer keeps a far higher automatic threshold only as a safety net. Thread-safe.
 */
final class Checkpointer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());
    private static final long INTERVAL_MILLIS = 100;

    private final Jdbi jdbi;
    private final Thread thread;
    private volatile boolean running = true;

    Checkpointer(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.thread = Thread.ofPlatform().daemon().name("parley-sqlite-checkpoint").start(this::run);
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
                jdbi.useHandle(h -> h.createQuery("PRAGMA wal_checkpoint(PASSIVE)").mapToMap().list());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "WAL checkpoint failed; the writer's own threshold applies", e);
                }
            }
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
