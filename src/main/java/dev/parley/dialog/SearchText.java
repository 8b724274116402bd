package dev.parley.dialog;

import dev.parley.http.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a user typed into the search box, as words: the runs of letters and digits, as both databases' tokenizers
 * read them, every one of which a message must contain (in some form). Words are never passed on as query syntax:
 * SQLite gets each as a quoted string, PostgreSQL all of them for {@code plainto_tsquery}. So {@code "}, {@code *} or
 * {@code NEAR(} in the text are searched for as text, never obeyed.
 *
 * @param words the runs of letters, digits and marks in the text
 */
public record SearchText(List<String> words) {

    static final int MAX_LENGTH = 500;
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}\\p{M}]+");

    public SearchText {
        words = List.copyOf(words);
    }

    /** The words of {@code text}; none, or a text over {@link #MAX_LENGTH} characters, is a 400 naming it. */
    public static SearchText parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw ApiException.BadRequest.admin("text must be at most " + MAX_LENGTH + " characters");
        }
        List<String> words = Arrays.stream(SEPARATORS.split(text))
                .filter(w -> w.codePoints().anyMatch(Character::isLetterOrDigit)).toList();
        if (words.isEmpty()) {
            throw ApiException.BadRequest.admin("text must contain a word to search for");
        }
        return new SearchText(words);
    }

    /** An FTS5 query for messages with every word, each quoted so that nothing in it is syntax. */
    String fts5() {
        StringBuilder query = new StringBuilder("text : (");
        for (int i = 0; i < words.size(); i++) {
            query.append(i == 0 ? "" : " ").append('"').append(words.get(i).replace("\"", "\"\"")).append('"');
        }
        return query.append(')').toString();
    }

    /** {@link #fts5()} for the messages of one channel only. */
    String fts5(long channelId) {
        return "channel : \"c" + channelId + "\" AND " + fts5();
    }

    /** The words for {@code plainto_tsquery}, which reads its argument as plain text. */
    String plain() {
        return String.join(" ", words);
    }
}
