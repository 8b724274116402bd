package dev.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with {@code {{var}}}, {@code {{a.b}}} and {@code {{var | default: 'x'}}} placeholders,
 * parsed once at compile time. Immutable and thread-safe.
 */
record Template(String source, List<Part> parts) {

    private static final Pattern DEFAULT = Pattern.compile(
            "default\\s*:\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\"|([^'\"\\s]+))");

    sealed interface Part {
    }

    record Literal(String text) implements Part {
    }

    /** {@code fallback} is null when the placeholder has no {@code default}. */
    record Placeholder(VarPath path, String fallback) implements Part {
    }

    Template {
        parts = List.copyOf(parts);
    }

    /** Parses a template; throws {@link IllegalArgumentException} describing the first bad placeholder. */
    static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < source.length()) {
            int open = source.indexOf("{{", at);
            if (open < 0) {
                parts.add(new Literal(source.substring(at)));
                break;
            }
            int close = source.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("'{{' without a closing '}}' in \"" + source + "\"");
            }
            if (open > at) {
                parts.add(new Literal(source.substring(at, open)));
            }
            parts.add(placeholder(source.substring(open + 2, close)));
            at = close + 2;
        }
        return new Template(source, parts);
    }

    private static Placeholder placeholder(String inside) {
        int bar = inside.indexOf('|');
        if (bar < 0) {
            return new Placeholder(VarPath.parse(inside), null);
        }
        Matcher matcher = DEFAULT.matcher(inside.substring(bar + 1).strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'{{" + inside + "}}': the only filter is default: 'value'");
        }
        String fallback = matcher.group(1) != null ? matcher.group(1)
                : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
        return new Placeholder(VarPath.parse(inside.substring(0, bar)), fallback.replaceAll("\\\\(.)", "$1"));
    }

    String render(Scope scope) {
        return render(scope, UnaryOperator.identity());
    }

    /** Renders with each substituted value passed through {@code escape} (for URLs), literals as they are. */
    String render(Scope scope, UnaryOperator<String> escape) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Literal literal -> out.append(literal.text());
                case Placeholder placeholder -> out.append(escape.apply(valueText(placeholder, scope)));
            }
        }
        return out.toString();
    }

    /**
     * A template that is exactly one placeholder yields the variable's own JSON value (a number stays
     * a number); anything else yields the rendered text.
     */
    JsonNode renderValue(Scope scope) {
        if (parts.size() == 1 && parts.getFirst() instanceof Placeholder placeholder) {
            JsonNode value = scope.lookup(placeholder.path());
            if (!Scope.isBlank(value) || placeholder.fallback() == null) {
                return value.isMissingNode() ? JsonNodeFactory.instance.nullNode() : value.deepCopy();
            }
        }
        return JsonNodeFactory.instance.textNode(render(scope));
    }

    private static String valueText(Placeholder placeholder, Scope scope) {
        JsonNode value = scope.lookup(placeholder.path());
        if (placeholder.fallback() != null && Scope.isBlank(value)) {
            return placeholder.fallback();
        }
        return Scope.asText(value);
    }
}
