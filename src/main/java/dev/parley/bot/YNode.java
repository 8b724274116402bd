package dev.parley.bot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node of the scenario source (YAML or JSON) that remembers its 1-based line, so every validation
 * problem can point at where it is. Scalars keep their text even when YAML would read them as
 * booleans or numbers, so a button labelled {@code No} stays the string "No".
 */
sealed interface YNode {

    int line();

    /** Names the node's kind for messages such as "text must be a string, not a list". */
    String kind();

    enum ScalarType { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

    record Scalar(String value, ScalarType type, int line) implements YNode {
        public Scalar {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String kind() {
            return switch (type) {
                case STRING -> "a string";
                case INTEGER, DECIMAL -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "empty";
            };
        }

        boolean isNull() {
            return type == ScalarType.NULL;
        }
    }

    record Sequence(List<YNode> items, int line) implements YNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    record Mapping(List<Entry> entries, int line) implements YNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        @Override
        public String kind() {
            return "a mapping";
        }

        Optional<YNode> find(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).map(Entry::value).findFirst();
        }
    }

    record Entry(String key, int line, YNode value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }
}
