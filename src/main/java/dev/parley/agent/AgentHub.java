package dev.parley.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.HandoffListener;
import dev.parley.conversation.HandoffView;
import dev.parley.json.Json;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Fans hand-off changes and messages out to the agents' live streams on this node. A subscriber that does not read
 * (a dead connection) loses events beyond {@link #BACKLOG} rather than growing memory; the console re-reads its lists
 * when it reconnects. Thread-safe.
 */
public final class AgentHub implements HandoffListener {

    static final int BACKLOG = 1_000;

    /** One event for a stream: its SSE name and JSON data. */
    record Event(String name, String data) {
    }

    /** One open stream of one agent. */
    final class Subscription implements AutoCloseable {
        private final long agentId;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>(BACKLOG);

        private Subscription(long agentId) {
            this.agentId = agentId;
        }

        /** The next event, or null after {@code millis} without one. */
        Event next(long millis) throws InterruptedException {
            return events.poll(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }

    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    Subscription subscribe(long agentId) {
        Subscription subscription = new Subscription(agentId);
        subscriptions.add(subscription);
        return subscription;
    }

    @Override
    public void changed(HandoffView handoff) {
        publish(handoff, new Event("conversation", Json.write(AgentRoutes.view(handoff))));
    }

    @Override
    public void message(HandoffView handoff, ObjectNode historyItem) {
        ObjectNode data = Json.object().put("conversationId", handoff.id());
        data.set("message", historyItem);
        publish(handoff, new Event("message", Json.write(data)));
    }

    /** Queue changes go to every agent; a conversation that is someone's goes to that agent only. */
    private void publish(HandoffView handoff, Event event) {
        for (Subscription s : subscriptions) {
            if (handoff.agentId() == 0 || handoff.agentId() == s.agentId || !handoff.isOpen()) {
                s.events.offer(event);
            }
        }
    }
}
