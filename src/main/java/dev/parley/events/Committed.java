package dev.parley.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one committed transaction of {@link EventWriter} wrote, as its {@link CommitListener}s see it.
 *
 * @param events the events appended, in the order they were appended
 * @param clients the clients whose log changed (appended to or otherwise), each once
 * @param deliveries whether webhook calls were queued
 * @param notes the features' notices ({@link EventTx#note}), in the order they were noted
 */
public record Committed(List<NewEvent> events, List<ClientKey> clients, boolean deliveries, List<Object> notes) {

    public Committed {
        // the transaction is over: its lists are no longer written, so they are handed on without a copy
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(notes, "notes");
    }

    /** The notices of one kind. */
    public <T> List<T> notes(Class<T> kind) {
        List<T> found = new ArrayList<>(0);
        for (Object note : notes) {
            if (kind.isInstance(note)) {
                found.add(kind.cast(note));
            }
        }
        return found;
    }

    /** Whether the transaction changed nothing a listener would act on. */
    boolean isEmpty() {
        return clients.isEmpty() && !deliveries && notes.isEmpty();
    }
}
