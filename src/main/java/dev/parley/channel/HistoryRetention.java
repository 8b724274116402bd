package dev.parley.channel;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * A channel's {@code historyRetention}: how long its messages are kept, as an ISO-8601 duration in days, hours or
 * minutes ({@code P30D}, {@code PT12H}, {@code P1DT12H}); empty text keeps them forever. Months and years are not
 * accepted because their length varies. Stateless.
 */
public final class HistoryRetention {

    /** Shorter than this is almost certainly a mistake ({@code PT30S} for {@code P30D}) that would wipe a channel. */
    static final Duration MIN = Duration.ofHours(1);
    static final Duration MAX = Duration.ofDays(36_500);

    private HistoryRetention() {
    }

    /**
     * The setting as stored: trimmed and upper-case, or empty for "forever".
     *
     * @throws IllegalArgumentException saying what is wrong, when it is not such a duration
     */
    public static String normalized(String text) {
        String trimmed = text.trim().toUpperCase(Locale.ROOT);
        if (!trimmed.isEmpty()) {
            parse(trimmed);
        }
        return trimmed;
    }

    /** The stored setting as a duration; empty for "forever". */
    public static Optional<Duration> of(String stored) {
        return stored.isEmpty() ? Optional.empty() : Optional.of(parse(stored));
    }

    private static Duration parse(String text) {
        if (text.length() > 40) {
            throw new IllegalArgumentException("historyRetention must be an ISO-8601 duration such as P30D or PT12H");
        }
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("historyRetention must be an ISO-8601 duration such as P30D or PT12H"
                    + " (empty or null keeps messages forever), got '" + text + "'");
        }
        if (duration.compareTo(MIN) < 0 || duration.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("historyRetention must be from PT1H to P36500D, got '" + text + "'");
        }
        return duration;
    }
}
