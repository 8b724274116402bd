package dev.parley.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Told, after the commit, of every change to a hand-off and every message in one; the agents' live stream. */
public interface HandoffListener {

    HandoffListener NONE = new HandoffListener() {
        @Override
        public void changed(HandoffView handoff) {
        }

        @Override
        public void message(HandoffView handoff, ObjectNode historyItem) {
        }

        @Override
        public void clientTyping(HandoffView handoff) {
        }
    };

    /** The hand-off was queued, accepted or closed. */
    void changed(HandoffView handoff);

    /** A message was added: the client's, or an agent's; {@code historyItem} has the client history's shape. */
    void message(HandoffView handoff, ObjectNode historyItem);

    /** The client of an open hand-off is typing; nothing is stored. */
    void clientTyping(HandoffView handoff);
}
