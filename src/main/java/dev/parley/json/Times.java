package dev.parley.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The two timestamp shapes of the Chat API, and the reading of {@code ts}, {@code from} and {@code to} inputs. */
public final class Times {

    private static final DateTimeFormatter CHAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** {@code 2026-01-31T10:00:00.123}: UTC with no zone, as the envelope's {@code timestamp}. */
    public static String chat(long epochMillis) {
        return CHAT.format(Instant.ofEpochMilli(epochMillis));
    }

    /** {@code 2026-01-31T10:00:00.123Z}: as history items. */
    public static String iso(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * Reads epoch milliseconds, the envelope's zone-less shape (as UTC), or ISO-8601 with a zone or offset.
     *
     * @return empty when the text is none of these
     */
    public static Optional<Long> parse(String text) {
        String s = text.trim();
        if (s.matches("-?\\d{1,15}")) {
            return Optional.of(Long.parseLong(s));
        }
        try {
            return Optional.of(instant(s).toEpochMilli());
        } catch (DateTimeException | ArithmeticException notATimeOrOutOfRange) {
            return Optional.empty();
        }
    }

    private static Instant instant(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException notOffset) {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        }
    }
}
