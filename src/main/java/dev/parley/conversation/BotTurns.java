package dev.parley.conversation;

import dev.parley.bot.BotSession;
import dev.parley.bot.BotTurn;
import dev.parley.events.ClientClock.ClientRow;
import dev.parley.events.ClientKey;
import dev.parley.events.EventType;
import dev.parley.events.NewEvent;
import dev.parley.events.EventTx;
import dev.parley.json.Json;
import dev.parley.json.StampedJson;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a planned turn optimistically: reads the client row, runs the bot (or hands the turn to the agent who has
 * the client) outside any lock, and commits only if the session did not move meanwhile; otherwise it tries again.
 * Callers keep one client's turns in order (see {@link ClientLanes}); the retry covers other nodes. A turn that lost
 * {@value #OPTIMISTIC_ATTEMPTS} races on a shared database tries again holding the client row's lock, so a busy
 * client on another node cannot starve it. Thread-safe.
 */
final class BotTurns {

    /** A turn lost the race to commit every time: worth trying again later, when the client's other turns are done. */
    static final class KeptColliding extends IllegalStateException {
        KeptColliding(ClientKey client) {
            super("Turn of " + client + " kept colliding with other turns");
        }
    }


    private static final int OPTIMISTIC_ATTEMPTS = 3;
    private static final int MAX_ATTEMPTS = 8;

    private final ConversationStore store;
    private final AgentTurns agentTurns = new AgentTurns();
    private final Clock clock;
    private final Duration sessionIdle;
    private final TurnStats stats;

    BotTurns(ConversationStore store, Clock clock, Duration sessionIdle, TurnStats stats) {
        this.store = store;
        this.clock = clock;
        this.sessionIdle = sessionIdle;
        this.stats = stats;
    }

    /**
     * Runs a plan to its commit and returns the reply envelope.
     *
     * @param unsolicited asked at each attempt: whether the reply goes to the events and the webhook as a message
     *     nobody waits for (an async turn, a push, or a sync turn whose caller gave up)
     */
    String run(TurnPlan plan, BooleanSupplier unsolicited) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            boolean unsolicitedNow = unsolicited.getAsBoolean();
            boolean locked = attempt > OPTIMISTIC_ATTEMPTS && store.canLock();
            if (locked) {
                stats.lockedTries.increment();
            }
            Optional<String> done = locked
                    ? store.locked(plan.request().client(), access -> attempt(plan, unsolicitedNow, access))
                    : attempt(plan, unsolicitedNow, store);
            if (done.isPresent()) {
                return done.get();
            }
            stats.lostRaces.increment();
        }
        throw new KeptColliding(plan.request().client());
    }

    /** One try; empty when another turn of the client committed first. */
    private Optional<String> attempt(TurnPlan plan, boolean unsolicited, TurnAccess access) {
        long now = clock.millis();
        Optional<ClientRow> row = access.client(plan.request().client());
        boolean fromClient = plan.logsRequest() || plan.pendingEventId() > 0;
        Optional<HandoffView> handoff = fromClient ? row.flatMap(c -> AgentTurns.openHandoff(c, access)) : Optional.empty();
        if (handoff.isPresent()) {
            return agentTurns.attempt(plan, row.get(), handoff.get(), now, access);
        }
        boolean fresh = row.map(c -> c.session().isEmpty() || c.sessionEnded()
                || now - c.lastActivity() > sessionIdle.toMillis()).orElse(true);
        BotSession session = fresh ? BotSession.empty() : Json.readTrusted(row.get().session(), BotSession.class);
        BotTurn turn = plan.bot().apply(session);
        ConversationStore.TimerChange timers = new ConversationStore.TimerChange(plan.firedTimerId(), fromClient,
                row.map(ClientRow::hasTimer).orElse(false),
                turn.timers().isEmpty() ? Optional.empty() : Optional.of(turn.timers().getLast()));
        Optional<HandoffView> queued = handoffAskedFor(plan.request(), turn, now);
        Consumer<EventTx> alsoCommit = tx -> {
            plan.alsoCommit().accept(tx);
            queued.ifPresent(q -> {
                long id = HandoffStore.queue(tx.handle(), plan.request().client(), q.firstMessage(), q.closePhrases(),
                        now);
                tx.note(new HandoffNotices.Changed(new HandoffView(id, q.channelId(), q.clientId(), q.status(), 0,
                        q.firstMessage(), q.closePhrases(), now)));
            });
            if (timers.next().isPresent()) {
                tx.note(new TimerSet()); // the timer worker sleeps until the timer it knows of is due
            }
        };
        return commit(access, plan, row, turn, fresh, unsolicited, timers, alsoCommit, now);
    }

    /** The hand-off the bot asked for in this turn (an {@code agent} block), as it will be queued. */
    private static Optional<HandoffView> handoffAskedFor(TurnRequest r, BotTurn turn, long now) {
        return turn.handoffs().isEmpty() ? Optional.empty() : Optional.of(new HandoffView(0, r.client().channelId(),
                r.client().clientId(), HandoffView.QUEUED, 0, r.text(), turn.handoffs().getLast().closePhrases(), now));
    }

    /** Writes the turn if the session is still the one it read; returns the reply envelope when it committed. */
    private static Optional<String> commit(TurnAccess access, TurnPlan plan, Optional<ClientRow> row, BotTurn turn, boolean fresh,
            boolean unsolicited, ConversationStore.TimerChange timers, Consumer<EventTx> alsoCommit, long now) {
        TurnRequest r = plan.request();
        int count = plan.logsRequest() ? 2 : 1;
        String[] envelope = new String[1];
        StampedJson replyJson = Envelopes.replyTemplate(r, turn, fresh);
        StampedJson requestJson = plan.logsRequest() ? Envelopes.requestTemplate(r) : null;
        String answer = turn.answer(); // once, not in each build of the events (one may run in the transaction)
        boolean committed = access.commitTurn(r, row, Json.write(turn.session()), turn.endSession(), count, count,
                now, plan.pendingEventId(), timers, alsoCommit, last -> {
                    envelope[0] = replyJson.at(last);
                    NewEvent reply = new NewEvent(r.client(), last, EventType.BOT_RESPONSE, r.questionId(), r.cid(),
                            unsolicited, "BOT", answer, "SENT", false, envelope[0]);
                    List<NewEvent> events = plan.logsRequest()
                            ? List.of(requestEvent(r, requestJson, last - 1, false), reply) : List.of(reply);
                    return new ConversationStore.TurnWrite(events, envelope[0], r.questionId(),
                            unsolicited ? envelope[0] : "");
                });
        return committed ? Optional.of(envelope[0]) : Optional.empty();
    }

    /** The client's request as an event of its log, stamped with its reserved timestamp. */
    static NewEvent requestEvent(TurnRequest r, StampedJson body, long ts, boolean pending) {
        return new NewEvent(r.client(), ts, EventType.REQUEST, r.questionId(), r.cid(), false, "CLIENT",
                r.isQuery() ? r.text() : "", "", pending, body.at(ts));
    }
}
