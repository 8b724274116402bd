package dev.parley.stats;

/**
 * The counters of one bucket. A message is what the client's history shows: {@code clientMessages} are the client's
 * requests, {@code botMessages} the bot's answers (one per turn, however many parts it has), {@code agentMessages}
 * what agents wrote; the system's notices (an agent joined, a conversation closed) count as none. A client is active
 * in a bucket when it wrote or was written to in it.
 */
public record Counts(long clientMessages, long botMessages, long agentMessages, long activeClients) {

    public static final Counts ZERO = new Counts(0, 0, 0, 0);

    public Counts plus(Counts other) {
        return new Counts(clientMessages + other.clientMessages, botMessages + other.botMessages,
                agentMessages + other.agentMessages, activeClients + other.activeClients);
    }
}
