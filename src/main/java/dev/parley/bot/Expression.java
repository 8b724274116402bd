package dev.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The syntax tree of an {@code if} condition (see {@link ExpressionParser} for the grammar). Values
 * are JSON nodes. Comparisons are numeric when both sides read as numbers — text captured by
 * {@code input} such as "150" counts — and textual otherwise, because bot variables are mostly text.
 * Immutable and thread-safe.
 */
sealed interface Expression {

    JsonNode evaluate(Scope scope);

    default boolean test(Scope scope) {
        return truthy(evaluate(scope));
    }

    enum Operator { EQ, NE, LT, LE, GT, GE, AND, OR }

    record Constant(JsonNode value) implements Expression {
        @Override
        public JsonNode evaluate(Scope scope) {
            return value;
        }
    }

    record Variable(VarPath path) implements Expression {
        @Override
        public JsonNode evaluate(Scope scope) {
            JsonNode value = scope.lookup(path);
            return value.isMissingNode() ? NullNode.getInstance() : value;
        }
    }

    record Not(Expression operand) implements Expression {
        @Override
        public JsonNode evaluate(Scope scope) {
            return BooleanNode.valueOf(!operand.test(scope));
        }
    }

    record Binary(Operator operator, Expression left, Expression right) implements Expression {
        public Binary {
            Objects.requireNonNull(operator, "operator");
        }

        @Override
        public JsonNode evaluate(Scope scope) {
            return BooleanNode.valueOf(switch (operator) {
                case AND -> left.test(scope) && right.test(scope);
                case OR -> left.test(scope) || right.test(scope);
                case EQ -> same(left.evaluate(scope), right.evaluate(scope));
                case NE -> !same(left.evaluate(scope), right.evaluate(scope));
                default -> ordered(operator, left.evaluate(scope), right.evaluate(scope));
            });
        }
    }

    static boolean truthy(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.decimalValue().signum() != 0;
        }
        return value.isTextual() ? !value.asText().isEmpty() : !value.isEmpty();
    }

    private static boolean same(JsonNode left, JsonNode right) {
        Optional<BigDecimal> a = Numbers.of(left);
        Optional<BigDecimal> b = Numbers.of(right);
        if (a.isPresent() && b.isPresent()) {
            return a.get().compareTo(b.get()) == 0;
        }
        if (left.isNull() || right.isNull()) {
            return left.isNull() && right.isNull();
        }
        return Scope.asText(left).equals(Scope.asText(right));
    }

    private static boolean ordered(Operator operator, JsonNode left, JsonNode right) {
        Optional<BigDecimal> a = Numbers.of(left);
        Optional<BigDecimal> b = Numbers.of(right);
        int comparison;
        if (a.isPresent() && b.isPresent()) {
            comparison = a.get().compareTo(b.get());
        } else if (left.isTextual() && right.isTextual()) {
            comparison = left.asText().compareTo(right.asText());
        } else {
            return false;
        }
        return switch (operator) {
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
            case GT -> comparison > 0;
            case GE -> comparison >= 0;
            default -> throw new IllegalStateException("not an ordering operator: " + operator);
        };
    }

    /** Reads numbers, and text that is exactly a decimal number, as numbers. */
    final class Numbers {
        private static final Pattern DECIMAL = Pattern.compile("\\s*-?\\d{1,30}(\\.\\d{1,30})?\\s*");

        private Numbers() {
        }

        static Optional<BigDecimal> of(JsonNode value) {
            if (value.isNumber()) {
                return Optional.of(value.decimalValue());
            }
            if (value.isTextual() && DECIMAL.matcher(value.asText()).matches()) {
                return Optional.of(new BigDecimal(value.asText().strip()));
            }
            return Optional.empty();
        }
    }
}
