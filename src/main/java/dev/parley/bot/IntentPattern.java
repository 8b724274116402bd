package dev.parley.bot;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code intent.patterns} entry. Plain patterns compare words case- and punctuation-insensitively;
 * a lone {@code *} stands for any words (zero or more) and a {@code *} inside a word for any text, so
 * {@code hello*} matches "hello", "hellooo" and "hello there". {@code re:} patterns are Java regular
 * expressions matched against the whole trimmed text, case-insensitively.
 *
 * <p>A client's text is hostile input. Plain patterns are matched in time linear in the text and the pattern,
 * without recursion, however long the text. A {@code re:} pattern that backtracks too long (more than
 * {@link #REGEX_STEPS} characters read) or too deep on a long text does not match, rather than stalling or failing
 * the turn. Immutable and thread-safe.
 */
record IntentPattern(String source, Pattern regex, String glob) {

    /** Characters a {@code re:} pattern may read in one match: linear patterns read each a few times at most. */
    static final long REGEX_STEPS = 5_000_000;

    private static final System.Logger LOG = System.getLogger(IntentPattern.class.getName());
    private static final String REGEX_PREFIX = "re:";
    private static final Pattern APOSTROPHES = Pattern.compile("['’`]");
    /** In a compiled glob: any text, possibly empty (a star inside a word). */
    private static final char ANY = '\u0001';
    /** In a compiled glob: zero or more whole words, each with its leading space (a lone star). */
    private static final char WORDS = '\u0002';

    /** Parses a pattern; throws {@link IllegalArgumentException} (or its PatternSyntaxException) when bad. */
    static IntentPattern parse(String source) {
        if (source.startsWith(REGEX_PREFIX)) {
            String regex = source.substring(REGEX_PREFIX.length());
            return new IntentPattern(source, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                    "");
        }
        String words = normalize(source, true);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("pattern \"" + source + "\" has no words");
        }
        return new IntentPattern(source, null, glob(words));
    }

    boolean matches(String text) {
        return regex != null ? regexMatches(text.strip()) : globMatches(glob, " " + normalize(text, false) + " ");
    }

    private boolean regexMatches(String text) {
        return boundedMatches(regex, text);
    }

    /**
     * Whether a scenario author's regular expression matches the whole of a client's text, giving up (false, logged)
     * when it backtracks past {@link #REGEX_STEPS} characters read or too deep for the stack.
     */
    static boolean boundedMatches(Pattern regex, String text) {
        try {
            return regex.matcher(new Bounded(text)).matches();
        } catch (Bounded.TooLong | StackOverflowError e) {
            LOG.log(System.Logger.Level.WARNING, () -> "Pattern " + regex.pattern() + " gave up on a text of "
                    + text.length() + " characters (too much backtracking); it does not match");
            return false;
        }
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

    /**
     * Compiles normalized pattern words for matching against {@code " " + text + " "}: each word brings its
     * leading space, so a lone star can stand for no words at all.
     */
    private static String glob(String words) {
        StringBuilder glob = new StringBuilder();
        for (String word : words.split(" ")) {
            if (word.chars().allMatch(c -> c == '*')) {
                glob.append(WORDS);
            } else {
                glob.append(' ').append(word.replace('*', ANY));
            }
        }
        return glob.append(' ').toString();
    }

    /**
     * Whether the normalized, space-framed text matches the glob. Keeps the set of text positions each prefix of
     * the glob can end at, one glob character at a time: O(glob × text) time, no backtracking, no recursion.
     */
    static boolean globMatches(String glob, String text) {
        int n = text.length();
        boolean[] at = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        at[0] = true;
        for (int g = 0; g < glob.length(); g++) {
            char c = glob.charAt(g);
            boolean any = false;
            boolean wordStart = false;
            boolean alive = false;
            for (int i = 0; i <= n; i++) {
                if (c == ANY) {
                    any |= at[i];
                    next[i] = any;
                } else if (c == WORDS) {
                    // no words, or " w1 w2 …": i is reached from a reachable space before it, when text[i-1] is
                    // not a space (the glob's next character, a space, then makes i the end of a word)
                    next[i] = at[i] || (wordStart && text.charAt(i - 1) != ' ');
                    wordStart |= at[i] && i < n && text.charAt(i) == ' ';
                } else {
                    next[i] = i > 0 && at[i - 1] && text.charAt(i - 1) == c;
                }
                alive |= next[i];
            }
            if (!alive) {
                return false;
            }
            boolean[] done = at;
            at = next;
            next = done;
        }
        return at[n];
    }

    /** The text a {@code re:} pattern reads, counting its reads so that runaway backtracking ends. */
    private static final class Bounded implements CharSequence {

        /** Thrown when the pattern read more than {@link #REGEX_STEPS} characters. */
        static final class TooLong extends RuntimeException {
            TooLong() {
                super("regular expression backtracked too long", null, false, false);
            }
        }

        private final String text;
        private final long[] reads;
        private final int offset;
        private final int length;

        Bounded(String text) {
            this(text, new long[1], 0, text.length());
        }

        private Bounded(String text, long[] reads, int offset, int length) {
            this.text = text;
            this.reads = reads;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public char charAt(int index) {
            if (++reads[0] > REGEX_STEPS) {
                throw new TooLong();
            }
            return text.charAt(offset + index);
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Bounded(text, reads, offset + start, end - start);
        }

        @Override
        public String toString() {
            return text.substring(offset, offset + length);
        }
    }
}
