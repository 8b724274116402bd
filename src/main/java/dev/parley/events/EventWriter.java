package dev.parley.events;

import dev.parley.store.Database;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jdbi.v3.core.HandleCallback;

/**
 * The one write path of the event log: every message of every client is appended in a transaction run here, and
 * once that transaction commits, every {@link CommitListener} is told what it wrote, in the order they were
 * registered. So a new consumer of messages (a counter, an index) is one more listener, and no write can miss it.
 * The first of them keeps the client rows that turns committed ({@link CommittedRows}). Thread-safe.
 */
public final class EventWriter {

    private static final System.Logger LOG = System.getLogger(EventWriter.class.getName());

    private final Database db;
    private final CommittedRows committedRows;
    private final List<CommitListener> listeners;

    public EventWriter(Database db, List<CommitListener> listeners) {
        this.db = db;
        // kept only where a row read is a round trip: SQLite reads its rows in-process
        this.committedRows = new CommittedRows(!db.isSingleNode());
        this.listeners = Stream.concat(Stream.of(committedRows), listeners.stream()).toList();
    }

    /** The client rows as this node's turns last committed them. */
    public CommittedRows committedRows() {
        return committedRows;
    }

    /**
     * Runs {@code work} in a write transaction ({@link Database#write}) and, once it has committed, tells the
     * listeners. On SQLite the work may run twice (its batch failed, so it runs again alone): only the run that
     * committed is told.
     */
    public <R> R write(Function<EventTx, R> work) {
        return writeThrough(db::write, work);
    }

    /**
     * Runs {@code work}, which writes the log and rows of {@code client} only, as {@link #write} does, but in that
     * client's lane of group commits ({@link Database#writeForClient}): the work may run twice on either store, and
     * a row lock held elsewhere for long fails it with a lock timeout.
     */
    public <R> R writeFor(ClientKey client, Function<EventTx, R> work) {
        if (db.isSingleNode()) {
            return write(work); // SQLite's one writer has no lanes: no lane key to build per turn
        }
        String key = client.channelId() + ":" + client.clientId();
        return writeThrough(callback -> db.writeForClient(key, callback), work);
    }

    /** Runs {@code work} through {@code writer}, and tells the listeners what the run that committed wrote. */
    private <R> R writeThrough(Function<HandleCallback<R, RuntimeException>, R> writer, Function<EventTx, R> work) {
        EventTx[] ran = new EventTx[1];
        R result = writer.apply(h -> {
            EventTx tx = new EventTx(h);
            ran[0] = tx;
            return work.apply(tx);
        });
        fire(ran[0].committed());
        return result;
    }

    private void fire(Committed committed) {
        if (committed.isEmpty()) {
            return;
        }
        for (CommitListener listener : listeners) {
            try {
                listener.committed(committed);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "A commit listener failed; the commit stands", e);
            }
        }
    }
}
