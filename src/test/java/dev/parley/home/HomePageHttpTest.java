package dev.parley.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.KnownPaths;
import dev.parley.http.SecurityHeaders;
import dev.parley.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /widget.js} serves the widget of {@code clients/js/} like the client (cacheable, compressed, to any
 * origin), and {@code GET /} the first page, with the widget on the demo channel under the pages' strict policy.
 */
class HomePageHttpTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void servesTheWidgetScriptCompressedWithAnETagToAnyOrigin() throws IOException {
        try (TestServer server = TestServer.start()) {
            HttpResponse<byte[]> plain = get(server, "/widget.js", "Accept-Encoding", "identity");
            HttpResponse<byte[]> zipped = get(server, "/widget.js", "Accept-Encoding", "gzip");

            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(header(plain, "Content-Type")).isEqualTo("text/javascript; charset=utf-8");
            assertThat(header(plain, "Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(header(plain, "Content-Security-Policy")).isNull();
            assertThat(new String(plain.body(), StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(Path.of("clients/js/widget.js"))).contains("ParleyWidget");
            assertThat(header(zipped, "Content-Encoding")).isEqualTo("gzip");
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                assertThat(in.readAllBytes()).isEqualTo(plain.body());
            }
            String etag = header(plain, "ETag");
            assertThat(etag).matches("\"[0-9a-f]{32}\"");
            assertThat(get(server, "/widget.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
            assertThat(KnownPaths.pagePaths()).contains("/", "/widget.js");
        }
    }

    @Test
    void widgetAndClientTogetherStayWithinThirtyKilobytesGzipped() {
        try (TestServer server = TestServer.start()) {
            int widget = get(server, "/widget.js", "Accept-Encoding", "gzip").body().length;
            int client = get(server, "/sdk/parley-chat.js", "Accept-Encoding", "gzip").body().length;

            assertThat(widget + client).isLessThanOrEqualTo(30 * 1024);
        }
    }

    @Test
    void firstPageEmbedsTheWidgetOnTheDemoChannelUnderTheStrictPagePolicy() {
        try (TestServer server = TestServer.start(Map.of("PARLEY_DEMO", "true"))) {
            long id = server.adminJson("GET", "/api/v1/channels", null).get("items").get(0).get("id").asLong();
            String token = server.adminJson("GET", "/api/v1/channels/" + id, null).get("token").asText();

            HttpResponse<byte[]> page = get(server, "/", "Accept", "text/html");
            String html = new String(page.body(), StandardCharsets.UTF_8);

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(header(page, "Content-Type")).startsWith("text/html");
            assertThat(header(page, "Content-Security-Policy")).isEqualTo(SecurityHeaders.PAGE_POLICY);
            assertThat(html).contains("<script src=\"/widget.js\" data-token=\"" + HomeRoutes.escape(token) + "\"")
                    .contains("href=\"/console/\"", "href=\"/docs\"").doesNotContain("<script>", "style=");
            assertThat(get(server, "/", "Accept", "text/html").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theDemoChannelIsFoundByIdThroughARenameAndATokenRotationAndNotByItsName() {
        try (TestServer server = TestServer.start(Map.of("PARLEY_DEMO", "true"))) {
            long id = server.adminJson("GET", "/api/v1/channels", null).get("items").get(0).get("id").asLong();
            server.http().admin("PATCH", "/api/v1/channels/" + id, Map.of("name", "Our bot"));
            String impostor = server.channel(dev.parley.json.Json.object().put("name", "Demo")
                    .put("scenario", dev.parley.testing.Scenarios.SHOP));
            String rotated = server.adminJson("POST", "/api/v1/channels/" + id + "/token", null).get("token").asText();

            String html = new String(get(server, "/", "Accept", "text/html").body(), StandardCharsets.UTF_8);
            assertThat(html).contains("data-token=\"" + HomeRoutes.escape(rotated) + "\"")
                    .doesNotContain(HomeRoutes.escape(impostor));

            server.http().admin("DELETE", "/api/v1/channels/" + id, null);
            assertThat(new String(get(server, "/", "Accept", "text/html").body(), StandardCharsets.UTF_8))
                    .contains("no demo channel").doesNotContain("widget.js");
        }
    }

    @Test
    void firstPageWithoutADemoChannelSaysHowToCreateOneAndLoadsNoWidget() {
        try (TestServer server = TestServer.start()) {
            String html = new String(get(server, "/", "Accept", "text/html").body(), StandardCharsets.UTF_8);

            assertThat(html).contains("no demo channel", "href=\"/console/\"", "href=\"/docs\"")
                    .doesNotContain("widget.js");
        }
    }

    @Test
    void escapesTheTokenAsAnAttributeValue() {
        String html = HomeRoutes.page(Optional.of("a\"><script>alert(1)</script>&'"));

        assertThat(html).contains("data-token=\"a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;\"")
                .doesNotContain("<script>alert");
    }

    private static HttpResponse<byte[]> get(TestServer server, String path, String name, String value) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header(name, value).GET().build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
