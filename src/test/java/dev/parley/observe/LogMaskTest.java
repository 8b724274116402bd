package dev.parley.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LogMaskTest {

    private static final String TOKEN = "V4QJ0cef:2415f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b";

    @Test
    void aGeneratedTokenKeepsOnlyItsPublicPrefix() {
        assertThat(LogMask.mask("/chatapi/" + TOKEN + "/client/u-1/state"))
                .isEqualTo("/chatapi/V4QJ0cef:…/client/u-1/state");
        assertThat(LogMask.mask("/chatadapter/chatapi/" + TOKEN)).isEqualTo("/chatadapter/chatapi/V4QJ0cef:…");
        assertThat(LogMask.mask("POST /chatapi/" + TOKEN + "/async?clientId=a")).isEqualTo(
                "POST /chatapi/V4QJ0cef:…/async?clientId=a");
    }

    @Test
    void aPercentEncodedColonIsSeenAsTheColon() {
        assertThat(LogMask.mask("/chatapi/V4QJ0cef%3A2415f0e1d2c3/events")).isEqualTo("/chatapi/V4QJ0cef%3A…/events");
    }

    @Test
    void aChosenTokenKeepsAtMostAQuarterOfItself() {
        assertThat(LogMask.mask("/chatapi/my-very-own-secret-token/events")).isEqualTo("/chatapi/my-v…/events");
        assertThat(LogMask.mask("/chatapi/shorttok")).isEqualTo("/chatapi/sh…");
        assertThat(LogMask.mask("/CHATAPI/abc.def_secret-x")).isEqualTo("/CHATAPI/abc.…");
    }

    @Test
    void secretQueryValuesAreHidden() {
        assertThat(LogMask.mask("/api/v1/agent/stream?access_token=abc123&x=1"))
                .isEqualTo("/api/v1/agent/stream?access_token=…&x=1");
        assertThat(LogMask.mask("https://bot.example/hook?clientId=7&clientSignature=deadbeef#top"))
                .isEqualTo("https://bot.example/hook?clientId=7&clientSignature=…#top");
        assertThat(LogMask.mask("http://x/?api_key=k&Password=p&sig=s"))
                .isEqualTo("http://x/?api_key=…&Password=…&sig=…");
    }

    @Test
    void aPasswordInAUrlIsHidden() {
        assertThat(LogMask.mask("External bot https://bot:hunter2@bot.example/turn failed"))
                .isEqualTo("External bot https://bot:…@bot.example/turn failed");
    }

    @Test
    void textWithoutSecretsIsUnchanged() {
        String text = "Server fault 1f on GET /api/v1/channels/3?limit=10 and https://example.com/a:b";

        assertThat(LogMask.mask(text)).isEqualTo(text);
    }

    @Test
    void anErrorQuotingTheTokenOfItsPathIsLoggedAsAMaskedCopy() {
        IllegalStateException cause = new IllegalStateException("lookup failed: named:{token:" + TOKEN + "}");
        RuntimeException error = new RuntimeException("wrapped", cause);

        Throwable logged = LogMask.thrown(error, "/chatapi/" + TOKEN + "/client/a/state");

        StringWriter trace = new StringWriter();
        logged.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("2415f0e1")
                .contains("java.lang.RuntimeException: wrapped")
                .contains("Caused by: java.lang.IllegalStateException: lookup failed: named:{token:V4QJ0cef:…}")
                .contains("LogMaskTest.anErrorQuotingTheTokenOfItsPathIsLoggedAsAMaskedCopy");
    }

    @Test
    void anErrorWithoutSecretsIsLoggedAsItIs() {
        RuntimeException error = new RuntimeException("disk full");

        assertThat(LogMask.thrown(error, "/chatapi/" + TOKEN)).isSameAs(error);
    }
}
