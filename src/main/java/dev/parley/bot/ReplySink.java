package dev.parley.bot;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects one turn's replies within the Chat API's limits: at most 100 replies and 50,000
 * characters of text. Past them, text is truncated and replies dropped, with one warning per turn,
 * so a runaway script still answers. Confined to one turn.
 */
final class ReplySink {

    static final int MAX_REPLIES = 100;
    static final int MAX_TEXT_CHARS = 50_000;
    private static final System.Logger LOG = System.getLogger(ReplySink.class.getName());

    private final List<Reply> replies = new ArrayList<>();
    private int textChars;
    private boolean warned;

    void add(Reply reply) {
        if (replies.size() >= MAX_REPLIES) {
            warn("more than " + MAX_REPLIES + " replies");
            return;
        }
        String text = reply.answerText().orElse(null);
        if (text != null) {
            int room = MAX_TEXT_CHARS - textChars;
            if (room <= 0) {
                warn("more than " + MAX_TEXT_CHARS + " characters of text");
                return;
            }
            if (text.length() > room) {
                warn("more than " + MAX_TEXT_CHARS + " characters of text");
                reply = truncated(reply, text.substring(0, room));
            }
            textChars += Math.min(room, text.length());
        }
        replies.add(reply);
    }

    /** The same text reply with only {@code text} as its text (an external bot's reply keeps its other fields). */
    private static Reply truncated(Reply reply, String text) {
        return switch (reply) {
            case Reply.Text t -> new Reply.Text(text, t.markup(), t.tts(), t.state());
            case Reply.Custom custom -> new Reply.Custom(custom.json().put("text", text), custom.state());
            default -> reply;
        };
    }

    List<Reply> replies() {
        return List.copyOf(replies);
    }

    private void warn(String what) {
        if (!warned) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, "a bot turn produced " + what + "; the rest is left out");
        }
    }
}
