package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.BotEngine;
import dev.parley.bot.BotRequest;
import dev.parley.bot.BotSession;
import dev.parley.bot.BotTurn;
import dev.parley.bot.Reply;
import dev.parley.bot.TimerRequest;
import dev.parley.channel.ActiveChannel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.events.ClientKey;
import dev.parley.events.WakeUps;
import dev.parley.http.ApiException;
import dev.parley.json.Json;
import dev.parley.json.StampedJson;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * One turn of one client: the session, the bot, the event log, in per-client arrival order whether the request came
 * synchronously or asynchronously, or the server pushed it (a fired timer, a campaign message). This class decides
 * what a turn is and when it runs ({@link ClientLanes}); {@link BotTurns} runs it to its commit. Nothing is
 * answered before it is committed. Thread-safe.
 */
public final class ConversationService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConversationService.class.getName());
    private static final int WAITING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    private final ConversationStore store;
    private final ChannelDirectory channels;
    private final BotEngine engine;
    private final WakeUps wakeUps;
    private final Clock clock;
    private final Duration syncDeadline;
    private final Runnable deliveryNudge;
    private final BotTurns turns;
    private final ClientLanes lanes = new ClientLanes();
    private final TurnStats stats = new TurnStats();

    public ConversationService(dev.parley.store.Database db, ChannelDirectory channels, BotEngine engine,
            WakeUps wakeUps, Runnable deliveryNudge, HandoffListener handoffListener, Clock clock,
            Duration syncDeadline, Duration sessionIdle) {
        this.store = new ConversationStore(db);
        this.channels = channels;
        this.engine = engine;
        this.wakeUps = wakeUps;
        this.deliveryNudge = deliveryNudge;
        this.turns = new BotTurns(store, wakeUps, deliveryNudge, handoffListener, clock, sessionIdle, stats);
        this.clock = clock;
        this.syncDeadline = syncDeadline;
    }

    /**
     * Runs a turn and returns its envelope JSON. Past the sync deadline the caller gets a 408, and the turn still
     * completes: its reply then goes to the client's events as an unsolicited message.
     */
    public String sync(TurnRequest r) throws InterruptedException {
        long start = System.nanoTime();
        stats.sync.increment();
        try {
            return syncTurn(r);
        } finally {
            stats.syncSeconds.since(start);
        }
    }

    private String syncTurn(TurnRequest r) throws InterruptedException {
        AtomicInteger caller = new AtomicInteger(WAITING);
        CompletableFuture<String> turn = lanes.submit(r.client(), () -> runTurn(r, 0, caller));
        try {
            return turn.get(syncDeadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (caller.compareAndSet(WAITING, ABANDONED)) {
                throw new ApiException.RequestTimeout("The bot did not answer within " + syncDeadline.toSeconds()
                        + " s; its reply will arrive as an event");
            }
            return join(turn);
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** Stores the request, queues its turn and returns {@code {questionId, clientId}} at once. */
    public String async(TurnRequest r) {
        stats.async.increment();
        if (!r.idempotencyKey().isEmpty()) {
            Optional<String> earlier = store.idempotent(r.client().channelId(), r.idempotencyKey());
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        ObjectNode accepted = Json.object().put("questionId", r.questionId()).put("clientId", r.client().clientId());
        String response = Json.write(accepted);
        StampedJson request = Envelopes.requestTemplate(r);
        long eventId;
        try {
            eventId = store.accept(r, clock.millis(), ts -> new ConversationStore.TurnWrite(
                    List.of(BotTurns.requestEvent(r, request, ts, true)), response, r.questionId(), ""));
        } catch (RuntimeException e) {
            return earlierAnswer(r).orElseThrow(() -> e);
        }
        wakeUps.fire(r.client());
        lanes.submit(r.client(), () -> runTurn(r, eventId, new AtomicInteger(ABANDONED)))
                .whenComplete((ok, e) -> logFailure(r, e));
        return response;
    }

    /**
     * The stored answer to an idempotency key that another request (of another client, or on another node) stored
     * while this one ran; this request's own transaction then failed on the key and changed nothing.
     */
    private Optional<String> earlierAnswer(TurnRequest r) {
        return r.idempotencyKey().isEmpty() ? Optional.empty()
                : store.idempotent(r.client().channelId(), r.idempotencyKey());
    }

    /** Queues the turns of async requests accepted before a restart, in their original order. */
    public int resumePending() {
        List<ConversationStore.Pending> pending = store.pending();
        for (ConversationStore.Pending p : pending) {
            JsonNode body = Json.readTrusted(p.body());
            ActiveChannel channel;
            try {
                channel = channels.byId(p.channelId());
            } catch (ApiException gone) {
                continue;
            }
            TurnRequest r = fromStored(channel, new ClientKey(p.channelId(), p.clientId()), body);
            lanes.submit(r.client(), () -> runTurn(r, p.eventId(), new AtomicInteger(ABANDONED)))
                    .whenComplete((ok, e) -> logFailure(r, e));
        }
        return pending.size();
    }

    private String runTurn(TurnRequest r, long pendingEventId, AtomicInteger caller) {
        if (pendingEventId == 0 && !r.idempotencyKey().isEmpty()) {
            Optional<String> earlier = store.idempotent(r.client().channelId(), r.idempotencyKey());
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        TurnPlan plan = new TurnPlan(r, session -> engine.run(r.channel().scenario(), session, botRequest(r)),
                pendingEventId == 0, pendingEventId, "", TurnPlan.NOTHING);
        String envelope;
        try {
            envelope = turns.run(plan, () -> pendingEventId > 0 || caller.get() == ABANDONED);
        } catch (RuntimeException e) {
            return earlierAnswer(r).orElseThrow(() -> e);
        }
        if (!caller.compareAndSet(WAITING, DONE) && pendingEventId == 0) {
            store.markUnsolicited(r, envelope, clock.millis());
            wakeUps.fire(r.client());
            deliveryNudge.run();
        }
        return envelope;
    }

    /**
     * Fires a due bot timer as a turn of its client, unless the client's own request or a newer timer replaced it
     * meanwhile. The reply goes to the events and the webhook with a new question id.
     */
    public CompletableFuture<DueTimer.Outcome> fireTimer(DueTimer timer) {
        ClientKey key = new ClientKey(timer.channelId(), timer.clientId());
        return lanes.submit(key, () -> {
            Optional<ActiveChannel> channel = channels.findById(timer.channelId());
            if (channel.isEmpty()) {
                return DueTimer.Outcome.ORPHANED;
            }
            if (!store.timerPending(key, timer.timerId())) {
                return DueTimer.Outcome.SUPERSEDED;
            }
            TurnRequest r = new TurnRequest(channel.get(), key, UUID.randomUUID().toString(), TurnRequest.EVENT,
                    "timeout", Json.object(), "", "");
            TimerRequest fired = new TimerRequest(Duration.ZERO, timer.targetState());
            TurnPlan plan = new TurnPlan(r, session -> engine.fire(r.channel().scenario(), session, fired), false, 0,
                    timer.timerId(), TurnPlan.NOTHING);
            try {
                stats.timers.increment();
                turns.run(plan, () -> true);
                return DueTimer.Outcome.FIRED;
            } catch (ConversationStore.TimerGone gone) {
                return DueTimer.Outcome.SUPERSEDED;
            }
        });
    }

    /**
     * Sends a message the client did not ask for — a campaign text, or a scenario event run for the client — as a
     * turn in its lane. The reply goes to the events and the webhook; {@code alsoCommit} joins the turn's
     * transaction and may throw to drop the message.
     *
     * @return the message's question id, when it was committed
     */
    public CompletableFuture<String> push(ActiveChannel channel, ClientKey key, String questionId,
            PushMessage message, Consumer<Handle> alsoCommit) {
        return lanes.submit(key, () -> {
            TurnRequest r = new TurnRequest(channel, key, questionId, TurnRequest.EVENT, message.value(),
                    message.data(), "", "");
            Function<BotSession, BotTurn> bot = message.isText()
                    ? session -> new BotTurn(PushMessage.STATE, 1.0, List.of(new Reply.Text(message.value(),
                            PushMessage.STATE)), session, false, List.of(), List.of())
                    : session -> engine.run(channel.scenario(), session, BotRequest.event(message.value(),
                            message.data()).from(key.clientId(), questionId).in(channelName(channel)));
            stats.pushes.increment();
            turns.run(new TurnPlan(r, bot, false, 0, "", alsoCommit), () -> true);
            return r.questionId();
        });
    }

    private static BotRequest botRequest(TurnRequest r) {
        return (r.isQuery() ? BotRequest.query(r.text(), r.data()) : BotRequest.event(r.text(), r.data()))
                .from(r.client().clientId(), r.questionId()).in(channelName(r.channel()));
    }

    /** How log lines name a channel: its id and name. */
    private static String channelName(ActiveChannel channel) {
        return channel.id() + " (" + channel.channel().name() + ")";
    }

    private static TurnRequest fromStored(ActiveChannel channel, ClientKey key, JsonNode body) {
        String kind = body.has(TurnRequest.QUERY) ? TurnRequest.QUERY : TurnRequest.EVENT;
        ObjectNode data = body.path("data").isObject() ? (ObjectNode) body.get("data") : Json.object();
        return new TurnRequest(channel, key, body.path("questionId").asText(), kind, body.path(kind).asText(),
                data, body.path("cid").asText(""), "");
    }

    private static void logFailure(TurnRequest r, Throwable e) {
        if (e == null) {
            return;
        }
        LOG.log(System.Logger.Level.ERROR, "Async turn " + r.questionId() + " of " + r.client()
                + " failed; it stays pending and runs again at the next start", e);
    }

    private static String join(CompletableFuture<String> turn) throws InterruptedException {
        try {
            return turn.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        return e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }

    /** This node's turn counts, for {@code /metrics}. */
    public TurnStats stats() {
        return stats;
    }

    /** Drops idempotency keys older than a day. */
    public int expireIdempotency() {
        return store.expireIdempotency(clock.millis() - Duration.ofHours(24).toMillis());
    }

    @Override
    public void close() {
        lanes.close();
    }
}
