package dev.parley.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.channel.ActiveChannel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.delivery.Outbox;
import dev.parley.events.ClientClock;
import dev.parley.events.ClientKey;
import dev.parley.events.EventTx;
import dev.parley.events.EventWriter;
import dev.parley.events.EventType;
import dev.parley.events.NewEvent;
import dev.parley.http.ApiException;
import dev.parley.json.Json;
import dev.parley.json.Times;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What agents do with hand-offs: accept, write to the client, close. Each step commits its event (a
 * {@code humanResponse}, by the agent or by the system) and its webhook delivery in one transaction, then tells the
 * listeners. Thread-safe.
 */
public final class HandoffService {

    /** The agent acting, as the client sees it in {@code data.agent}. */
    public record Agent(long id, String name) {
    }

    private final Database db;
    private final EventWriter events;
    private final ClientClock clock;
    private final ChannelDirectory channels;
    private final HandoffListener listener;
    private final Clock time;

    /** @param listener told of a client's typing; what commits reaches the agents through {@link HandoffNotices} */
    public HandoffService(Database db, EventWriter events, ChannelDirectory channels, HandoffListener listener,
            Clock time) {
        this.db = db;
        this.events = events;
        this.clock = new ClientClock(db.dialect());
        this.channels = channels;
        this.listener = listener;
        this.time = time;
    }

    public List<HandoffView> list(String status, long agentId) {
        return db.read(h -> HandoffStore.list(h, status, agentId, 500));
    }

    /** How many clients wait in the queue. */
    public long queued() {
        return db.read(h -> HandoffStore.count(h, HandoffView.QUEUED));
    }

    public HandoffView get(long id) {
        return db.read(h -> HandoffStore.find(h, id)).orElseThrow(() -> new ApiException.NotFound(
                "agent.conversation.not_found", "Conversation " + id + " not found"));
    }

    /** Gives a queued conversation to {@code agent}; 409 when another agent took it first or it was closed. */
    public HandoffView accept(long id, Agent agent) {
        return events.write(tx -> {
            Handle h = tx.handle();
            HandoffView handoff = find(h, id);
            lockClient(h, handoff);
            if (!HandoffStore.accept(h, id, agent.id(), time.millis())) {
                throw new ApiException.Conflict("agent.conversation.taken", handoff.status().equals(HandoffView.CLOSED)
                        ? "Conversation " + id + " is closed" : "Conversation " + id + " was taken by another agent");
            }
            HandoffView now = find(h, id);
            append(tx, now, "SYSTEM", agent.name() + " joined the conversation", agent);
            tx.note(new HandoffNotices.Changed(now));
            return now;
        });
    }

    /** Sends the client a message from {@code agent}; returns its question id. */
    public String message(long id, Agent agent, String text) {
        if (text.isBlank()) {
            throw new ApiException.BadRequest("agent.request.invalid", "Invalid request: text must not be empty");
        }
        return events.write(tx -> {
            HandoffView current = find(tx.handle(), id);
            requireOwn(current, agent);
            if (!current.isOpen()) {
                throw new ApiException.Conflict("agent.conversation.closed", "Conversation " + id + " is closed");
            }
            String questionId = append(tx, current, "OPERATOR", text, agent);
            tx.note(new HandoffNotices.Message(current, item(questionId, "OPERATOR", text, time.millis())));
            return questionId;
        });
    }

    /** Closes the conversation: the client is back with the bot. */
    public HandoffView close(long id, Agent agent) {
        return events.write(tx -> {
            Handle h = tx.handle();
            HandoffView current = find(h, id);
            requireOwn(current, agent);
            lockClient(h, current);
            if (!HandoffStore.close(h, current, time.millis())) {
                throw new ApiException.Conflict("agent.conversation.closed", "Conversation " + id + " is closed");
            }
            HandoffView now = find(h, id);
            append(tx, now, "SYSTEM", agent.name() + " closed the conversation", agent);
            tx.note(new HandoffNotices.Changed(now));
            return now;
        });
    }

