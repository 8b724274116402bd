package dev.parley;

import dev.parley.conversation.ConversationService;
import dev.parley.conversation.TurnStats;
import dev.parley.delivery.DeliveryStore;
import dev.parley.delivery.DeliveryWorker;
import dev.parley.events.EventsService;
import dev.parley.http.ConnectionGuard;
import dev.parley.http.ConnectionGuard.Refusal;
import dev.parley.observe.CachedGauges;
import dev.parley.observe.Metrics;
import dev.parley.schedule.TimerStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.function.LongSupplier;

/** Which of the server's counters {@code /metrics} shows, and under which names. */
final class ServerMetrics {

    private ServerMetrics() {
    }

    /** {@code fromDatabase} gets the gauges read from the database; the caller refreshes it in the background. */
    static Metrics of(ConversationService conversations, EventsService events, DeliveryWorker deliveries,
            DeliveryStore deliveryStore, TimerStore timers, ConnectionGuard connections, CachedGauges fromDatabase,
            LongSupplier unavailableWrites) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startedMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        TurnStats turns = conversations.stats();
        return new Metrics()
                .counter("parley_turns_total", "Bot turns run on this node, by what started them", "kind",
                        Map.<String, LongSupplier>of("sync", turns::sync, "async", turns::async,
                                "timer", turns::timers, "push", turns::pushes))
                .histogram("parley_sync_turn_seconds", "Time from a sync request to its reply (or its 408)",
                        turns.syncSeconds())
                .counter("parley_turn_lost_races_total",
                        "Turn tries that another node's turn of the same client committed first", turns::lostRaces)
                .counter("parley_turn_locked_tries_total", "Turn tries run holding the client row's lock after lost races",
                        turns::lockedTries)
                .counter("parley_async_turn_retries_total",
                        "Tries of async turns after a failed one (the database down, a full disk) on this node",
                        turns::asyncRetries)
                .counter("parley_async_turns_adopted_total",
                        "Pending async turns this node took over from gone nodes or from its previous run",
                        turns::adopted)
                .gauge("parley_async_turns_pending", "Async turns accepted and not answered yet (all nodes)",
                        fromDatabase.add(conversations::pendingAsyncTurns))
                .gauge("parley_waiting_polls", "Long polls and event streams waiting for events on this node",
                        events::waiting)
                .counter("parley_webhook_calls_total", "Webhook calls made by this node, by outcome", "outcome",
                        Map.<String, LongSupplier>of("ok", deliveries::succeededCalls,
                                "failed", deliveries::failedCalls))
                .histogram("parley_webhook_call_seconds", "How long webhook calls took, answered or not",
                        deliveries.callSeconds())
                .counter("parley_webhook_dead_letters_total", "Deliveries this node gave up on",
                        deliveries::deadLettered)
                .gauge("parley_webhook_pending", "Deliveries waiting to be sent or retried (all nodes)",
                        fromDatabase.add(() -> deliveryStore.count("PENDING")))
                .gauge("parley_webhook_dead", "Dead letters waiting for a redelivery (all nodes)",
                        fromDatabase.add(() -> deliveryStore.count("DEAD")))
                .gauge("parley_timers_pending", "Bot timers waiting to fire (all nodes)", fromDatabase.add(timers::count))
                .gauge("parley_database_up", "1 when the last background read of the database gauges succeeded",
                        fromDatabase::up)
                .gauge("parley_database_gauges_age_seconds", "Seconds since the database gauges were last read",
                        fromDatabase::ageSeconds)
                .counter("parley_database_unavailable_writes_total",
                        "Writes refused because the database was unavailable (down, unreachable, disk full)",
                        unavailableWrites)
                .gauge("parley_connections_open", "HTTP connections open on this node", connections::open)
                .counter("parley_connections_refused_total", "Connections closed as soon as accepted, by reason",
                        "reason", Map.<String, LongSupplier>of("limit", () -> connections.refused(Refusal.LIMIT),
                                "per_address", () -> connections.refused(Refusal.PER_ADDRESS),
                                "descriptors", () -> connections.refused(Refusal.DESCRIPTORS)))
                .counter("parley_http_head_timeouts_total",
                        "Connections closed because a request's line and headers did not arrive in time",
                        connections::headTimeouts)
                .gauge("parley_jvm_heap_used_bytes", "Heap in use", () -> memory.getHeapMemoryUsage().getUsed())
                .gauge("parley_jvm_platform_threads", "Live platform threads (virtual threads are not counted)",
                        threads::getThreadCount)
                .gauge("process_start_time_seconds", "When this server started, in seconds since the epoch",
                        () -> startedMillis / 1000.0);
    }
}
