package dev.parley.bot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed reading of source nodes for one place in the scenario (a state's block, or the top level):
 * each reader answers the value, or reports a problem pointing at the node and answers empty, so
 * reading goes on and every problem is found in one pass. Not thread-safe: one per place.
 */
final class Fields {

    static final Pattern STATE_PATH = Pattern.compile("(/[^/\\s]+)+");

    private final ProblemList problems;
    private final String state;
    private final int block;

    Fields(ProblemList problems, String state, int block) {
        this.problems = problems;
        this.state = state;
        this.block = block;
    }

    /** How many problems the whole compilation has found so far, to tell whether a reader added one. */
    int count() {
        return problems.size();
    }

    void problem(int line, String message) {
        problems.add(state, block, line, message);
    }

    Optional<YNode.Mapping> mapping(YNode node, String what) {
        if (node instanceof YNode.Mapping mapping) {
            return Optional.of(mapping);
        }
        problem(node.line(), what + " must be a mapping, not " + node.kind());
        return Optional.empty();
    }

    /** Any scalar but an empty one, as its text: YAML's numbers and booleans are fine as strings. */
    Optional<String> string(YNode node, String what) {
        if (node instanceof YNode.Scalar scalar && !scalar.isNull()) {
            return Optional.of(scalar.value());
        }
        problem(node.line(), what + " must be a string, not " + node.kind());
        return Optional.empty();
    }

    Optional<String> nonBlank(YNode node, String what) {
        Optional<String> text = string(node, what);
        if (text.isPresent() && text.get().isBlank()) {
            problem(node.line(), what + " must not be empty");
            return Optional.empty();
        }
        return text;
    }

    /** A state path such as {@code /Order/Check}; whether it exists is checked once all states are known. */
    Optional<String> target(YNode node, String what) {
        Optional<String> path = string(node, what);
        if (path.isPresent() && !STATE_PATH.matcher(path.get()).matches()) {
            problem(node.line(), what + " '" + path.get() + "' is not a state path such as /Order");
            return Optional.empty();
        }
        return path;
    }

    /** A list of strings; a single string counts as a list of one. */
    Optional<List<String>> strings(YNode node, String what) {
        List<YNode> items = node instanceof YNode.Sequence sequence ? sequence.items() : List.of(node);
        List<String> values = new ArrayList<>();
        boolean ok = true;
        for (YNode item : items) {
            Optional<String> value = string(item, what + " item");
            value.ifPresent(values::add);
            ok &= value.isPresent();
        }
        return ok ? Optional.of(values) : Optional.empty();
    }

    Optional<Template> template(YNode node, String what) {
        return string(node, what).flatMap(text -> template(text, node.line(), what));
    }

    Optional<Template> template(String text, int line, String what) {
        try {
            return Optional.of(Template.parse(text));
        } catch (IllegalArgumentException e) {
            problem(line, "bad template in " + what + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    Optional<VarPath> variable(YNode node, String what) {
        return string(node, what).flatMap(name -> {
            try {
                return Optional.of(VarPath.parse(name));
            } catch (IllegalArgumentException e) {
                problem(node.line(), what + ": " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    Optional<Duration> duration(YNode node, String what) {
        return string(node, what).flatMap(text -> {
            try {
                return Optional.of(Durations.parse(text));
            } catch (IllegalArgumentException e) {
                problem(node.line(), "bad duration in " + what + ": " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    Optional<Boolean> bool(YNode node, String what) {
        if (node instanceof YNode.Scalar scalar && scalar.type() == YNode.ScalarType.BOOLEAN) {
            return Optional.of(Boolean.parseBoolean(scalar.value()));
        }
        problem(node.line(), what + " must be true or false, not " + node.kind());
        return Optional.empty();
    }

    /** Reports keys outside {@code allowed}; answers whether every key was known. */
    boolean onlyKnownKeys(YNode.Mapping mapping, String what, Set<String> allowed) {
        boolean ok = true;
        for (YNode.Entry entry : mapping.entries()) {
            if (!allowed.contains(entry.key())) {
                problem(entry.line(), "unknown field '" + entry.key() + "' in " + what
                        + " (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                ok = false;
            }
        }
        return ok;
    }

    /** The value of a required key, or a problem at the mapping naming the missing key. */
    Optional<YNode> required(YNode.Mapping mapping, String key, String what) {
        Optional<YNode> value = mapping.find(key);
        if (value.isEmpty()) {
            problem(mapping.line(), what + " needs '" + key + "'");
        }
        return value;
    }
}
