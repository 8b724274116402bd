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
        if (reply instanceof Reply.Text text) {
            int room = MAX_TEXT_CHARS - textChars;
            if (room <= 0) {
                warn("more than " + MAX_TEXT_CHARS + " characters of text");
                return;
            }
            if (text.text().length() > room) {
                warn("more than " + MAX_TEXT_CHARS + " characters of text");
                reply = new Reply.Text(text.text().substring(0, room), text.markup(), text.tts(), text.state());
            }
            textChars += Math.min(room, text.text().length());
        }
        replies.add(reply);
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
