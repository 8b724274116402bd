package dev.parley.history;

import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import java.util.Objects;
import java.util.OptionalLong;

/** A page of a client's history: an optional time span (inclusive), a page size, an offset and an order. */
public record HistoryQuery(ClientKey client, OptionalLong from, OptionalLong to, int limit, int offset,
        boolean newestFirst) {

    public HistoryQuery {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isPresent() && to.isPresent() && from.getAsLong() > to.getAsLong()) {
            throw invalid("from must not be after to");
        }
        if (limit < 1 || limit > 1000) {
            throw invalid("limit must be from 1 to 1000");
        }
        if (offset < 0) {
            throw invalid("offset must not be negative");
        }
    }

    public boolean hasSpan() {
        return from.isPresent() || to.isPresent();
    }

    static ApiException invalid(String detail) {
        return new ApiException.BadRequest("Invalid date range or pagination parameters: " + detail);
    }
}
