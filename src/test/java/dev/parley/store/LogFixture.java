package dev.parley.store;

import dev.parley.events.ClientClock;
import dev.parley.events.ClientKey;
import dev.parley.events.EventWriter;
import dev.parley.events.EventType;
import dev.parley.events.NewEvent;
import dev.parley.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends events to a client's log the way the conversation does: timestamps reserved on the client's clock and the
 * events appended in the same transaction.
 */
final class LogFixture {

    /** An event to append, short of its client and timestamp. */
    record Spec(EventType type, String questionId, String cid, boolean unsolicited, String author, String text,
            String status) {

        /** A text request from the client. */
        static Spec request(String questionId, String text) {
            return new Spec(EventType.REQUEST, questionId, "", false, "CLIENT", text, "");
        }

        /** The bot's answer to a request, delivered in the synchronous response. */
        static Spec reply(String questionId, String text) {
            return new Spec(EventType.BOT_RESPONSE, questionId, "", false, "BOT", text, "SENT");
        }

        /** A message to the client nobody asked for, like an agent's or a timer's. */
        static Spec push(String questionId, String text) {
            return new Spec(EventType.HUMAN_RESPONSE, questionId, "", true, "OPERATOR", text, "SENT");
        }

        Spec cid(String newCid) {
            return new Spec(type, questionId, newCid, unsolicited, author, text, status);
        }

        boolean isMessage() {
            return !author.isEmpty();
        }

        NewEvent at(ClientKey client, long ts) {
            String body = Json.write(Json.object().put("questionId", questionId).put("text", text).put("ts", ts));
            return new NewEvent(client, ts, type, questionId, cid, unsolicited, author, text, status, false, body);
        }
    }

    private final Database db;
    private final ClientClock clock;

    LogFixture(Database db) {
        this.db = db;
        this.clock = new ClientClock(db.dialect());
    }

    /** Appends {@code specs} in one transaction at the client's clock or {@code now}, and returns their timestamps. */
    List<Long> append(ClientKey client, long now, Spec... specs) {
        int messages = (int) List.of(specs).stream().filter(Spec::isMessage).count();
        return new EventWriter(db, List.of()).write(tx -> {
            long last = clock.reserve(tx.handle(), client, specs.length, messages, now);
            List<NewEvent> events = new ArrayList<>();
            List<Long> stamps = new ArrayList<>();
            for (int i = 0; i < specs.length; i++) {
                long ts = last - specs.length + 1 + i;
                events.add(specs[i].at(client, ts));
                stamps.add(ts);
            }
            tx.append(events);
            return stamps;
        });
    }

    /** How many rows of {@code table} belong to the channel. */
    long rows(String table, long channelId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE channel_id = :id")
                .bind("id", channelId).mapTo(Long.class).one());
    }
}
