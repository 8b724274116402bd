package dev.parley.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;

/** Typed reading of JSON body fields; a field of the wrong type is a 400 that names it. */
public final class Fields {

    private Fields() {
    }

    /** A string field; absent or JSON {@code null} is empty. */
    public static Optional<String> string(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw wrongType(name, "a string");
        }
        return Optional.of(node.textValue());
    }

    /**
     * An id the integrator chose, such as {@code clientId}: a string, or a whole JSON number (help desks send ticket
     * numbers) read as its decimal digits, so {@code 4242} is the id {@code "4242"}. Absent or {@code null} is empty;
     * anything else, a fraction included, is a 400 naming the field.
     */
    public static Optional<String> id(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        return Optional.of(id(node).orElseThrow(() -> wrongType(name, "a string or a whole number, not "
                + node.getNodeType().name().toLowerCase(Locale.ROOT)
                + (node.isNumber() ? " " + node.asText() : ""))));
    }

    /** The id {@code node} stands for: its text, or a whole number's digits; empty for anything else. */
    public static Optional<String> id(JsonNode node) {
        if (node.isTextual()) {
            return Optional.of(node.textValue());
        }
        if (node.isIntegralNumber()) {
            return Optional.of(node.bigIntegerValue().toString());
        }
        return Optional.empty();
    }

    public static Optional<Boolean> bool(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw wrongType(name, "true or false");
        }
        return Optional.of(node.booleanValue());
    }

    /** An object field; absent or {@code null} is empty. */
    public static Optional<ObjectNode> object(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw wrongType(name, "a JSON object");
        }
        return Optional.of((ObjectNode) node);
    }

    private static ApiException wrongType(String name, String expected) {
        return new ApiException.BadRequest("Invalid request payload: " + name + " must be " + expected);
    }
}
