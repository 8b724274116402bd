package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.ClientClock.ClientRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StampingTest {

    private final List<Long> builds = new ArrayList<>();

    private ConversationStore.TurnWrite write(long last) {
        builds.add(last);
        return new ConversationStore.TurnWrite(List.of(), "reply at " + last, "q", "");
    }

    private static Optional<ClientRow> rowWithClockAt(long lastTs) {
        return Optional.of(new ClientRow("{}", 3, false, 0, lastTs, 4, 0, false));
    }

    @Test
    void aTurnIsBuiltOnceAheadAtTheTimestampItsUpdateWillReserve() {
        ConversationStore.Stamping stamping = new ConversationStore.Stamping(rowWithClockAt(500), 2, 1_000,
                this::write);

        assertThat(stamping.at(1_001).idempotentResponse()).isEqualTo("reply at 1001");
        assertThat(builds).containsExactly(1_001L);
    }

    @Test
    void aTurnWhoseClientsClockMovedSinceTheReadIsBuiltAgainAtTheReservedTimestamp() {
        ConversationStore.Stamping stamping = new ConversationStore.Stamping(rowWithClockAt(2_000), 2, 1_000,
                this::write);

        assertThat(stamping.at(2_003).idempotentResponse()).isEqualTo("reply at 2003");
        assertThat(builds).containsExactly(2_002L, 2_003L);
    }

    @Test
    void aTransactionRunAgainAfterARebuildLeavesTheLastBuildAtItsOwnTimestamp() {
        ConversationStore.Stamping stamping = new ConversationStore.Stamping(Optional.empty(), 1, 1_000, this::write);
        stamping.at(1_004); // the first run, in a batch that failed, found the clock moved by the batch's other work

        assertThat(stamping.at(1_000).idempotentResponse()).isEqualTo("reply at 1000");
        assertThat(builds).containsExactly(1_000L, 1_004L, 1_000L);
    }
}
