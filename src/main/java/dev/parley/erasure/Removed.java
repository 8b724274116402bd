package dev.parley.erasure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an erasure removed, table by table. {@code campaignRecipients} counts the client's places in campaign
 * recipient lists: forgotten (their client id cleared), and failed where they were still to be sent.
 */
public record Removed(long clients, long events, long states, long readCursors, long idempotencyKeys,
        long deliveries, long timers, long handoffs, long files, long campaignRecipients) {

    /** Whether the channel held nothing at all of the client. */
    public boolean nothing() {
        return total() == 0;
    }

    private long total() {
        return clients + events + states + readCursors + idempotencyKeys + deliveries + timers + handoffs + files
                + campaignRecipients;
    }

    /** The counts by their names in the API's answer, in a stable order. */
    public Map<String, Long> byName() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("clients", clients);
        out.put("events", events);
        out.put("states", states);
        out.put("readCursors", readCursors);
        out.put("idempotencyKeys", idempotencyKeys);
        out.put("deliveries", deliveries);
        out.put("timers", timers);
        out.put("handoffs", handoffs);
        out.put("files", files);
        out.put("campaignRecipients", campaignRecipients);
        return out;
    }
}
