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
import dev.parley.delivery.Backoff;
import dev.parley.events.ClientClock;
import dev.parley.events.ClientKey;
import dev.parley.events.EventTx;
import dev.parley.events.EventWriter;
import dev.parley.events.TestClient;
import dev.parley.http.ApiException;
import dev.parley.json.Json;
import dev.parley.json.StampedJson;
import dev.parley.store.DatabaseErrors;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jdbi.v3.core.Handle;

/**
 * One turn of one client: the session, the bot, the event log, in per-client arrival order whether the request came
 * synchronously or asynchronously, or the server pushed it (a fired timer, a campaign message). This class decides
 * what a turn is and when it runs ({@link ClientLanes}); {@link BotTurns} runs it to its commit. Nothing is
 * answered before it is committed. An accepted async turn is tried until it commits ({@link TurnRetries}), and the
 * pending turns of nodes that are gone are adopted ({@link NodeBeat}). Thread-safe.
 */
public final class ConversationService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConversationService.class.getName());
    private static final int WAITING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    private final ConversationStore store;
    private final ChannelDirectory channels;
    private final BotEngine engine;
    private final Clock clock;
    private final Duration syncDeadline;
    private final BotTurns turns;
    private final ClientLanes lanes = new ClientLanes();
    private final TurnStats stats = new TurnStats();
    private final PendingTurns pendingTurns;
    private final NodeBeat beat;
    private final TurnRetries retries;
    private final CountDownLatch closing = new CountDownLatch(1);

    /**
     * @param events commits every turn; its listeners wake the client's waiters, nudge deliveries, tell the agents
     * @param random picks this node's id, and spreads the retries of failed async turns
     */
    public ConversationService(dev.parley.store.Database db, EventWriter events, ChannelDirectory channels,
            BotEngine engine, Clock clock, Duration syncDeadline, Duration sessionIdle, RandomGenerator random) {
        long node = random.nextLong(2, Long.MAX_VALUE); // 0 marks an answered request, 1 one left by old versions
        this.store = new ConversationStore(db, events, node);
        this.pendingTurns = new PendingTurns(db);
        this.beat = new NodeBeat(pendingTurns, node, clock, !db.isSingleNode(), this::adopt);
        this.retries = new TurnRetries(new Backoff(random, TurnRetries.CAP), this::pause, stats);
        this.channels = channels;
        this.engine = engine;
        this.turns = new BotTurns(store, clock, sessionIdle, stats);
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
        return syncTurn(r, botOf(r), TurnPlan.NOTHING);
    }

    /**
     * Runs a sync turn for a test client of the scenario studio: the channel's real engine, session and event log,
     * with the client row marked as a test client in the turn's transaction, so the client is left out of client
     * counts, campaigns and webhooks from then on. A client the channel already serves is not taken over.
     *
     * @return the envelope, and the bot's turn when the bot (not an agent) answered
     */
    public TriedTurn tryTurn(TurnRequest r) throws InterruptedException {
        if (store.isRealClient(r.client())) {
            throw new ApiException.Conflict("admin.try.real_client", "clientId " + r.client().clientId()
                    + " is a client of this channel; try the scenario with another clientId");
        }
        AtomicReference<BotTurn> ran = new AtomicReference<>();
        Function<BotSession, BotTurn> bot = botOf(r).andThen(turn -> {
            ran.set(turn);
            return turn;
        });
        String envelope = syncTurn(r, bot, tx -> {
            ClientClock.markTest(tx.handle(), r.client());
            tx.note(new TestClient(r.client()));
        });
        return new TriedTurn(envelope, Optional.ofNullable(ran.get()));
    }

    private String syncTurn(TurnRequest r, Function<BotSession, BotTurn> bot, Consumer<EventTx> alsoCommit)
            throws InterruptedException {
        AtomicInteger caller = new AtomicInteger(WAITING);
        CompletableFuture<String> turn = lanes.submit(r.client(), () -> runTurn(r, 0, caller, bot, alsoCommit));
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
            return earlierAnswer(r, e).orElseThrow(() -> e);
        }
        lanes.submit(r.client(), () -> retries.run(what(r), () -> runTurn(r, eventId, new AtomicInteger(ABANDONED)),
                () -> store.giveUp(eventId))).whenComplete((ok, e) -> logFailure(what(r), e));
        return response;
    }

    /**
     * The stored answer to an idempotency key that another request (of another client, or on another node) stored
     * while this one ran; this request's own transaction then failed on the key and changed nothing. Not looked up
     * when the database is unavailable: that would make the caller wait for a second timeout before its 503.
     */
    private Optional<String> earlierAnswer(TurnRequest r, RuntimeException failure) {
        return r.idempotencyKey().isEmpty() || DatabaseErrors.isUnavailable(failure) ? Optional.empty()
                : store.idempotent(r.client().channelId(), r.idempotencyKey());
    }

    /**
     * Adopts the async turns a previous run of this node left pending (or, on a shared database, nodes that are gone)
     * and, where several nodes share the database, starts beating and watching for gone nodes. Returns how many
     * turns it adopted.
     */
    public int start() {
        return beat.start();
    }

    /** Queues adopted turns in their original order, each retried like a fresh one until it commits. */
    private void adopt(List<PendingTurns.Pending> pending) {
        stats.adopted.add(pending.size());
        for (PendingTurns.Pending p : pending) {
            ClientKey key = new ClientKey(p.channelId(), p.clientId());
            String what = "Adopted async turn " + Json.readTrusted(p.body()).path("questionId").asText()
                    + " (request event " + p.eventId() + ") of " + key;
            lanes.submit(key, () -> retries.run(what, () -> runAdopted(key, p), () -> store.giveUp(p.eventId())))
                    .whenComplete((ok, e) -> logFailure(what, e));
        }
    }

    /** Runs an adopted turn, unless its channel is gone (and its events with it). */
    private String runAdopted(ClientKey key, PendingTurns.Pending p) {
        Optional<ActiveChannel> channel = channels.findById(p.channelId());
        if (channel.isEmpty()) {
            return "";
        }
        TurnRequest r = fromStored(channel.get(), key, Json.readTrusted(p.body()));
        return runTurn(r, p.eventId(), new AtomicInteger(ABANDONED));
    }

    private String runTurn(TurnRequest r, long pendingEventId, AtomicInteger caller) {
        return runTurn(r, pendingEventId, caller, botOf(r), TurnPlan.NOTHING);
    }

    private Function<BotSession, BotTurn> botOf(TurnRequest r) {
        return session -> engine.run(r.channel().scenario(), session, botRequest(r));
    }

    private String runTurn(TurnRequest r, long pendingEventId, AtomicInteger caller, Function<BotSession, BotTurn> bot,
            Consumer<EventTx> alsoCommit) {
        if (pendingEventId == 0 && !r.idempotencyKey().isEmpty()) {
            Optional<String> earlier = store.idempotent(r.client().channelId(), r.idempotencyKey());
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        TurnPlan plan = new TurnPlan(r, bot, pendingEventId == 0, pendingEventId, "", alsoCommit);
        String envelope;
        try {
            envelope = turns.run(plan, () -> pendingEventId > 0 || caller.get() == ABANDONED);
        } catch (RuntimeException e) {
            if (pendingEventId > 0) {
                throw e; // its idempotency key was stored when it was accepted: that answer is no reply
            }
            return earlierAnswer(r, e).orElseThrow(() -> e);
        }
        if (!caller.compareAndSet(WAITING, DONE) && pendingEventId == 0) {
            store.markUnsolicited(r, envelope, clock.millis());
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
            TurnPlan plan = new TurnPlan(r, session -> engine.fire(r.channel().scenario(), session, fired,
                    r.channel().channel().label()), false, 0, timer.timerId(), TurnPlan.NOTHING);
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
                            message.data()).from(key.clientId(), questionId).on(channel.channel().label()));
            stats.pushes.increment();
            turns.run(new TurnPlan(r, bot, false, 0, "", tx -> alsoCommit.accept(tx.handle())), () -> true);
            return r.questionId();
        });
    }

    private static BotRequest botRequest(TurnRequest r) {
        return (r.isQuery() ? BotRequest.query(r.text(), r.data()) : BotRequest.event(r.text(), r.data()))
                .from(r.client().clientId(), r.questionId()).on(r.channel().channel().label());
    }

    private static TurnRequest fromStored(ActiveChannel channel, ClientKey key, JsonNode body) {
        String kind = body.has(TurnRequest.QUERY) ? TurnRequest.QUERY : TurnRequest.EVENT;
        ObjectNode data = body.path("data").isObject() ? (ObjectNode) body.get("data") : Json.object();
        return new TurnRequest(channel, key, body.path("questionId").asText(), kind, body.path(kind).asText(),
                data, body.path("cid").asText(""), "");
    }

    private static String what(TurnRequest r) {
        return "Async turn " + r.questionId() + " of " + r.client();
    }

    /** Only an error no retry catches (an Error) gets here; the turn stays pending and runs when its node is gone. */
    private static void logFailure(String what, Throwable e) {
        if (e != null) {
            LOG.log(System.Logger.Level.ERROR, what + " failed beyond retrying", e);
        }
    }

    /** The wait between two tries of a failed async turn; cut short, with false, when this node stops. */
    private boolean pause(long millis) {
        try {
            return !closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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

    /** Drops idempotency keys older than a day; a failure is logged, so that the hourly run goes on. */
    public void expireIdempotency() {
        try {
            store.expireIdempotency(clock.millis() - Duration.ofHours(24).toMillis());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not expire idempotency keys", e);
        }
    }

    /** How many async turns are accepted and not answered yet, on all nodes. */
    public long pendingAsyncTurns() {
        return pendingTurns.count();
    }

    /** Looks for turns to adopt now rather than at the next beat: another node said that it left. */
    public void adoptSoon() {
        beat.soon();
    }

    /**
     * Stops: failed turns stop retrying, turns in flight finish (for a few seconds at most), and the node leaves, so
     * that other nodes adopt at once whatever it leaves pending.
     */
    @Override
    public void close() {
        closing.countDown();
        beat.close();
        lanes.close();
        beat.leave();
        store.close();
    }
}
