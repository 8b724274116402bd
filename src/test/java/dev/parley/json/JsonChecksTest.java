package dev.parley.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonChecksTest {

    @Test
    void findsANumberBeyondADoubleWithItsPath() {
        assertThat(JsonChecks.numberBeyondDouble(Json.readTrusted("{\"data\":{\"cart\":[{\"total\":1e400}]}}")))
                .contains("data.cart[0].total");
        assertThat(JsonChecks.numberBeyondDouble(Json.readTrusted("{\"n\":-1e999999999}"))).contains("n");
        assertThat(JsonChecks.numberBeyondDouble(Json.readTrusted("[0, 1" + "0".repeat(400) + "]"))).contains("[1]");
        assertThat(JsonChecks.numberBeyondDouble(Json.readTrusted("1e400"))).contains("");
        assertThat(JsonChecks.numberBeyondDouble(Json.readTrusted("{\"a\":{\"b\":[1,[2,{\"c\":1e400}]]}}")))
                .contains("a.b[1][1].c");
        assertThat(JsonChecks.numberBeyondDouble(Json.readTrusted("[[0],[1e400]]"))).contains("[1][0]");
    }

    @Test
    void numbersADoubleHoldsPass() {
        String json = "{\"max\":1.7976931348623157e308,\"tiny\":1e-400,\"big\":123456789012345678901234567890,"
                + "\"list\":[1,-2.5,\"1e400\"]}";

        assertThat(JsonChecks.numberBeyondDouble(Json.readTrusted(json))).isEmpty();
    }

    @Test
    void pathNamesWhereAStreamingParserIs() throws IOException {
        try (JsonParser parser = Json.mapper().getFactory().createParser("{\"a\":{\"tags\":[1,{\"k\":true}]}}")) {
            while (parser.nextToken() != JsonToken.VALUE_TRUE) {
                // advance to the innermost value
            }
            assertThat(JsonChecks.path(parser.getParsingContext())).isEqualTo("a.tags[1].k");
        }
    }
}
