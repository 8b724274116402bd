package dev.parley.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StampedJsonTest {

    @Test
    void stampsTheTimestampAndLeavesLookalikesInContentAlone() {
        ObjectNode node = Json.object().put("text", "\"" + StampedJson.MARK + "\"").put("timestamp", StampedJson.MARK);
        StampedJson stamped = StampedJson.of(Json.write(node));

        ObjectNode back = (ObjectNode) Json.readTrusted(stamped.at(1_769_853_600_123L));

        assertThat(back.get("timestamp").asText()).isEqualTo("2026-01-31T10:00:00.123");
        assertThat(back.get("text").asText()).isEqualTo("\"" + StampedJson.MARK + "\"");
    }

    @Test
    void contentThatIsExactlyTheMarkIsLeftAloneWhenTheTimestampComesLast() {
        ObjectNode node = Json.object().put("query", StampedJson.MARK).put("timestamp", StampedJson.MARK);

        ObjectNode back = (ObjectNode) Json.readTrusted(StampedJson.of(Json.write(node)).at(1_769_853_600_123L));

        assertThat(back.get("query").asText()).isEqualTo(StampedJson.MARK);
        assertThat(back.get("timestamp").asText()).isEqualTo("2026-01-31T10:00:00.123");
    }
}
