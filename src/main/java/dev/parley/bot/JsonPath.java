package dev.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small JSONPath subset of {@code http.save}: {@code $}, {@code .name}, {@code ['name']} and
 * {@code [index]}, e.g. {@code $.items[0].status}. Immutable.
 */
record JsonPath(String source, List<Step> steps) {

    private static final Pattern STEP = Pattern.compile(
            "\\.([A-Za-z_$][\\w$-]*)|\\[(\\d{1,6})]|\\['((?:[^'\\\\]|\\\\.)*)']|\\[\"((?:[^\"\\\\]|\\\\.)*)\"]");

    /** {@code index} is -1 for a field step. */
    record Step(String field, int index) {
    }

    JsonPath {
        steps = List.copyOf(steps);
    }

    /** Parses a path; throws {@link IllegalArgumentException} saying where it stops making sense. */
    static JsonPath parse(String source) {
        String text = source.strip();
        if (!text.startsWith("$")) {
            throw new IllegalArgumentException("'" + source + "' is not a JSON path: it must start with $");
        }
        List<Step> steps = new ArrayList<>();
        Matcher matcher = STEP.matcher(text);
        int at = 1;
        while (at < text.length()) {
            if (!matcher.find(at) || matcher.start() != at) {
                throw new IllegalArgumentException("'" + source + "' is not a JSON path: unexpected '"
                        + text.substring(at) + "'");
            }
            steps.add(step(matcher));
            at = matcher.end();
        }
        return new JsonPath(source, steps);
    }

    private static Step step(Matcher matcher) {
        if (matcher.group(2) != null) {
            return new Step("", Integer.parseInt(matcher.group(2)));
        }
        String field = matcher.group(1) != null ? matcher.group(1)
                : matcher.group(3) != null ? matcher.group(3) : matcher.group(4);
        return new Step(field.replaceAll("\\\\(.)", "$1"), -1);
    }

    /** The value at this path, or a missing node. */
    JsonNode read(JsonNode root) {
        JsonNode node = root;
        for (Step step : steps) {
            node = step.index() >= 0 ? node.path(step.index()) : node.path(step.field());
            if (node.isMissingNode()) {
                return MissingNode.getInstance();
            }
        }
        return node;
    }
}
