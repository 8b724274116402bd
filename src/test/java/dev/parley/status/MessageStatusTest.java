package dev.parley.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.http.ApiException;
import org.junit.jupiter.api.Test;

class MessageStatusTest {

    @Test
    void statusOnlyMovesForward() {
        assertThat(MessageStatus.SENT.advance(MessageStatus.DELIVERED)).isEqualTo(MessageStatus.DELIVERED);
        assertThat(MessageStatus.DELIVERED.advance(MessageStatus.READ)).isEqualTo(MessageStatus.READ);
        assertThat(MessageStatus.READ.advance(MessageStatus.DELIVERED)).isEqualTo(MessageStatus.READ);
        assertThat(MessageStatus.DELIVERED.advance(MessageStatus.SENT)).isEqualTo(MessageStatus.DELIVERED);
        assertThat(MessageStatus.NOT_SENT.advance(MessageStatus.READ)).isEqualTo(MessageStatus.READ);
    }

    @Test
    void clientsMayNotClaimNotSentOrInventStatuses() {
        assertThat(MessageStatus.fromClient("read", "status")).isEqualTo(MessageStatus.READ);
        assertThatThrownBy(() -> MessageStatus.fromClient("NOT_SENT", "status"))
                .isInstanceOf(ApiException.BadRequest.class).hasMessageContaining("server only");
        assertThatThrownBy(() -> MessageStatus.fromClient("LOST", "status")).hasMessageContaining("LOST");
    }
}