    /** Tells the agents that the client is typing, when it is with an agent (queued or accepted); else nothing. */
    public void clientTyping(ClientKey key) {
        db.read(h -> HandoffStore.findOpen(h, key)).ifPresent(listener::clientTyping);
    }

    /** The conversation {@code agent} may show the client typing in: its own, and open. */
    public HandoffView typingIn(long id, Agent agent) {
        HandoffView current = get(id);
        requireOwn(current, agent);
        if (!current.isOpen()) {
            throw new ApiException.Conflict("agent.conversation.closed", "Conversation " + id + " is closed");
        }
        return current;
    }

    /**
     * A queued conversation is anyone's to look at; one an agent took, assigned or since closed, only that agent's
     * (the README promises each agent its own closed conversations).
     */
    public void requireReadable(HandoffView handoff, Agent agent) {
        if (handoff.agentId() != 0 && handoff.agentId() != agent.id()) {
            throw new ApiException.Forbidden("Conversation " + handoff.id() + " belongs to another agent");
        }
    }

    private static void requireOwn(HandoffView handoff, Agent agent) {
        if (handoff.agentId() != agent.id()) {
            throw new ApiException.Forbidden(handoff.agentId() == 0
                    ? "Accept conversation " + handoff.id() + " before writing to it or closing it"
                    : "Conversation " + handoff.id() + " is assigned to another agent");
        }
    }

    /**
     * Locks the client's row before the hand-off's, in the order a client's turn takes them (its session, then the
     * hand-off a close phrase ends), so that an agent and the client acting at once cannot deadlock on PostgreSQL.
     */
    private void lockClient(Handle h, HandoffView handoff) {
        clock.find(h, new ClientKey(handoff.channelId(), handoff.clientId()), true);
    }

    private static HandoffView find(Handle h, long id) {
        return HandoffStore.find(h, id).orElseThrow(() -> new ApiException.NotFound("agent.conversation.not_found",
                "Conversation " + id + " not found"));
    }

    /** Appends a {@code humanResponse} for the client, with its webhook delivery; returns its question id. */
    private String append(EventTx tx, HandoffView handoff, String author, String text, Agent agent) {
        ClientKey key = new ClientKey(handoff.channelId(), handoff.clientId());
        long now = time.millis();
        long ts = clock.reserve(tx.handle(), key, 1, 1, now);
        clock.touch(tx.handle(), key, now);
        String questionId = UUID.randomUUID().toString();
        ActiveChannel channel = channels.byId(handoff.channelId());
        String envelope = Json.write(envelope(channel, key, questionId, text, agent, ts));
        tx.append(List.of(new NewEvent(key, ts, EventType.HUMAN_RESPONSE, questionId, "", true, author, text,
                "SENT", false, envelope)));
        if (channel.hasWebhook()) {
            Outbox.enqueue(tx, key, List.of(questionId), List.of(envelope), now);
        }
        return questionId;
    }

    /** A {@code humanResponse} envelope; {@code agent} with id 0 (no agent involved) is left out. */
    static ObjectNode envelope(ActiveChannel channel, ClientKey key, String questionId, String text,
            Agent agent, long ts) {
        ObjectNode data = Json.object();
        data.put("nlpClass", "");
        data.put("confidence", 1.0);
        data.putArray("replies").addObject().put("type", "text").put("text", text);
        data.put("answer", text);
        if (agent.id() != 0) {
            data.putObject("agent").put("id", agent.id()).put("name", agent.name());
        }
        data.put("newSessionStarted", false);
        data.put("endSession", false);
        data.putArray("debugData");
        ObjectNode node = Json.object();
        node.put("token", channel.channel().token());
        node.put("clientId", key.clientId());
        node.put("questionId", questionId);
        node.set("data", data);
        node.put("timestamp", Times.chat(ts));
        node.put("blockForm", false);
        return node;
    }

    /** A message in the client history's shape, for the agents' live stream. */
    static ObjectNode item(String questionId, String author, String text, long ts) {
        return Json.object().put("questionId", questionId).put("author", author).put("textMessage", text)
                .put("status", author.equals("CLIENT") ? "READ" : "SENT").put("timestamp", Times.iso(ts));
    }
}
