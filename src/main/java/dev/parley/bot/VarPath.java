package dev.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A variable path such as {@code order}, {@code user.name} or {@code items[0].sku}, as used by
 * templates, {@code if} expressions, {@code set} and {@code input}. Immutable.
 */
record VarPath(List<String> segments) {

    private static final Pattern SHAPE =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+|\\[\\d{1,6}])*");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_]+");

    VarPath {
        segments = List.copyOf(segments);
    }

    /** Parses a path; throws {@link IllegalArgumentException} naming the bad text. */
    static VarPath parse(String text) {
        String trimmed = text.strip();
        if (!SHAPE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a variable name (letters, digits, _ and dots)");
        }
        List<String> segments = new ArrayList<>();
        Matcher matcher = SEGMENT.matcher(trimmed);
        while (matcher.find()) {
            segments.add(matcher.group());
        }
        return new VarPath(segments);
    }

    String first() {
        return segments.getFirst();
    }

    VarPath rest() {
        return new VarPath(segments.subList(1, segments.size()));
    }

    /** The value under {@code root}, or a missing node. Numeric segments index arrays. */
    JsonNode get(JsonNode root) {
        JsonNode node = root;
        for (String segment : segments) {
            if (node.isArray() && isIndex(segment)) {
                node = node.path(Integer.parseInt(segment));
            } else if (node.isObject()) {
                node = node.path(segment);
            } else {
                return MissingNode.getInstance();
            }
        }
        return node;
    }

    /** Stores {@code value}, replacing whatever is in the way with objects. */
    void set(ObjectNode root, JsonNode value) {
        ObjectNode node = root;
        for (String segment : segments.subList(0, segments.size() - 1)) {
            if (node.get(segment) instanceof ObjectNode child) {
                node = child;
            } else {
                ObjectNode child = JsonNodeFactory.instance.objectNode();
                node.set(segment, child);
                node = child;
            }
        }
        node.set(segments.getLast(), value);
    }

    private static boolean isIndex(String segment) {
        return segment.chars().allMatch(Character::isDigit);
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
