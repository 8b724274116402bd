package dev.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What templates and expressions can read during a turn: the session's variables first, then the
 * request's {@code data} (also as {@code data.x}), then {@code query}, the current request's text.
 * Holds the turn's live variables, so it is confined to one turn's thread.
 */
record Scope(ObjectNode variables, JsonNode data, String query) {

    JsonNode lookup(VarPath path) {
        JsonNode value = path.get(variables);
        if (!value.isMissingNode()) {
            return value;
        }
        value = path.get(data);
        if (!value.isMissingNode()) {
            return value;
        }
        if (path.first().equals("data") && path.segments().size() > 1) {
            return path.rest().get(data);
        }
        if (path.first().equals("data")) {
            return data;
        }
        if (path.segments().size() == 1 && path.first().equals("query")) {
            return JsonNodeFactory.instance.textNode(query);
        }
        return MissingNode.getInstance();
    }

    /** How a value reads inside text: strings as they are, other values as JSON, nothing as "". */
    static String asText(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** True for values a template's {@code default} replaces: nothing, null or an empty string. */
    static boolean isBlank(JsonNode value) {
        return value.isMissingNode() || value.isNull() || (value.isTextual() && value.asText().isEmpty());
    }
}
