package dev.parley.retention;

import dev.parley.channel.HistoryRetention;
import dev.parley.events.ClientKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes, every {@code interval}, the messages of each channel with a {@code historyRetention} that are older than
 * it: at most {@link #BATCH} events per write transaction, with a pause between transactions, so that on SQLite
 * the one writer is never held for more than a few milliseconds and turns queued behind a batch hardly wait. Client
 * rows, states and sessions stay; a client's counts follow what is deleted. On PostgreSQL every node sweeps; the
 * deletes are by id, so two nodes sweeping at once only repeat work. Thread-safe; one pass runs at a time.
 */
public final class RetentionWorker implements AutoCloseable {

    /** How a worker waits between two batches; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Pause {
        void between(Duration pause) throws InterruptedException;
    }

    private static final System.Logger LOG = System.getLogger(RetentionWorker.class.getName());
    /** Events per write transaction. */
    static final int BATCH = 500;
    /** Clients read per page while looking for old events. */
    static final int CLIENT_PAGE = 200;
    /** The rest between two batches, a multiple of a batch's own time: the writer serves turns meanwhile. */
    static final Duration PAUSE = Duration.ofMillis(50);

    private final RetentionStore store;
    private final Clock clock;
    private final Duration interval;
    private final Pause pause;
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("parley-retention").factory());

    public RetentionWorker(RetentionStore store, Clock clock, Duration interval, Pause pause) {
        this.store = store;
        this.clock = clock;
        this.interval = interval;
        this.pause = pause;
    }

    /** A worker that pauses by sleeping. */
    public RetentionWorker(RetentionStore store, Clock clock, Duration interval) {
        this(store, clock, interval, p -> Thread.sleep(p));
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::passLogged, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void passLogged() {
        try {
            long deleted = pass();
            if (deleted > 0) {
                LOG.log(System.Logger.Level.INFO, "History retention deleted " + deleted + " old event(s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "History retention stopped for now; it tries again in " + interval,
                    e);
        }
    }

    /** One sweep over every channel with a retention; returns how many events it deleted. */
    public synchronized long pass() throws InterruptedException {
        long deleted = 0;
        for (RetentionStore.ChannelRetention channel : store.channels()) {
            Duration keep = HistoryRetention.of(channel.retention()).orElseThrow();
            deleted += sweep(channel.channelId(), clock.millis() - keep.toMillis());
        }
        return deleted;
    }

    /** Deletes the channel's events older than {@code before}, client by client, in batches. */
    private long sweep(long channelId, long before) throws InterruptedException {
        Map<ClientKey, List<Long>> batch = new TreeMap<>(RetentionWorker::byClient);
        long deleted = 0;
        String after = "";
        List<String> page;
        do {
            page = store.clients(channelId, after, CLIENT_PAGE);
            for (String clientId : page) {
                deleted += collect(new ClientKey(channelId, clientId), before, batch);
            }
            after = page.isEmpty() ? after : page.getLast();
        } while (page.size() == CLIENT_PAGE);
        return deleted + flush(batch);
    }

    /** Adds the client's old events to the batch, writing each batch that fills up; returns what those deleted. */
    private long collect(ClientKey key, long before, Map<ClientKey, List<Long>> batch) throws InterruptedException {
        long deleted = 0;
        while (true) {
            int room = BATCH - size(batch);
            List<Long> ids = store.oldEvents(key, before, room);
            if (!ids.isEmpty()) {
                batch.computeIfAbsent(key, k -> new ArrayList<>()).addAll(ids);
            }
            if (ids.size() < room) {
                return deleted;
            }
            deleted += flush(batch);
        }
    }

    private long flush(Map<ClientKey, List<Long>> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return 0;
        }
        long deleted = store.delete(batch);
        batch.clear();
        pause.between(PAUSE);
        return deleted;
    }

    private static int size(Map<ClientKey, List<Long>> batch) {
        return batch.values().stream().mapToInt(List::size).sum();
    }

    /** Client rows are locked in this order, the same in every batch, so two batches cannot deadlock. */
    private static int byClient(ClientKey a, ClientKey b) {
        int byChannel = Long.compare(a.channelId(), b.channelId());
        return byChannel != 0 ? byChannel : a.clientId().compareTo(b.clientId());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
