package dev.parley.conversation;

import dev.parley.bot.TimerRequest;
import dev.parley.delivery.Outbox;
import dev.parley.events.ClientClock;
import dev.parley.events.ClientKey;
import dev.parley.events.CommittedRows;
import dev.parley.events.EventLog;
import dev.parley.events.EventTx;
import dev.parley.events.EventWriter;
import dev.parley.events.NewEvent;
import dev.parley.store.BatchedLookup;
import dev.parley.store.Database;
import dev.parley.store.DatabaseErrors;
import dev.parley.store.DeferredWrites;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Handle;

/** The turn's reads and its one write transaction. Thread-safe. */
final class ConversationStore implements TurnAccess {

    /**
     * What a turn writes once its timestamps are known.
     *
     * @param pushed the envelope to send to the channel's webhook, or empty when the caller got it in its answer
     */
    record TurnWrite(List<NewEvent> events, String idempotentResponse, String questionId, String pushed) {
    }

    /**
     * What a turn does to the client's bot timer: a request cancels it, a fired timer must still be the pending one,
     * and a turn that asks for a new timer replaces whatever was pending.
     *
     * @param firedTimerId the timer this turn fires, or empty
     * @param cancelsPending true for a client's request, which cancels a pending timer
     * @param hadTimer whether the client row said a timer was pending when the turn read it
     */
    record TimerChange(String firedTimerId, boolean cancelsPending, boolean hadTimer, Optional<TimerRequest> next) {

        /** Whether a timer is pending after the turn. */
        boolean leavesTimer() {
            return next.isPresent() || (hadTimer && !cancelsPending && firedTimerId.isEmpty());
        }
    }

    /**
     * A turn's events, built before its transaction at the timestamps its update of the client row will reserve
     * unless the row's clock moved since the turn read it ({@link ClientClock#expectedLast}), and built again only
     * for other timestamps: so the last build, whose side effects the caller keeps, is always the committed one's.
     * Confined to one turn: its transaction runs after the build, and may run again (SQLite's batch failed).
     */
    static final class Stamping {

        private final LongFunction<TurnWrite> write;
        private long last;
        private TurnWrite turn;

        Stamping(Optional<ClientClock.ClientRow> read, int eventCount, long now, LongFunction<TurnWrite> write) {
            this.write = write;
            this.last = ClientClock.expectedLast(read, eventCount, now);
            this.turn = write.apply(last);
        }

        /** The events as built last: their statuses, which do not depend on the timestamps, are final. */
        TurnWrite built() {
            return turn;
        }

        TurnWrite at(long reserved) {
            if (reserved != last) {
                last = reserved;
                turn = write.apply(reserved);
            }
            return turn;
        }
    }

    /** The fired timer was cancelled or replaced while its turn ran: the turn is rolled back. */
    static final class TimerGone extends RuntimeException {
        TimerGone() {
            super("timer no longer pending", null, false, false);
        }
    }

    /**
     * The async request this turn answers is no longer pending on this node: another node took it over while this one
     * seemed gone, or an earlier try committed after all. The turn is rolled back and must not be tried again.
     */
    static final class TurnTaken extends RuntimeException {
        TurnTaken(long requestEventId) {
            super("request event " + requestEventId + " is no longer pending on this node", null, false, false);
        }
    }

    /** Locked tries at once: well under the PostgreSQL pool (24), so that other work always finds a connection. */
    private static final int MAX_LOCKED_TRIES = 8;

    private final Database db;
    private final EventWriter events;
    private final long node;
    private final ClientClock clock;
    private final Semaphore lockedTries = new Semaphore(MAX_LOCKED_TRIES);
    /** PostgreSQL: the client rows that turns read, many in one query; empty on SQLite, which reads in-process. */
    private final Optional<BatchedLookup<ClientKey, ClientClock.ClientRow>> rows;
    /** PostgreSQL: the rows this node's turns committed, which their clients' next turns read instead. */
    private final CommittedRows committed;

    /** The store of node {@code node}, whose async turns it marks as its own ({@link PendingTurns}). */
    ConversationStore(Database db, EventWriter events, long node) {
        this.db = db;
        this.events = events;
        this.node = node;
        this.clock = new ClientClock(db.dialect());
        this.rows = db.isSingleNode() ? Optional.empty()
                : Optional.of(new BatchedLookup<>(db, "parley-client-rows", ClientClock::findAll));
        this.committed = events.committedRows();
    }

    /** Stops the batched reads of client rows. */
    void close() {
        rows.ifPresent(BatchedLookup::close);
    }

    @Override
    public Optional<HandoffView> handoff(long id) {
        return db.read(h -> HandoffStore.find(h, id));
    }

    Optional<String> idempotent(long channelId, String key) {
        return db.read(h -> h.createQuery(
                        "SELECT response FROM idempotency WHERE channel_id = :channelId AND idem_key = :key")
                .bind("channelId", channelId).bind("key", key).mapTo(String.class).findOne());
    }

