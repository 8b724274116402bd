package dev.parley.events;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** At most {@link EventStore#PAGE} events, oldest first, and whether more remain. */
public record EventPage(List<EventItem> items, boolean hasMore) {

    public EventPage {
        items = List.copyOf(items);
    }

    public static EventPage empty() {
        return new EventPage(List.of(), false);
    }

    public byte[] toJson() {
        StringBuilder out = new StringBuilder(256 + items.size() * 512).append("{\"events\":[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            items.get(i).writeTo(out);
        }
        return out.append("],\"hasMore\":").append(hasMore).append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
