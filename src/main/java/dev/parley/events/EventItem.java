package dev.parley.events;

import java.util.Objects;

/** One item of a client's log as {@code /events} returns it; {@code body} is the item's {@code event} JSON. */
public record EventItem(long ts, String type, String body) {

    public EventItem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
    }

    /** {@code {"type": …, "event": …}} without re-parsing the stored JSON. */
    public void writeTo(StringBuilder out) {
        out.append("{\"type\":\"").append(type).append("\",\"event\":").append(body).append('}');
    }
}
