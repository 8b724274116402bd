package dev.parley.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void untrustedJsonWithARepeatedKeyOrTrailingContentIsRefused() {
        assertThatThrownBy(() -> Json.untrusted().readTree("{\"a\":1,\"a\":2}"))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> Json.untrusted().readTree("{\"a\":1} {}"))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Trailing token");
    }

    @Test
    void trustedReadsSkipTheChecksMeantForClientInput() {
        // the server never writes such JSON; the point is that its own reads do not pay for detecting it
        assertThat(Json.readTrusted("{\"a\":1,\"a\":2}").get("a").asInt()).isEqualTo(2);
        assertThat(Json.mapper().getFactory().isEnabled(com.fasterxml.jackson.core.StreamReadFeature
                .STRICT_DUPLICATE_DETECTION.mappedFeature())).isFalse();
    }
}
