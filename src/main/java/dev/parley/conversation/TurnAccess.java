package dev.parley.conversation;

import dev.parley.events.ClientClock;
import dev.parley.events.ClientKey;
import dev.parley.events.EventTx;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The reads and the commit of one try of a turn. {@link ConversationStore} itself is the optimistic access: it
 * reads on the read pool and commits in a transaction of its own; {@link ConversationStore#locked} gives one that
 * reads and commits inside a single transaction holding the client row.
 */
interface TurnAccess {

    Optional<ClientClock.ClientRow> client(ClientKey key);

    /** The hand-off the client row points at, read where the client row was. */
    Optional<HandoffView> handoff(long id);

    /**
     * Commits a turn: the new session, its events and, for an async turn, the end of the request's pending state.
     *
     * @param read the client row the turn started from (empty: there was none)
     * @param pendingEventId the async request this turn answers, or 0
     * @param alsoCommit more work for the transaction, last; what it notes ({@link EventTx#note}) is told after the
     *     commit
     * @param write builds the events from the last reserved timestamp (first from the expected one, before the
     *     transaction); it may be called more than once (the last call's events are written), and what it builds other
     *     than timestamps must not depend on the timestamp
     * @return false when another turn changed the session first: nothing was written and the caller retries
     */
    boolean commitTurn(TurnRequest r, Optional<ClientClock.ClientRow> read, String session, boolean ended,
            int eventCount, int messages, long now, long pendingEventId, ConversationStore.TimerChange timers,
            Consumer<EventTx> alsoCommit, LongFunction<ConversationStore.TurnWrite> write);
}
