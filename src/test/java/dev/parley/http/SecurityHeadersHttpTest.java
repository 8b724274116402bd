package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pages and scripts of the real server carry the browser hardening headers; every answer forbids sniffing. */
class SecurityHeadersHttpTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theConsolePageMayRunOnlyItsOwnScriptsAndCannotBeFramed() {
        Http.Response page = server.http().get("/console/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                "default-src 'self'", "base-uri 'none'", "object-src 'none'").doesNotContain("unsafe");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    /** Nothing inline that the policy would block: no script body, style attribute or event handler attribute. */
    @Test
    void theConsolePageHasNothingInlineThePolicyWouldBlock() {
        String html = server.http().get("/console/index.html").text();

        assertThat(html).containsPattern("<script type=\"module\" src=\"js/app.js\"")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                .doesNotContainPattern("(?i)\\sstyle\\s*=")
                .doesNotContainPattern("(?i)<style")
                .doesNotContainPattern("(?i)\\son[a-z]+\\s*=")
                .doesNotContainPattern("(?i)javascript:");
    }

    /** A script may be embedded by other sites (a widget will be), so it gets no page policy, only no sniffing. */
    @Test
    void theConsoleScriptIsNotSniffedAndStaysEmbeddable() {
        Http.Response script = server.http().get("/console/js/app.js");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).contains("javascript");
        assertThat(script.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(script.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(script.raw().headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(script.raw().headers().firstValue("X-Frame-Options")).isEmpty();
    }

    @Test
    void everyOtherAnswerForbidsSniffingToo() {
        for (String path : new String[] {"/console/console.css", "/health", "/openapi", "/chatapi/nosuchtoken1/events",
                "/no/such/thing"}) {
            Http.Response answer = server.http().get(path);

            assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(answer.raw().headers().firstValue("Content-Security-Policy")).as(path).isEmpty();
        }
    }
}
