package dev.parley.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.http.SecurityHeaders;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /docs} serves its page and Swagger UI's files from the server itself, with no credentials. */
class DocsHttpTest {

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
    void docsIsAnHtmlPageThatLoadsOnlyScriptsOfThisServerAndNoInlineScript() {
        Http.Response page = server.http().get("/docs");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=UTF-8");
        // the one page policy of SecurityHeaders, not one of the docs' own
        assertThat(page.header("Content-Security-Policy")).isEqualTo(SecurityHeaders.PAGE_POLICY);
        assertThat(page.text()).contains("<script src=\"/docs/swagger-ui-bundle.js\"")
                .contains("<script src=\"/docs/parley-docs.js\"")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>")
                .doesNotContain("//cdn", "https://", "http://");
        assertThat(server.http().get("/docs/").text()).isEqualTo(page.text());
    }

    @Test
    void swaggerUiFilesComeFromTheWebJarWithTheirContentTypes() {
        Http.Response bundle = server.http().get("/docs/swagger-ui-bundle.js");
        Http.Response css = server.http().get("/docs/swagger-ui.css");
        Http.Response icon = server.http().get("/docs/favicon-32x32.png");

        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.header("Content-Type")).isEqualTo("text/javascript; charset=UTF-8");
        assertThat(bundle.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(bundle.raw().headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(css.raw().headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(bundle.text()).contains("SwaggerUIBundle").hasSizeGreaterThan(500_000);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).isEqualTo("text/css; charset=UTF-8");
        assertThat(css.text()).contains(".swagger-ui");
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.header("Content-Type")).isEqualTo("image/png");
    }

    @Test
    void theStartScriptPointsSwaggerUiAtTheOpenApiDocumentAsJson() {
        Http.Response script = server.http().get("/docs/parley-docs.js");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).isEqualTo("text/javascript; charset=UTF-8");
        assertThat(script.text()).contains("url: '/openapi'").contains("request.headers.Accept = 'application/json'")
                .contains("validatorUrl: null");
    }

    @Test
    void otherFilesOfTheWebJarAndOtherMethodsAreRefusedAsJsonErrors() {
        Http.Response other = server.http().get("/docs/swagger-initializer.js");
        Http.Response climbing = server.http().get("/docs/..%2Fopenapi");
        Http.Response post = server.http().send("POST", "/docs", "{}", Map.of("Content-Type", "application/json"));
        Http.Response postFile = server.http().send("POST", "/docs/swagger-ui-bundle.js", "{}",
                Map.of("Content-Type", "application/json"));

        assertThat(other.status()).isEqualTo(404);
        assertThat(other.json().path("error").asText()).isEqualTo("http.not_found");
        assertThat(climbing.status()).isEqualTo(404);
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.json().path("error").asText()).isEqualTo("http.method_not_allowed");
        assertThat(postFile.status()).isEqualTo(404);
    }
}
