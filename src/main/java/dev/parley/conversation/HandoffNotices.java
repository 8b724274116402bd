package dev.parley.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.events.CommitListener;
import dev.parley.events.Committed;
import dev.parley.events.EventTx;

/**
 * The commit listener that tells the agents' live stream ({@link HandoffListener}) what a transaction did to
 * hand-offs: the steps note their changes and messages on the transaction ({@link EventTx#note}), and only a commit
 * tells them. Thread-safe.
 */
public final class HandoffNotices implements CommitListener {

    /** A hand-off was queued, accepted or closed. */
    record Changed(HandoffView handoff) {
    }

    /** A message was added to a hand-off, in the client history's shape. */
    record Message(HandoffView handoff, ObjectNode item) {
    }

    private final HandoffListener listener;

    public HandoffNotices(HandoffListener listener) {
        this.listener = listener;
    }

    @Override
    public void committed(Committed committed) {
        for (Object note : committed.notes()) {
            if (note instanceof Changed changed) {
                listener.changed(changed.handoff());
            } else if (note instanceof Message message) {
                listener.message(message.handoff(), message.item());
            }
        }
    }
}
