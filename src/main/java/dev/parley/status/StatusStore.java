package dev.parley.status;

import dev.parley.events.ClientKey;
import dev.parley.events.EventLog;
import dev.parley.http.ApiException;
import dev.parley.store.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Statuses of the messages to a client, kept on their event rows. Thread-safe. */
public final class StatusStore {

    /** One status change asked for; {@code index} is its place in a bulk request, for error messages. */
    public record Change(String questionId, MessageStatus status, int index) {
    }

    public record Current(String questionId, MessageStatus status) {
    }

    private final Database db;

    public StatusStore(Database db) {
        this.db = db;
    }

    public Optional<MessageStatus> find(ClientKey key, String questionId) {
        return db.read(h -> find(h, key, questionId, false));
    }

    /**
     * Applies every change or none: an unknown message anywhere in the list aborts the whole transaction.
     *
     * @param bulk true to name the failing item by its index in the error
     */
    public List<Current> apply(ClientKey key, List<Change> changes, boolean bulk) {
        return db.write(h -> {
            List<Current> out = new ArrayList<>(changes.size());
            int unread = 0;
            for (Change change : changes) {
                MessageStatus current = find(h, key, change.questionId(), true).orElseThrow(() -> unknown(change, bulk));
                MessageStatus next = current.advance(change.status());
                if (next != current) {
                    move(h, key, change.questionId(), next);
                }
                unread += (EventLog.isUnread(next.name()) ? 1 : 0) - (EventLog.isUnread(current.name()) ? 1 : 0);
                out.add(new Current(change.questionId(), next));
            }
            if (unread != 0) {
                EventLog.changeUnread(h, key, unread);
            }
            return out;
        });
    }

    private static void move(Handle h, ClientKey key, String questionId, MessageStatus next) {
        h.createUpdate("""
                        UPDATE events SET status = :next
                        WHERE channel_id = :channelId AND client_id = :clientId AND question_id = :questionId
                          AND status IS NOT NULL""")
                .bind("next", next.name()).bind("channelId", key.channelId()).bind("clientId", key.clientId())
                .bind("questionId", questionId).execute();
    }

    public long unread(ClientKey key) {
        return db.read(h -> h.createQuery("SELECT unread FROM clients WHERE channel_id = :channelId AND client_id = :clientId")
                .bind("channelId", key.channelId()).bind("clientId", key.clientId())
                .mapTo(Long.class).findOne().orElse(0L));
    }

    /**
     * The message's status.
     *
     * @param lock to lock its row until the transaction ends, on PostgreSQL (where writers run side by side), so that
     *     two changes of one message cannot both count towards the unread number
     */
    private Optional<MessageStatus> find(Handle h, ClientKey key, String questionId, boolean lock) {
        return h.createQuery("""
                        SELECT status FROM events WHERE channel_id = :channelId AND client_id = :clientId
                          AND question_id = :questionId AND status IS NOT NULL LIMIT 1""" + (lock ? db.forUpdate() : ""))
                .bind("channelId", key.channelId()).bind("clientId", key.clientId()).bind("questionId", questionId)
                .mapTo(String.class).findOne().map(MessageStatus::valueOf);
    }

    private static ApiException unknown(Change change, boolean bulk) {
        String what = "message " + change.questionId() + " not found for this client";
        return bulk ? new ApiException.BadRequest("Invalid request payload: statuses[" + change.index() + "]: " + what)
                : new ApiException.NotFound("chatapi.message.not_found", "Message " + change.questionId()
                        + " not found for this client");
    }
}
