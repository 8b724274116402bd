package dev.parley.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.HandoffListener;
import dev.parley.conversation.HandoffView;
import dev.parley.events.ClientKey;
import dev.parley.events.ClientTyping;
import dev.parley.json.Json;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Fans hand-off changes, messages and typing out to the agents' live streams on this node, and through
 * {@code otherNodes} to those of the nodes sharing its database; an agent's typing takes the same way to the client's
 * event streams, on whichever node they are open. A subscriber that does not read (a dead connection) loses events
 * beyond {@link #BACKLOG} rather than growing memory; the console re-reads its lists when it reconnects.
 * Thread-safe.
 */
public final class AgentHub implements HandoffListener {

    static final int BACKLOG = 1_000;
    /** The event that tells the streams of one account that its sessions ended; never sent to a console. */
    static final String SESSIONS_ENDED = "sessions-ended";
    /** An agent typing, for the client's event streams; never sent to a console. */
    static final String AGENT_TYPING = "agent-typing";

    /**
     * An event for the streams (its SSE name and JSON data) and whom it is for: every agent while the conversation
     * is queued or closed ({@code agentId} 0 or {@code open} false), else the agent who has it.
     */
    public record Routed(String name, String data, long agentId, boolean open) {
    }

    /** One open stream of one agent. */
    final class Subscription implements AutoCloseable {
        private final long agentId;
        private final BlockingQueue<Routed> events = new LinkedBlockingQueue<>(BACKLOG);

        private Subscription(long agentId) {
            this.agentId = agentId;
        }

        /** The next event, or null after {@code millis} without one. */
        Routed next(long millis) throws InterruptedException {
            return events.poll(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }

    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Consumer<Routed> otherNodes;
    private final ClientTyping clients;

    /**
     * @param otherNodes where this node's events go for the other nodes' streams; {@code r -> { }} for none
     * @param clients the clients' event streams on this node
     */
    public AgentHub(Consumer<Routed> otherNodes, ClientTyping clients) {
        this.otherNodes = otherNodes;
        this.clients = clients;
    }

    Subscription subscribe(long agentId) {
        Subscription subscription = new Subscription(agentId);
        subscriptions.add(subscription);
        return subscription;
    }

    @Override
    public void changed(HandoffView handoff) {
        publish(new Routed("conversation", Json.write(AgentRoutes.view(handoff)), handoff.agentId(),
                handoff.isOpen()));
    }

    @Override
    public void message(HandoffView handoff, ObjectNode historyItem) {
        ObjectNode data = Json.object().put("conversationId", handoff.id());
        data.set("message", historyItem);
        publish(new Routed("message", Json.write(data), handoff.agentId(), handoff.isOpen()));
    }

    @Override
    public void clientTyping(HandoffView handoff) {
        publish(new Routed("typing", Json.write(Json.object().put("conversationId", handoff.id())
                .put("channelId", handoff.channelId()).put("clientId", handoff.clientId())), handoff.agentId(),
                handoff.isOpen()));
    }

    /** Shows the client of {@code handoff} that the agent is typing. */
    public void agentTyping(HandoffView handoff, long agentId, String agentName) {
        ObjectNode data = Json.object().put("channelId", handoff.channelId()).put("clientId", handoff.clientId());
        data.putObject("agent").put("id", agentId).put("name", agentName);
        publish(new Routed(AGENT_TYPING, Json.write(data), agentId, true));
    }

    /** Closes the open streams of an account, on this node and the others, because its sessions ended. */
    public void endSessions(long accountId) {
        publish(new Routed(SESSIONS_ENDED, Json.write(Json.object().put("accountId", accountId)), accountId, true));
    }

    private void publish(Routed event) {
        deliver(event);
        otherNodes.accept(event);
    }

    /** Puts an event (this node's, or one another node published) on this node's streams it is for. */
    public void deliver(Routed event) {
        if (event.name().equals(AGENT_TYPING)) {
            toClient(event);
            return;
        }
        for (Subscription s : subscriptions) {
            if (event.agentId() == 0 || event.agentId() == s.agentId || !event.open()) {
                s.events.offer(event);
            }
        }
    }

    /** The client sees {@code {clientId, agent: {id, name}}}; the channel id only routes it. */
    private void toClient(Routed event) {
        ObjectNode data = (ObjectNode) Json.readTrusted(event.data());
        ClientKey key = new ClientKey(data.path("channelId").asLong(), data.path("clientId").asText());
        data.remove("channelId");
        clients.deliver(key, Json.write(data));
    }
}
