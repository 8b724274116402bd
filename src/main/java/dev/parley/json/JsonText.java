package dev.parley.json;

/** Exact edits of JSON text that a parser has already accepted: nothing is re-serialized. Stateless. */
public final class JsonText {

    private JsonText() {
    }

    /**
     * The text without the whitespace between tokens, so it fits on one line (an SSE {@code data:} line), while
     * keys, their order, escapes and the digits of every number stay as the client wrote them.
     *
     * @param json valid JSON text
     */
    public static String compact(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (inString) {
                escaped = c == '\\';
                inString = c != '"';
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                continue;
            } else {
                inString = c == '"';
            }
            out.append(c);
        }
        return out.toString();
    }
}
