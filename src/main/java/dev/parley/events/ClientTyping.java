package dev.parley.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands "the agent is typing" to the event streams of one client on this node. Typing is ephemeral: it is never
 * stored, so a long poll, the history and a stream that is not open at that moment never see it. A stream waits for
 * the client's next stored event on {@link WakeUps}, so a delivery fires that signal after it queued the typing; a
 * long poll woken so looks in the log once more and waits again. A stream that does not read loses typing beyond
 * {@link #BACKLOG} rather than growing memory. Thread-safe.
 */
public final class ClientTyping {

    static final int BACKLOG = 16;

    private final Map<ClientKey, Set<Subscription>> streams = new ConcurrentHashMap<>();
    private final WakeUps wakeUps;

    public ClientTyping(WakeUps wakeUps) {
        this.wakeUps = wakeUps;
    }

    /**
     * One open event stream of one client. Its queue is made when the first typing comes: most streams never see
     * any, and a node holds 100,000 of them.
     */
    public final class Subscription implements AutoCloseable {
        private final ClientKey key;
        /** Null until typing comes. Guarded by {@code this}. */
        private ArrayDeque<String> typed;

        private Subscription(ClientKey key) {
            this.key = key;
        }

        /** Whether typing waits to be sent. */
        public synchronized boolean pending() {
            return typed != null && !typed.isEmpty();
        }

        /** The JSON data of every typing event queued so far, oldest first. */
        public synchronized List<String> drain() {
            if (typed == null || typed.isEmpty()) {
                return List.of();
            }
            List<String> out = new ArrayList<>(typed);
            typed.clear();
            return out;
        }

        private synchronized void offer(String data) {
            if (typed == null) {
                typed = new ArrayDeque<>(BACKLOG);
            }
            if (typed.size() < BACKLOG) {
                typed.add(data);
            }
        }

        @Override
        public void close() {
            streams.computeIfPresent(key, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** Opens a stream's subscription; close it when the stream ends. */
    public Subscription subscribe(ClientKey key) {
        Subscription subscription = new Subscription(key);
        streams.compute(key, (k, set) -> {
            Set<Subscription> open = set == null ? ConcurrentHashMap.newKeySet() : set;
            open.add(subscription);
            return open;
        });
        return subscription;
    }

    /** Queues a typing event (its JSON data) on the client's open streams on this node and wakes them. */
    public void deliver(ClientKey key, String data) {
        Set<Subscription> open = streams.get(key);
        if (open == null) {
            return;
        }
        open.forEach(s -> s.offer(data));
        wakeUps.fire(key);
    }

    int streams() {
        return streams.size();
    }
}