    /** Whether the channel serves this client already, as a real (not a test) client. */
    boolean isRealClient(ClientKey key) {
        return db.read(h -> ClientClock.isTest(h, key).map(test -> !test).orElse(false));
    }

    @Override
    public Optional<ClientClock.ClientRow> client(ClientKey key) {
        if (rows.isEmpty()) {
            return db.read(h -> clock.find(h, key, false));
        }
        Optional<ClientClock.ClientRow> kept = committed.find(key);
        return kept.isPresent() ? kept : rows.get().find(key);
    }

    @Override
    public boolean commitTurn(TurnRequest r, Optional<ClientClock.ClientRow> read, String session, boolean ended,
            int eventCount, int messages, long now, long pendingEventId, TimerChange timers,
            Consumer<EventTx> alsoCommit, LongFunction<TurnWrite> write) {
        try {
            // built here, not in the transaction: on SQLite that runs on the one writer thread, which all turns share
            Stamping stamping = new Stamping(read, eventCount, now, write);
            boolean written = events.writeFor(r.client(), tx -> commitIn(tx, r, read, session, ended, eventCount,
                    messages, now, pendingEventId, timers, alsoCommit, stamping));
            if (!written) {
                committed.forget(r.client());
            }
            return written;
        } catch (RuntimeException e) {
            // the row the turn read may be one this node kept, and may have changed since: the next try reads it anew
            committed.forget(r.client());
            if (e instanceof DeferredWrites.Conflict || DatabaseErrors.isLockTimeout(e)) {
                // the client's row changed since the turn read it, or is locked by a turn that will change it
                return false;
            }
            throw e;
        }
    }

    /** Whether {@link #locked} is available: only where several nodes share the database (PostgreSQL). */
    boolean canLock() {
        return !db.isSingleNode();
    }

    /**
     * Runs one try of a turn in a single write transaction that first locks the client's row, so no other node can
     * commit a turn of the client in between: the try cannot lose a race. It holds a connection and the row's lock
     * while the bot runs, so it is the fallback for a turn that keeps losing races, not the rule; PostgreSQL only.
     */
    <T> T locked(ClientKey key, Function<TurnAccess, T> attempt) {
        if (!canLock()) {
            throw new IllegalStateException("a single-node store has one writer; turns on it never need a lock");
        }
        // a locked try holds its connection while the bot runs, and the bot may read (is an agent online?): so many
        // locked tries at once could hold the whole pool and wait for one more connection forever
        lockedTries.acquireUninterruptibly();
        try {
            return events.write(tx -> attempt.apply(new LockedAccess(tx, key)));
        } finally {
            lockedTries.release();
        }
    }

    /** The access of a locked try: everything on one transaction's handle. */
    private final class LockedAccess implements TurnAccess {

        private final EventTx tx;
        private final ClientKey key;

        LockedAccess(EventTx tx, ClientKey key) {
            this.tx = tx;
            this.key = key;
        }

        @Override
        public Optional<ClientClock.ClientRow> client(ClientKey asked) {
            if (!asked.equals(key)) {
                throw new IllegalArgumentException("this try locked " + key + ", not " + asked);
            }
            return clock.find(tx.handle(), key, true);
        }

        @Override
        public Optional<HandoffView> handoff(long id) {
            return HandoffStore.find(tx.handle(), id);
        }

        @Override
        public boolean commitTurn(TurnRequest r, Optional<ClientClock.ClientRow> read, String session, boolean ended,
                int eventCount, int messages, long now, long pendingEventId, TimerChange timers,
                Consumer<EventTx> alsoCommit, LongFunction<TurnWrite> write) {
            return commitIn(tx, r, read, session, ended, eventCount, messages, now, pendingEventId, timers,
                    alsoCommit, new Stamping(read, eventCount, now, write));
        }
    }

    private boolean commitIn(EventTx tx, TurnRequest r, Optional<ClientClock.ClientRow> read, String session,
            boolean ended, int eventCount, int messages, long now, long pendingEventId, TimerChange timers,
            Consumer<EventTx> alsoCommit, Stamping stamping) {
        Handle h = tx.handle();
        // the events' statuses do not depend on their timestamps: count the unread ones ahead, so that the client
        // row's one update moves the unread count too (on PostgreSQL a round trip and a row version less per turn)
        int unread = EventLog.unread(stamping.built().events());
        OptionalLong last = clock.advanceFrom(h, r.client(), read, session, ended, timers.leavesTimer(),
                eventCount, messages, unread, now, row -> tx.note(new CommittedRows.Written(r.client(), row)));
        if (last.isEmpty()) {
            return false;
        }
        TurnWrite turn = stamping.at(last.getAsLong());
        tx.append(turn.events(), unread);
        if (!turn.pushed().isEmpty() && r.channel().hasWebhook()) {
            Outbox.enqueue(tx, r.client(), List.of(turn.questionId()), List.of(turn.pushed()), now);
        }
        if (pendingEventId > 0 && !EventLog.answered(h, pendingEventId, node)) {
            throw new TurnTaken(pendingEventId);
        }
        if (!r.idempotencyKey().isEmpty() && pendingEventId == 0) {
            // an async request stored its key (and its answer, the accepted ids) when it was accepted
            saveIdempotent(h, r, turn.idempotentResponse(), now);
        }
        changeTimers(h, r.client(), timers, now);
        alsoCommit.accept(tx);
        return true;
    }

