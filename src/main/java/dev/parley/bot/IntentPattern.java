package dev.parley.bot;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code intent.patterns} entry. Plain patterns compare words case- and punctuation-insensitively;
 * a lone {@code *} stands for any words (zero or more) and a {@code *} inside a word for any text, so
 * {@code hello*} matches "hello", "hellooo" and "hello there". {@code re:} patterns are Java regular
 * expressions matched against the whole trimmed text, case-insensitively. Immutable and thread-safe.
 */
record IntentPattern(String source, Pattern regex, boolean raw) {

    private static final String REGEX_PREFIX = "re:";
    private static final Pattern APOSTROPHES = Pattern.compile("['’`]");

    /** Parses a pattern; throws {@link IllegalArgumentException} (or its PatternSyntaxException) when bad. */
    static IntentPattern parse(String source) {
        if (source.startsWith(REGEX_PREFIX)) {
            String regex = source.substring(REGEX_PREFIX.length());
            return new IntentPattern(source, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), true);
        }
        String words = normalize(source, true);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("pattern \"" + source + "\" has no words");
        }
        return new IntentPattern(source, Pattern.compile(glob(words)), false);
    }

    boolean matches(String text) {
        return raw ? regex.matcher(text.strip()).matches() : regex.matcher(" " + normalize(text, false) + " ").matches();
    }

    /**
     * Lower-cases, drops apostrophes ("where's" → "wheres") and turns other punctuation into spaces,
     * so "Hello, world!!" and "hello world" compare equal. Patterns keep their {@code *}.
     */
    static String normalize(String text, boolean keepStars) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        folded = APOSTROPHES.matcher(folded).replaceAll("");
        StringBuilder out = new StringBuilder(folded.length());
        folded.codePoints().forEach(c -> out.appendCodePoint(
                Character.isLetterOrDigit(c) || (keepStars && c == '*') ? c : ' '));
        return out.toString().strip().replaceAll("\\s+", " ");
    }

    /** Matched against " " + text + " ": each word brings its leading space, so a lone * can be empty. */
    private static String glob(String words) {
        StringBuilder regex = new StringBuilder();
        for (String word : words.split(" ")) {
            if (word.chars().allMatch(c -> c == '*')) {
                regex.append("(?: \\S+)*");
            } else {
                regex.append(' ').append(String.join(".*", quoteParts(word)));
            }
        }
        return regex.append(' ').toString();
    }

    private static String[] quoteParts(String word) {
        String[] parts = word.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].isEmpty() ? "" : Pattern.quote(parts[i]);
        }
        return parts;
    }
}
