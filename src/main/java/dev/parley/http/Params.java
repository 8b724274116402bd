package dev.parley.http;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A request's query parameters and headers, whoever parsed it: Helidon's routing ({@link Requests#params}) or the
 * thread-less listener of waiting polls and streams. What the two must read the same way is read through this.
 */
public interface Params {

    /** A query parameter, decoded; empty when absent. */
    Optional<String> query(String name);

    /** A header's first value; empty when absent. Names are case-insensitive. */
    Optional<String> header(String name);

    /**
     * The client signature of an identity-verified channel: the {@code X-Client-Signature} header, or the
     * {@code clientSignature} query parameter for callers such as {@code EventSource} that cannot set headers.
     */
    default Optional<String> clientSignature() {
        return header("X-Client-Signature").or(() -> query("clientSignature"));
    }

    /** An optional integer query parameter within bounds; a bad value is a 400 naming the parameter. */
    default int intQuery(String name, int fallback, int min, int max) {
        return intValue(query(name), name, fallback, min, max, detail -> new ApiException.BadRequest(
                "Invalid request payload: " + detail));
    }

    /** A whole number from {@code min} to {@code max}, the fallback when blank, else what {@code invalid} makes. */
    static int intValue(Optional<String> raw, String name, int fallback, int min, int max,
            Function<String, ApiException> invalid) {
        if (raw.isEmpty() || raw.get().isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw invalid.apply(name + " must be a whole number from " + min + " to " + max + ", got '" + raw.get() + "'");
    }

    /** {@code true}/{@code false} (or absent for the fallback); anything else is a 400 naming the parameter. */
    default boolean boolQuery(String name, boolean fallback) {
        Optional<String> raw = query(name);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return fallback;
        }
        return switch (raw.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new ApiException.BadRequest("Invalid request payload: " + name
                    + " must be true or false, got '" + raw.get() + "'");
        };
    }

    /** The {@code cid} query parameter, or empty; see {@link Requests#cid}. */
    default String cidQuery() {
        return Requests.cid(query("cid").orElse(""));
    }
}