    /** Deletes the fired or cancelled timer and stores a new one; a turn without timers costs no statement here. */
    private static void changeTimers(Handle h, ClientKey key, TimerChange timers, long now) {
        boolean fired = !timers.firedTimerId().isEmpty();
        if (fired || (timers.cancelsPending() && timers.hadTimer()) || timers.next().isPresent()) {
            int removed = h.createUpdate("DELETE FROM timers WHERE channel_id = :channelId AND client_id = :clientId"
                            + (fired ? " AND timer_id = :timerId" : ""))
                    .bind("channelId", key.channelId()).bind("clientId", key.clientId())
                    .bind("timerId", timers.firedTimerId()).execute();
            if (fired && removed == 0) {
                throw new TimerGone();
            }
        }
        timers.next().ifPresent(next -> h.createUpdate("""
                        INSERT INTO timers (channel_id, client_id, timer_id, due_at, target_state, lease_until)
                        VALUES (:channelId, :clientId, :timerId, :dueAt, :target, 0)""")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId())
                .bind("timerId", UUID.randomUUID().toString()).bind("dueAt", now + next.after().toMillis())
                .bind("target", next.targetState()).execute());
    }

    /** Whether this timer is still the client's pending one. */
    boolean timerPending(ClientKey key, String timerId) {
        return db.read(h -> h.createQuery("""
                        SELECT COUNT(*) FROM timers
                        WHERE channel_id = :channelId AND client_id = :clientId AND timer_id = :timerId""")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).bind("timerId", timerId)
                .mapTo(Integer.class).one() > 0);
    }

    /** Stores an async request before it is acknowledged; returns the request event's id. */
    long accept(TurnRequest r, long now, LongFunction<TurnWrite> write) {
        return events.write(tx -> {
            long ts = clock.reserve(tx.handle(), r.client(), 1, 1, now);
            TurnWrite accepted = write.apply(ts);
            long id = tx.appendOne(accepted.events().getFirst(), node);
            if (!r.idempotencyKey().isEmpty()) {
                saveIdempotent(tx.handle(), r, accepted.idempotentResponse(), now);
            }
            return id;
        });
    }

    /**
     * Gives up the async turn of request {@code requestEventId}: marks it answered, without a reply, so that no node
     * runs it again. Throws {@link TurnTaken} when it is not pending on this node any more.
     */
    void giveUp(long requestEventId) {
        if (!db.write(h -> EventLog.answered(h, requestEventId, node))) {
            throw new TurnTaken(requestEventId);
        }
    }

    private static void saveIdempotent(Handle h, TurnRequest r, String response, long now) {
        h.createUpdate("""
                        INSERT INTO idempotency (channel_id, idem_key, client_id, response, created_at)
                        VALUES (:channelId, :key, :clientId, :response, :now)""")
                .bind("channelId", r.client().channelId()).bind("key", r.idempotencyKey())
                .bind("clientId", r.client().clientId()).bind("response", response).bind("now", now)
                .execute();
    }

    /**
     * Marks a reply whose synchronous caller gave up as one to deliver by events and the webhook. A turn an agent
     * took has no bot reply to mark, and nothing is queued for it.
     */
    void markUnsolicited(TurnRequest r, String envelope, long now) {
        events.write(tx -> {
            int marked = tx.handle().createUpdate("""
                            UPDATE events SET unsolicited = 1
                            WHERE channel_id = :channelId AND client_id = :clientId AND question_id = :questionId
                              AND type = 'botResponse' AND status IS NOT NULL""")
                    .bind("channelId", r.client().channelId()).bind("clientId", r.client().clientId())
                    .bind("questionId", r.questionId()).execute();
            if (marked > 0) {
                tx.changed(r.client());
            }
            if (marked > 0 && r.channel().hasWebhook()) {
                Outbox.enqueue(tx, r.client(), List.of(r.questionId()), List.of(envelope), now);
            }
            return null;
        });
    }

    /** Forgets idempotency keys older than {@code before}. */
    int expireIdempotency(long before) {
        return db.write(h -> h.createUpdate("DELETE FROM idempotency WHERE created_at < :before")
                .bind("before", before).execute());
    }
}
