package dev.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the reply blocks beyond text, buttons and media: {@code carousel}, {@code location}, {@code raw} and the
 * generic {@code reply}, whose object goes to the client as it is written. See {@link BlockReader}.
 */
final class RichBlockReader {

    private static final Set<String> CARD_FIELDS = Set.of("title", "description", "image", "url", "btnText");

    private RichBlockReader() {
    }

    static Optional<Block> read(String type, YNode value, int line, Fields fields) {
        return switch (type) {
            case "carousel" -> carousel(value, line, fields);
            case "location" -> location(value, line, fields);
            case "raw" -> raw(value, line, fields);
            case "reply" -> reply(value, line, fields);
            default -> throw new IllegalArgumentException("not a rich block type: " + type);
        };
    }

    private static Optional<Block> carousel(YNode value, int line, Fields fields) {
        Optional<YNode.Mapping> mapping = fields.mapping(value, "carousel");
        if (mapping.isEmpty() || !fields.onlyKnownKeys(mapping.get(), "carousel", Set.of("text", "content"))) {
            return Optional.empty();
        }
        int before = fields.count();
        Template text = optional(mapping.get(), "text", "carousel text", fields);
        List<Block.CardSpec> cards = new ArrayList<>();
        Optional<YNode> content = fields.required(mapping.get(), "content", "carousel");
        if (content.isPresent() && content.get() instanceof YNode.Sequence sequence) {
            sequence.items().forEach(item -> card(item, fields).ifPresent(cards::add));
            if (sequence.items().isEmpty()) {
                fields.problem(content.get().line(), "carousel content needs at least one card");
            }
        } else if (content.isPresent()) {
            fields.problem(content.get().line(), "carousel content must be a list of cards, not "
                    + content.get().kind());
        }
        return fields.count() > before ? Optional.empty() : Optional.of(new Block.Carousel(text, cards, line));
    }

    private static Optional<Block.CardSpec> card(YNode item, Fields fields) {
        Optional<YNode.Mapping> mapping = fields.mapping(item, "a carousel card");
        if (mapping.isEmpty() || !fields.onlyKnownKeys(mapping.get(), "a carousel card", CARD_FIELDS)) {
            return Optional.empty();
        }
        Optional<Template> title = fields.required(mapping.get(), "title", "a carousel card")
                .flatMap(n -> fields.template(n, "card title"));
        YNode.Mapping card = mapping.get();
        Block.CardSpec spec = new Block.CardSpec(title.orElse(null), optional(card, "description", "card description",
                fields), optional(card, "image", "card image", fields), optional(card, "url", "card url", fields),
                optional(card, "btnText", "card btnText", fields));
        return title.map(ignored -> spec);
    }

    /** The template under {@code key}, or null when the key is absent (or bad, reported). */
    private static Template optional(YNode.Mapping mapping, String key, String what, Fields fields) {
        return mapping.find(key).flatMap(n -> fields.template(n, what)).orElse(null);
    }

    private static Optional<Block> location(YNode value, int line, Fields fields) {
        Optional<YNode.Mapping> mapping = fields.mapping(value, "location");
        if (mapping.isEmpty() || !fields.onlyKnownKeys(mapping.get(), "location", Set.of("lat", "lon"))) {
            return Optional.empty();
        }
        Optional<Double> lat = fields.required(mapping.get(), "lat", "location")
                .flatMap(n -> degrees(n, "location lat", 90, fields));
        Optional<Double> lon = fields.required(mapping.get(), "lon", "location")
                .flatMap(n -> degrees(n, "location lon", 180, fields));
        return lat.isPresent() && lon.isPresent() ? Optional.of(new Block.Location(lat.get(), lon.get(), line))
                : Optional.empty();
    }

    private static Optional<Double> degrees(YNode node, String what, int limit, Fields fields) {
        if (node instanceof YNode.Scalar scalar && (scalar.type() == YNode.ScalarType.INTEGER
                || scalar.type() == YNode.ScalarType.DECIMAL)) {
            double value = Double.parseDouble(scalar.value());
            if (Math.abs(value) <= limit) {
                return Optional.of(value);
            }
        }
        fields.problem(node.line(), what + " must be a number from -" + limit + " to " + limit + ", not "
                + (node instanceof YNode.Scalar scalar ? "'" + scalar.value() + "'" : node.kind()));
        return Optional.empty();
    }

    private static Optional<Block> raw(YNode value, int line, Fields fields) {
        Optional<YNode.Mapping> mapping = fields.mapping(value, "raw");
        if (mapping.isEmpty() || !fields.onlyKnownKeys(mapping.get(), "raw", Set.of("body"))) {
            return Optional.empty();
        }
        return fields.required(mapping.get(), "body", "raw").flatMap(n -> fields.mapping(n, "raw body"))
                .flatMap(body -> templated(body, "raw body", fields)).map(body -> new Block.Verbatim(body, true, line));
    }

    private static Optional<Block> reply(YNode value, int line, Fields fields) {
        Optional<YNode.Mapping> mapping = fields.mapping(value, "reply");
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        Optional<YNode> type = fields.required(mapping.get(), "type", "reply");
        if (type.isPresent() && !(type.get() instanceof YNode.Scalar scalar
                && scalar.type() == YNode.ScalarType.STRING && !scalar.value().isBlank())) {
            fields.problem(type.get().line(), "reply type must be a non-empty string, not " + type.get().kind());
            return Optional.empty();
        }
        return type.flatMap(ignored -> templated(mapping.get(), "reply", fields))
                .map(reply -> new Block.Verbatim(reply, false, line));
    }

    private static Optional<ObjectNode> templated(YNode.Mapping mapping, String what, Fields fields) {
        JsonNode json = YamlTree.toJson(mapping);
        int before = fields.count();
        JsonTemplates.check(json, message -> fields.problem(mapping.line(), "bad template in " + what + ": "
                + message));
        return fields.count() > before ? Optional.empty() : Optional.of((ObjectNode) json);
    }
}
