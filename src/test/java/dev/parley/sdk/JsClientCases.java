package dev.parley.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the Java tests need from {@code clients/js/test/cases.mjs}: the channel's scenario and the cases' names. */
final class JsClientCases {

    static final Path FILE = Path.of("clients/js/test/cases.mjs");

    private JsClientCases() {
    }

    static String scenario() {
        Matcher m = Pattern.compile("export const SCENARIO = `([^`]*)`").matcher(text());
        if (!m.find()) {
            throw new IllegalStateException(FILE + " has no SCENARIO");
        }
        return m.group(1);
    }

    /** The cases in order: each is an {@code async name() {} } member of the cases object. */
    static List<String> names() {
        return Pattern.compile("(?m)^    async (\\w+)\\(\\) \\{").matcher(text()).results().map(r -> r.group(1)).toList();
    }

    private static String text() {
        try {
            return Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
