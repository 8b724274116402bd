package dev.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * JSON literals of a scenario whose string values are templates (an {@code http} block's body, a {@code raw} or
 * {@code reply} block): a string that is one placeholder keeps the variable's JSON type, other strings are rendered
 * as text, and everything else is copied. Stateless.
 */
final class JsonTemplates {

    private JsonTemplates() {
    }

    /** A rendered copy of {@code node}; {@code node} itself is never changed. */
    static JsonNode render(JsonNode node, Scope scope) {
        if (node.isTextual()) {
            try {
                return Template.parse(node.asText()).renderValue(scope);
            } catch (IllegalArgumentException e) {
                return node;
            }
        }
        if (node instanceof ObjectNode object) {
            ObjectNode rendered = JsonNodeFactory.instance.objectNode();
            object.properties().forEach(field -> rendered.set(field.getKey(), render(field.getValue(), scope)));
            return rendered;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode rendered = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> rendered.add(render(item, scope)));
            return rendered;
        }
        return node.deepCopy();
    }

    /** Reports every string of {@code node} that is not a valid template (at compile time). */
    static void check(JsonNode node, Consumer<String> problem) {
        if (node.isTextual()) {
            try {
                Template.parse(node.asText());
            } catch (IllegalArgumentException e) {
                problem.accept(e.getMessage());
            }
        }
        node.forEach(child -> check(child, problem));
    }
}
