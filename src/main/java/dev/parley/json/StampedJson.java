package dev.parley.json;

import java.util.Objects;

/**
 * A JSON document whose {@code timestamp} is filled in later: the document is serialized once, outside the
 * transaction that learns the timestamp, and stamped there with two string concatenations. Content can hold the mark
 * too (a client may send it as its text), so the timestamp must be the document's <em>last</em> string value: the
 * last quoted mark is the one put there for it.
 */
public record StampedJson(String before, String after) {

    /** Put this as the timestamp's value in the document before serializing it. */
    public static final String MARK = "@@parley-timestamp@@";
    private static final String QUOTED_MARK = "\"" + MARK + "\"";

    public StampedJson {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    public static StampedJson of(String json) {
        int at = json.lastIndexOf(QUOTED_MARK);
        if (at < 0) {
            throw new IllegalArgumentException("no timestamp mark in " + json);
        }
        return new StampedJson(json.substring(0, at), json.substring(at + QUOTED_MARK.length()));
    }

    /** The document with its timestamp in the envelope's shape. */
    public String at(long epochMillis) {
        return before + '"' + Times.chat(epochMillis) + '"' + after;
    }
}
