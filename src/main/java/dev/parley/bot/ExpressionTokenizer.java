package dev.parley.bot;

import java.util.ArrayList;
import java.util.List;

/** Splits an {@code if} condition into tokens. Stateless. */
final class ExpressionTokenizer {

    enum Type { NUMBER, STRING, NAME, OPERATOR, END }

    /** {@code offset} is the token's 0-based position in the source, for error messages. */
    record Token(Type type, String text, int offset) {
    }

    private static final List<String> OPERATORS = List.of("==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")");

    private ExpressionTokenizer() {
    }

    /** The tokens, ending with an END token; throws {@link IllegalArgumentException} on a bad character. */
    static List<Token> tokenize(String source) {
        List<Token> tokens = new ArrayList<>();
        int at = 0;
        while (at < source.length()) {
            char c = source.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
            } else if (Character.isDigit(c) || (c == '-' && startsNumber(source, at, tokens))) {
                at = number(source, at, tokens);
            } else if (c == '\'' || c == '"') {
                at = string(source, at, tokens);
            } else if (Character.isLetter(c) || c == '_') {
                at = name(source, at, tokens);
            } else {
                at = operator(source, at, tokens);
            }
        }
        tokens.add(new Token(Type.END, "end", source.length()));
        return tokens;
    }

    /** A minus is a sign only where a value is expected, so {@code a -1} is not silently accepted. */
    private static boolean startsNumber(String source, int at, List<Token> tokens) {
        boolean valueExpected = tokens.isEmpty() || (tokens.getLast().type() == Type.OPERATOR
                && !tokens.getLast().text().equals(")"));
        return valueExpected && at + 1 < source.length() && Character.isDigit(source.charAt(at + 1));
    }

    private static int number(String source, int start, List<Token> tokens) {
        int at = start + 1;
        while (at < source.length() && (Character.isDigit(source.charAt(at)) || source.charAt(at) == '.')) {
            at++;
        }
        String text = source.substring(start, at);
        if (!text.matches("-?\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("bad number '" + text + "' at position " + (start + 1));
        }
        tokens.add(new Token(Type.NUMBER, text, start));
        return at;
    }

    private static int string(String source, int start, List<Token> tokens) {
        char quote = source.charAt(start);
        StringBuilder text = new StringBuilder();
        int at = start + 1;
        while (at < source.length() && source.charAt(at) != quote) {
            if (source.charAt(at) == '\\' && at + 1 < source.length()) {
                at++;
            }
            text.append(source.charAt(at++));
        }
        if (at >= source.length()) {
            throw new IllegalArgumentException("unclosed string starting at position " + (start + 1));
        }
        tokens.add(new Token(Type.STRING, text.toString(), start));
        return at + 1;
    }

    private static int name(String source, int start, List<Token> tokens) {
        int at = start;
        while (at < source.length() && isNamePart(source.charAt(at))) {
            at++;
        }
        tokens.add(new Token(Type.NAME, source.substring(start, at), start));
        return at;
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '[' || c == ']';
    }

    private static int operator(String source, int start, List<Token> tokens) {
        for (String operator : OPERATORS) {
            if (source.startsWith(operator, start)) {
                tokens.add(new Token(Type.OPERATOR, operator, start));
                return start + operator.length();
            }
        }
        String hint = source.charAt(start) == '=' ? " (use == to compare)" : "";
        throw new IllegalArgumentException("unexpected '" + source.charAt(start) + "' at position " + (start + 1) + hint);
    }
}
