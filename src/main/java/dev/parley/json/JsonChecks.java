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
        List<Object> trail = new ArrayList<>();
        return find(node, trail) ? Optional.of(path(trail.reversed())) : Optional.empty();
    }

    /**
     * True when {@code node} holds such a number; the keys and indexes down to it are then added to {@code trail},
     * innermost first. The path is built only on a hit, as this runs on every JSON request.
     */
    private static boolean find(JsonNode node, List<Object> trail) {
        if (node.isNumber()) {
            return Double.isInfinite(node.doubleValue());
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (find(node.get(i), trail)) {
                    trail.add(i);
                    return true;
                }
            }
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (find(field.getValue(), trail)) {
                trail.add(field.getKey());
                return true;
            }
        }
        return false;
    }

    /** Keys and indexes, outermost first, in the notation {@code data.items[2].price}. */
    private static String path(List<Object> keysAndIndexes) {
        StringBuilder path = new StringBuilder();
        for (Object step : keysAndIndexes) {
            if (step instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(step);
            }
        }
        return path.toString();
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
