package dev.parley.conversation;

import java.util.Objects;

/** A bot timer that fell due: its client, its id (so a replaced timer is recognized) and where it leads. */
public record DueTimer(long channelId, String clientId, String timerId, String targetState) {

    /** What became of a due timer. */
    public enum Outcome {
        FIRED,
        /** the client wrote, or a newer timer replaced this one, before it fired */
        SUPERSEDED,
        /** its channel is gone: the timer can never fire */
        ORPHANED
    }

    public DueTimer {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(timerId, "timerId");
        Objects.requireNonNull(targetState, "targetState");
    }
}
