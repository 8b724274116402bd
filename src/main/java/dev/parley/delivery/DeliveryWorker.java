package dev.parley.delivery;

import dev.parley.channel.ActiveChannel;
import dev.parley.channel.Channel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.observe.Histogram;
import dev.parley.store.WorkSignal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Claims due deliveries and makes each call on its own virtual thread. A channel may have at most
 * {@link #PER_CHANNEL} calls in flight, so a slow or dead endpoint cannot take every slot from the other
 * channels. Nudged after every commit that queues a delivery and after every call, it otherwise sleeps until the
 * next retry it scheduled falls due. Deliveries this node did not announce (a retry another node scheduled and
 * left, a lease of a node that died) are found by a look every {@link WorkSignal#SAFETY_POLL_MILLIS} ms.
 * Thread-safe.
 */
public final class DeliveryWorker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DeliveryWorker.class.getName());
    static final int MAX_IN_FLIGHT = 2048;
    static final int PER_CHANNEL = 256;
    private static final int BATCH = 256;

    private final DeliveryStore store;
    private final ChannelDirectory channels;
    private final WebhookSender sender;
    private final Backoff backoff;
    private final Clock clock;
    private final Duration retryFor;
    private final int maxAttempts;
    private final long leaseMillis;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Long, AtomicInteger> perChannel = new ConcurrentHashMap<>();
    private final Queue<Long> delivered = new ConcurrentLinkedQueue<>();
    private final LongAdder succeededCalls = new LongAdder();
    private final LongAdder failedCalls = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final Histogram callSeconds = new Histogram();
    private final WorkSignal work = new WorkSignal();
    /** When the retries this node scheduled fall due: the worker wakes then without polling. */
    private final NavigableSet<Long> retriesDue = new ConcurrentSkipListSet<>();
    private volatile boolean running = true;
    private final Thread dispatcher;

    public DeliveryWorker(DeliveryStore store, ChannelDirectory channels, WebhookSender sender, Backoff backoff,
            Clock clock, Duration timeout, Duration retryFor, int maxAttempts) {
        this.store = store;
        this.channels = channels;
        this.sender = sender;
        this.backoff = backoff;
        this.clock = clock;
        this.retryFor = retryFor;
        this.maxAttempts = maxAttempts;
        this.leaseMillis = timeout.toMillis() + 30_000;
        this.dispatcher = Thread.ofVirtual().name("parley-deliveries").unstarted(this::dispatch);
    }

    public void start() {
        store.releaseStaleLeases();
        dispatcher.start();
    }

    /** Webhook calls this node made that the receiver answered 2xx. */
    public long succeededCalls() {
        return succeededCalls.sum();
    }

    /** Webhook calls that failed (non-2xx, timeout, connection error); each is retried or dead-lettered. */
    public long failedCalls() {
        return failedCalls.sum();
    }

    public long deadLettered() {
        return deadLettered.sum();
    }

    /** How long webhook calls took, answered or not. */
    public Histogram callSeconds() {
        return callSeconds;
    }

    /** Tells the worker that a delivery may have become due. Cheap; call after committing one. */
    public void nudge() {
        work.nudge();
    }

    private void dispatch() {
        while (running) {
            List<Long> done = List.of();
            try {
                int room = Math.min(BATCH, MAX_IN_FLIGHT - inFlight.get());
                done = drainDelivered();
                long now = clock.millis();
                List<Delivery> due = room <= 0 && done.isEmpty() ? List.of()
                        : store.claim(now, Math.max(room, 0), now + leaseMillis, saturatedChannels(), done);
                due.forEach(this::launch);
                if (due.size() < room || room <= 0) {
                    work.await(untilNextRetry(now, clock.millis()));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // closing: the database went away under the round, nothing to report
                }
                LOG.log(System.Logger.Level.ERROR, "Delivery dispatch failed; retrying shortly", e);
                delivered.addAll(done); // their rows are still there: delete them with the next claim, not send again
                sleepQuietly();
            }
        }
    }

    private void launch(Delivery delivery) {
        inFlight.incrementAndGet();
        perChannel.computeIfAbsent(delivery.channelId(), id -> new AtomicInteger()).incrementAndGet();
        calls.execute(() -> {
            try {
                attempt(delivery);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Delivery " + delivery.deliveryId()
                        + " failed unexpectedly; it is retried when its lease ends", e);
            } finally {
                inFlight.decrementAndGet();
                perChannel.get(delivery.channelId()).decrementAndGet();
                nudge();
            }
        });
    }

    private void attempt(Delivery delivery) {
        int attempt = delivery.attempts() + 1;
        Optional<Channel> channel = channels.findById(delivery.channelId()).map(ActiveChannel::channel);
        if (channel.isEmpty() || channel.get().webhookUrl().isEmpty()) {
            deadLettered.increment();
            store.deadLetter(delivery, attempt, channel.isEmpty() ? "the channel was deleted"
                    : "the channel has no webhook URL", clock.millis());
            return;
        }
        long start = System.nanoTime();
        WebhookSender.Outcome outcome = sender.send(channel.get().webhookUrl(), channel.get().webhookSecret(),
                delivery, attempt);
        callSeconds.since(start);
        if (outcome.delivered()) {
            succeededCalls.increment();
            delivered.add(delivery.id());
            return;
        }
        failedCalls.increment();
        long now = clock.millis();
        if (outcome.refused()) {
            deadLetterRefused(delivery, attempt, channel.get(), outcome.error());
            return;
        }
        long next = now + backoff.delayMillis(attempt);
        boolean outOfAttempts = maxAttempts > 0 && attempt >= maxAttempts;
        if (outOfAttempts || next - delivery.createdAt() > retryFor.toMillis()) {
            deadLettered.increment();
            store.deadLetter(delivery, attempt, outcome.error(), now);
        } else {
            store.retryAt(delivery.id(), attempt, next, outcome.error());
            retriesDue.add(next);
        }
    }

    /** The same URL stays refused until an admin changes it or the setting, so waiting to retry cannot help. */
    private void deadLetterRefused(Delivery delivery, int attempt, Channel channel, String error) {
        LOG.log(System.Logger.Level.WARNING, "Webhook of " + channel.label() + " " + error + "; delivery "
                + delivery.deliveryId() + " is dead-lettered");
        deadLettered.increment();
        store.deadLetter(delivery, attempt, error, clock.millis());
    }

    /**
     * Deliveries that succeeded since the last claim. Their rows are deleted by the next claim; until then they stay
     * leased, which also keeps the client's next delivery waiting. If the process dies first, they are sent again:
     * delivery is at least once.
     */
    private List<Long> drainDelivered() {
        List<Long> done = new ArrayList<>();
        for (Long id = delivered.poll(); id != null; id = delivered.poll()) {
            done.add(id);
        }
        return done;
    }

    private Set<Long> saturatedChannels() {
        return perChannel.entrySet().stream().filter(e -> e.getValue().get() >= PER_CHANNEL)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /**
     * How long to sleep after a claim at {@code claimedAt}: until the next retry this node scheduled that the claim
     * could not take yet, at most a safety poll's interval. Called by the dispatcher alone, which alone removes.
     */
    private long untilNextRetry(long claimedAt, long now) {
        retriesDue.headSet(claimedAt, true).clear(); // due at the claim: it took them (or another node did)
        Long next = retriesDue.isEmpty() ? null : retriesDue.first();
        return next == null ? WorkSignal.SAFETY_POLL_MILLIS
                : Math.max(0, Math.min(next - now, WorkSignal.SAFETY_POLL_MILLIS));
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
        calls.shutdownNow();
    }
}
