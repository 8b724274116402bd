package dev.parley.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's page and modules, and CodeMirror's files from its WebJar: only those the page loads. */
class ConsoleAssetsHttpTest {

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
    void thePageIsHtmlUnderTheStrictPolicyAndLoadsItsScriptsFromThisServer() {
        Http.Response page = server.http().get("/console/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "style-src 'self'");
        assertThat(page.text()).contains("<script type=\"module\" src=\"js/app.js\"></script>",
                "<script src=\"vendor/codemirror.js\" defer></script>").doesNotContain("style=", "<script>");
    }

    @Test
    void codeMirrorsFilesComeFromTheWebJarWithTheirContentTypes() {
        Http.Response script = server.http().get("/console/vendor/codemirror.js");
        Http.Response mode = server.http().get("/console/vendor/yaml.js");
        Http.Response css = server.http().get("/console/vendor/codemirror.css");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).isEqualTo("text/javascript; charset=UTF-8");
        assertThat(script.text()).contains("CodeMirror.version = \"5.65.18\"");
        assertThat(mode.text()).contains("defineMode(\"yaml\"");
        assertThat(css.header("Content-Type")).isEqualTo("text/css; charset=UTF-8");
        assertThat(server.http().get("/console/js/app.js").header("Content-Type")).contains("javascript");
    }

    @Test
    void otherFilesOfTheWebJarAreNotServed() {
        Http.Response jump = server.http().get("/console/vendor/jump-to-line.js");
        Http.Response climbing = server.http().get("/console/vendor/..%2F..%2Fpom.xml");

        assertThat(jump.status()).isEqualTo(404);
        assertThat(jump.json().path("error").asText()).isEqualTo("http.not_found");
        assertThat(climbing.status()).isEqualTo(404);
    }
}
