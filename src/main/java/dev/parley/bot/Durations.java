package dev.parley.bot;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads scenario durations: a number of seconds, or text such as {@code 90s}, {@code 5m}, {@code 1h}, {@code 500ms}. */
final class Durations {

    private static final Duration MAX = Duration.ofDays(30);
    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})\\s*(ms|s|sec|m|min|h|d)?");

    private Durations() {
    }

    /** Parses a duration; throws {@link IllegalArgumentException} for bad, zero or too long values. */
    static Duration parse(String text) {
        Matcher matcher = TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 30s, 5m, 1h or a number of seconds)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        Duration duration = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (duration.isZero() || duration.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("'" + text + "' must be more than 0 and at most 30 days");
        }
        return duration;
    }
}
