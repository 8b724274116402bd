package dev.parley.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
