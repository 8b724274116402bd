package dev.parley.json;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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
    private static final long DAY_MILLIS = 86_400_000L;
    /** 9999-12-31T23:59:59.999Z. */
    private static final long LAST_FOUR_DIGIT_MILLI = 253_402_300_799_999L;

    private Times() {
    }

    /** {@code 2026-01-31T10:00:00.123}: UTC with no zone, as the envelope's {@code timestamp}. */
    public static String chat(long epochMillis) {
        return isFourDigitYear(epochMillis) ? format(epochMillis, false)
                : CHAT.format(Instant.ofEpochMilli(epochMillis));
    }

    /** {@code 2026-01-31T10:00:00.123Z}: as history items. */
    public static String iso(long epochMillis) {
        return isFourDigitYear(epochMillis) ? format(epochMillis, true)
                : ISO.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Years 1970 to 9999, where the patterns print plain digits: the formatters' shape, digit by digit. */
    private static boolean isFourDigitYear(long epochMillis) {
        return epochMillis >= 0 && epochMillis <= LAST_FOUR_DIGIT_MILLI;
    }

    /**
     * As the formatters, in a fraction of their time: every turn stamps its events with it, on SQLite inside the
     * transaction, on the one writer thread.
     */
    private static String format(long epochMillis, boolean zone) {
        LocalDate date = LocalDate.ofEpochDay(epochMillis / DAY_MILLIS);
        int millisOfDay = (int) (epochMillis % DAY_MILLIS);
        byte[] text = new byte[zone ? 24 : 23];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, millisOfDay / 3_600_000, 2);
        text[13] = ':';
        digits(text, 14, millisOfDay / 60_000 % 60, 2);
        text[16] = ':';
        digits(text, 17, millisOfDay / 1_000 % 60, 2);
        text[19] = '.';
        digits(text, 20, millisOfDay % 1_000, 3);
        if (zone) {
            text[23] = 'Z';
        }
        return new String(text, StandardCharsets.US_ASCII);
    }

    /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void digits(byte[] text, int at, int value, int width) {
        int rest = value;
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
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
