package dev.parley.bot;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Supplier;

/**
 * Parses {@code if} conditions. A real tokenizer and recursive-descent parser rather than a script
 * engine, so a scenario can only compare and combine values, never run code:
 * <pre>
 * or         := and ('||' and)*
 * and        := comparison ('&&' comparison)*
 * comparison := unary (('=='|'!='|'<'|'<='|'>'|'>=') unary)?
 * unary      := '!' unary | primary
 * primary    := number | 'text' | "text" | true | false | null | path | '(' or ')'
 * </pre>
 * One instance parses one expression; not thread-safe (use {@link #parse(String)}).
 */
final class ExpressionParser {

    private static final int MAX_LENGTH = 1000;
    private static final int MAX_DEPTH = 32;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String source;
    private final List<ExpressionTokenizer.Token> tokens;
    private int position;
    private int depth;

    private ExpressionParser(String source) {
        this.source = source;
        this.tokens = ExpressionTokenizer.tokenize(source);
    }

    /** Parses an expression; throws {@link IllegalArgumentException} saying what is wrong and where. */
    static Expression parse(String source) {
        if (source.isBlank()) {
            throw new IllegalArgumentException("the condition is empty");
        }
        if (source.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the condition is longer than " + MAX_LENGTH + " characters");
        }
        ExpressionParser parser = new ExpressionParser(source);
        Expression expression = parser.or();
        if (parser.peek().type() != ExpressionTokenizer.Type.END) {
            throw parser.error("unexpected '" + parser.peek().text() + "'");
        }
        return expression;
    }

    private Expression or() {
        Expression left = and();
        while (accept("||")) {
            left = new Expression.Binary(Expression.Operator.OR, left, and());
        }
        return left;
    }

    private Expression and() {
        Expression left = comparison();
        while (accept("&&")) {
            left = new Expression.Binary(Expression.Operator.AND, left, comparison());
        }
        return left;
    }

    private Expression comparison() {
        Expression left = unary();
        ExpressionTokenizer.Token token = peek();
        Expression.Operator operator = token.type() == ExpressionTokenizer.Type.OPERATOR ? comparator(token.text()) : null;
        if (operator == null) {
            return left;
        }
        position++;
        return new Expression.Binary(operator, left, unary());
    }

    private static Expression.Operator comparator(String text) {
        return switch (text) {
            case "==" -> Expression.Operator.EQ;
            case "!=" -> Expression.Operator.NE;
            case "<" -> Expression.Operator.LT;
            case "<=" -> Expression.Operator.LE;
            case ">" -> Expression.Operator.GT;
            case ">=" -> Expression.Operator.GE;
            default -> null;
        };
    }

    private Expression unary() {
        if (accept("!")) {
            return nested(() -> new Expression.Not(unary()));
        }
        return primary();
    }

    private Expression primary() {
        ExpressionTokenizer.Token token = peek();
        position++;
        return switch (token.type()) {
            case NUMBER -> new Expression.Constant(JSON.numberNode(new BigDecimal(token.text())));
            case STRING -> new Expression.Constant(JSON.textNode(token.text()));
            case NAME -> name(token);
            case OPERATOR -> {
                if (!token.text().equals("(")) {
                    position--;
                    throw error("expected a value before '" + token.text() + "'");
                }
                Expression inner = nested(this::or);
                if (!accept(")")) {
                    throw error("missing ')'");
                }
                yield inner;
            }
            case END -> {
                position--;
                throw error("the condition ends where a value was expected");
            }
        };
    }

    private Expression name(ExpressionTokenizer.Token token) {
        return switch (token.text()) {
            case "true" -> new Expression.Constant(JSON.booleanNode(true));
            case "false" -> new Expression.Constant(JSON.booleanNode(false));
            case "null" -> new Expression.Constant(JSON.nullNode());
            default -> new Expression.Variable(VarPath.parse(token.text()));
        };
    }

    private Expression nested(Supplier<Expression> inner) {
        if (++depth > MAX_DEPTH) {
            throw error("the condition is nested too deeply");
        }
        Expression expression = inner.get();
        depth--;
        return expression;
    }

    private boolean accept(String operator) {
        ExpressionTokenizer.Token token = peek();
        if (token.type() == ExpressionTokenizer.Type.OPERATOR && token.text().equals(operator)) {
            position++;
            return true;
        }
        return false;
    }

    private ExpressionTokenizer.Token peek() {
        return tokens.get(Math.min(position, tokens.size() - 1));
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " at position " + (peek().offset() + 1) + " of \"" + source + "\"");
    }
}
