package dev.parley.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void compactDropsOnlyTheWhitespaceBetweenTokens() {
        String text = "{\n  \"a b\" : [ 1.50 ,\t1e999999999 ],\r\n  \"z\" : { } }";

        assertThat(JsonText.compact(text)).isEqualTo("{\"a b\":[1.50,1e999999999],\"z\":{}}");
    }

    @Test
    void compactKeepsStringsWithEscapedQuotesAndBackslashesWhole() {
        String text = "{ \"q\" : \"say \\\"hi there\\\" \\\\\" , \"n\" : \"\\\\\" , \"x\" : \" \\n \" }";

        assertThat(JsonText.compact(text))
                .isEqualTo("{\"q\":\"say \\\"hi there\\\" \\\\\",\"n\":\"\\\\\",\"x\":\" \\n \"}");
    }

    @Test
    void compactLeavesCompactTextAlone() {
        String text = "{\"k\":\"caf\\u00e9 ☕\",\"v\":-0.0E+2}";

        assertThat(JsonText.compact(text)).isEqualTo(text);
    }
}
