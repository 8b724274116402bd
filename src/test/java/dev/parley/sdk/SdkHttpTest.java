package dev.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /sdk/parley-chat.js} serves the client of {@code clients/js/}, cacheable, compressed, to any origin. */
class SdkHttpTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
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
    void servesTheModuleOfTheRepositoryAsJavaScriptToAnyOrigin() throws IOException {
        HttpResponse<byte[]> script = get("Origin", "https://shop.example");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(header(script, "Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(header(script, "Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(header(script, "Cache-Control")).contains("max-age=");
        assertThat(header(script, "Content-Encoding")).isNull();
        assertThat(new String(script.body(), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(Path.of("clients/js/parley-chat.js")))
                .contains("export class ParleyChat");
    }

    @Test
    void answersNotModifiedToTheETagItGave() {
        HttpResponse<byte[]> first = get("Accept-Encoding", "identity");
        String etag = header(first, "ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");

        HttpResponse<byte[]> again = get("If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(header(again, "ETag")).isEqualTo(etag);
        assertThat(get("If-None-Match", "\"something-else\"").statusCode()).isEqualTo(200);
    }

    @Test
    void compressesForAClientThatAcceptsGzipWithItsOwnETag() throws IOException {
        HttpResponse<byte[]> plain = get("Accept-Encoding", "identity");
        HttpResponse<byte[]> zipped = get("Accept-Encoding", "br, gzip;q=0.8");

        assertThat(header(zipped, "Content-Encoding")).isEqualTo("gzip");
        assertThat(header(zipped, "Vary")).contains("Accept-Encoding");
        assertThat(zipped.body().length).isLessThan(plain.body().length / 2);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        assertThat(header(zipped, "ETag")).isNotEqualTo(header(plain, "ETag"));
        assertThat(get("Accept-Encoding", "gzip;q=0").headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void isAPageAssetRatherThanAnApiOperation() {
        assertThat(dev.parley.KnownPaths.pagePaths()).contains("/sdk/parley-chat.js");
        HttpResponse<byte[]> post = send(HttpRequest.newBuilder(uri()).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private static HttpResponse<byte[]> get(String name, String value) {
        return send(HttpRequest.newBuilder(uri()).header(name, value).GET());
    }

    private static URI uri() {
        return URI.create("http://127.0.0.1:" + server.port() + "/sdk/parley-chat.js");
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
