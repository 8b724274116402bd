package dev.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses scenario text into {@link YNode}s. SnakeYAML (the parser jackson-dataformat-yaml bundles)
 * is used at the node level because its marks carry line numbers; JSON is valid YAML, so one parser
 * serves both. Stateless and thread-safe.
 */
final class YamlTree {

    /** Deeper than any sensible scenario; stops alias cycles and pathological nesting. */
    private static final int MAX_DEPTH = 40;

    /**
     * More nodes than any sensible scenario has. Aliases are expanded, so a few bytes of nested aliases (a "billion
     * laughs" document) would otherwise expand into billions of nodes.
     */
    static final int MAX_NODES = 200_000;

    /**
     * Characters of scalar text a scenario may expand to: aliases of one long string would otherwise multiply it
     * (a scenario upload is at most 2 MiB).
     */
    static final long MAX_CHARS = 8L * 1024 * 1024;

    /** The nodes and characters a conversion may still make; reports once when they run out. */
    private static final class Budget {
        private final ProblemList problems;
        private int nodesLeft = MAX_NODES;
        private long charsLeft = MAX_CHARS;
        private boolean exhausted;

        Budget(ProblemList problems) {
            this.problems = problems;
        }

        /** Takes one node of {@code chars} characters; false (the problem reported once) when that is too much. */
        boolean take(int line, int chars) {
            if (exhausted) {
                return false;
            }
            nodesLeft--;
            charsLeft -= chars;
            if (nodesLeft < 0 || charsLeft < 0) {
                exhausted = true;
                problems.add(line, "the scenario expands to more than " + MAX_NODES + " values or " + MAX_CHARS
                        + " characters (through YAML aliases?); it is too large");
                return false;
            }
            return true;
        }
    }

    private YamlTree() {
    }

    /** The document's root, or empty (with a problem added) when the text is not valid YAML. */
    static Optional<YNode> parse(String source, ProblemList problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(MAX_DEPTH);
        try {
            Node root = new Yaml(options).compose(new StringReader(source));
            if (root == null) {
                problems.add(1, "the scenario is empty");
                return Optional.empty();
            }
            Budget budget = new Budget(problems);
            YNode tree = convert(root, problems, budget, 0);
            return budget.exhausted ? Optional.empty() : Optional.of(tree);
        } catch (MarkedYAMLException e) {
            problems.add(lineOf(e), "YAML syntax error: " + describe(e));
        } catch (YAMLException e) {
            problems.add(0, "YAML syntax error: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static YNode convert(Node node, ProblemList problems, Budget budget, int depth) {
        int line = node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        if (!budget.take(line, node instanceof ScalarNode scalar ? scalar.getValue().length() : 0)) {
            return new YNode.Scalar("", YNode.ScalarType.NULL, line);
        }
        if (depth > MAX_DEPTH) {
            problems.add(line, "the scenario is nested too deeply");
            return new YNode.Scalar("", YNode.ScalarType.NULL, line);
        }
        return switch (node) {
            case ScalarNode scalar -> new YNode.Scalar(scalar.getValue(), typeOf(scalar), line);
            case SequenceNode sequence -> new YNode.Sequence(sequence.getValue().stream()
                    .map(item -> convert(item, problems, budget, depth + 1)).toList(), line);
            case MappingNode mapping -> convertMapping(mapping, problems, budget, depth, line);
            default -> new YNode.Scalar("", YNode.ScalarType.NULL, line);
        };
    }

    private static YNode convertMapping(MappingNode mapping, ProblemList problems, Budget budget, int depth,
            int line) {
        List<YNode.Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            int keyLine = tuple.getKeyNode().getStartMark().getLine() + 1;
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problems.add(keyLine, "a key must be a plain string");
                continue;
            }
            if (!seen.add(key.getValue())) {
                problems.add(keyLine, "duplicate key " + key.getValue());
                continue;
            }
            entries.add(new YNode.Entry(key.getValue(), keyLine,
                    convert(tuple.getValueNode(), problems, budget, depth + 1)));
        }
        return new YNode.Mapping(entries, line);
    }

    private static YNode.ScalarType typeOf(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        String value = scalar.getValue();
        if (Tag.INT.equals(tag)) {
            return YNode.ScalarType.INTEGER;
        }
        if (Tag.FLOAT.equals(tag)) {
            return YNode.ScalarType.DECIMAL;
        }
        if (Tag.NULL.equals(tag)) {
            return YNode.ScalarType.NULL;
        }
        // YAML 1.1 also reads yes/no/on/off as booleans; only true/false are booleans here.
        if (Tag.BOOL.equals(tag) && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))) {
            return YNode.ScalarType.BOOLEAN;
        }
        return YNode.ScalarType.STRING;
    }

    /** The node as plain JSON, for literals such as {@code set} values, test {@code data} and bodies. */
    static JsonNode toJson(YNode node) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (node) {
            case YNode.Scalar scalar -> scalarToJson(scalar);
            case YNode.Sequence sequence -> {
                ArrayNode array = json.arrayNode();
                sequence.items().forEach(item -> array.add(toJson(item)));
                yield array;
            }
            case YNode.Mapping mapping -> {
                ObjectNode object = json.objectNode();
                mapping.entries().forEach(entry -> object.set(entry.key(), toJson(entry.value())));
                yield object;
            }
        };
    }

    private static JsonNode scalarToJson(YNode.Scalar scalar) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        String text = scalar.value().replace("_", "");
        try {
            return switch (scalar.type()) {
                case STRING -> json.textNode(scalar.value());
                case INTEGER -> integer(new BigInteger(text));
                case DECIMAL -> json.numberNode(new BigDecimal(text));
                case BOOLEAN -> json.booleanNode(Boolean.parseBoolean(text));
                case NULL -> json.nullNode();
            };
        } catch (NumberFormatException e) {
            // YAML 1.1 spellings such as 0x1F or .inf: keep the text rather than guess.
            return json.textNode(scalar.value());
        }
    }

    private static JsonNode integer(BigInteger value) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (value.bitLength() < Integer.SIZE) {
            return json.numberNode(value.intValue());
        }
        return value.bitLength() < Long.SIZE ? json.numberNode(value.longValue()) : json.numberNode(value);
    }

    private static int lineOf(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        return mark == null ? 0 : mark.getLine() + 1;
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        return (context.isEmpty() ? problem : context + ", " + problem).replaceAll("\\s+", " ").trim();
    }
}
