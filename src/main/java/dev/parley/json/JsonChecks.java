package dev.parley.json;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks on client JSON that the parser does not make, and the field paths that name what they found
 * ({@code data.items[2].price}). Stateless.
 */
public final class JsonChecks {

    private JsonChecks() {
    }

    /**
     * The path of the first number that a double cannot hold ({@code 1e400}, or an integer of 400 digits): the parser
     * reads it as infinity, which a scenario would compare as such and which is written back as {@code "Infinity"}.
     */
    public static Optional<String> numberBeyondDouble(JsonNode node) {
        return find(node, "");
    }

    private static Optional<String> find(JsonNode node, String path) {
        if (node.isNumber()) {
            return Double.isInfinite(node.doubleValue()) ? Optional.of(path) : Optional.empty();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = find(node.get(i), path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            Optional<String> found = find(field.getValue(), path.isEmpty() ? field.getKey()
                    : path + "." + field.getKey());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Where a streaming parser is, in the same notation: {@code data.tags[1]}, or empty at the top level. */
    public static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                parts.add("[" + Math.max(at.getCurrentIndex(), 0) + "]");
            } else if (at.getCurrentName() != null) {
                parts.add((at.getParent().inRoot() ? "" : ".") + at.getCurrentName());
            }
        }
        Collections.reverse(parts);
        return String.join("", parts);
    }
}
