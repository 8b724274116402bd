package dev.parley.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * One write transaction of {@link EventWriter}: what it appends to the event log goes through here, and so does
 * whatever else its commit must be followed by (clients whose log changed, webhook calls queued, feature notices),
 * collected for the {@link CommitListener}s. Not thread-safe: it belongs to the thread running the transaction.
 */
public final class EventTx {

    private final Handle handle;
    private final List<NewEvent> events = new ArrayList<>(2);
    private final List<ClientKey> clients = new ArrayList<>(1);
    private final List<Object> notes = new ArrayList<>(0);
    private boolean deliveries;

    EventTx(Handle handle) {
        this.handle = handle;
    }

    /** The transaction, for the other statements of the same commit. */
    public Handle handle() {
        return handle;
    }

    /** Appends events in one batch; the caller has reserved their timestamps ({@link ClientClock}). */
    public void append(List<NewEvent> appended) {
        append(appended, 0);
    }

    /**
     * Appends events in one batch, of which the caller's update of the client row already counted {@code
     * unreadCounted} as unread ({@link ClientClock#advance}).
     */
    public void append(List<NewEvent> appended, int unreadCounted) {
        EventLog.append(handle, appended, unreadCounted);
        for (NewEvent e : appended) {
            add(e);
        }
    }

    /**
     * Appends one event and returns its row id; a {@linkplain NewEvent#pending() pending} request is marked as the
     * turn of node {@code owner} (a positive node id), which alone may answer it while it lives.
     */
    public long appendOne(NewEvent e, long owner) {
        long id = EventLog.appendOne(handle, e, owner);
        add(e);
        return id;
    }

    /** The client's log changed without an append (an event was marked unsolicited): its waiters must look again. */
    public void changed(ClientKey client) {
        if (!clients.contains(client)) {
            clients.add(client);
        }
    }

    /** The transaction queued webhook calls, which the delivery worker should send without waiting for its poll. */
    public void queuedDeliveries() {
        deliveries = true;
    }

    /** A feature's notice for its own commit listener, such as an agents' live event; told only if this commits. */
    public void note(Object notice) {
        notes.add(Objects.requireNonNull(notice, "notice"));
    }

    private void add(NewEvent e) {
        events.add(e);
        changed(e.client());
    }

    Committed committed() {
        return new Committed(events, clients, deliveries, notes);
    }
}
