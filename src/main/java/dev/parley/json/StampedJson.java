package dev.parley.json;

import java.util.Objects;

/**
 * A JSON document whose {@code timestamp} is filled in later: the document is serialized once, outside the
 * transaction that learns the timestamp, and stamped there with two string concatenations. The mark cannot be forged
 * by content: inside serialized strings a quote is always escaped, so the quoted mark only ever comes from here.
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
        int at = json.indexOf(QUOTED_MARK);
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
