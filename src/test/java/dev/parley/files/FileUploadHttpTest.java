package dev.parley.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.events.ClientIdentity;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attachments: upload limits, allowed types, content checks, identity verification, and how files are served. */
class FileUploadHttpTest {

    private static final String SECRET = "identity-secret-0123456789";
    private static final byte[] PNG = bytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 100);
    private static final String BOUNDARY = "----parley-test-boundary";
    private static final String FILE_SCENARIO = """
            name: files
            states:
              /File:
                - event: fileEvent
                - text: "Got {{files[0].name}} ({{files[0].mimeType}})"
              /CatchAll:
                - text: "Tell the bot something"
            """;

    private static TestServer server;
    private static String token;
    private static long channelId;
    private static String verified;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PARLEY_UPLOAD_MAX", "64KB", "PARLEY_UPLOAD_RATE", "0"));
        JsonNode created = server.http().admin("POST", "/api/v1/channels",
                Json.object().put("name", "files").put("scenario", FILE_SCENARIO)).json();
        token = created.get("token").asText();
        channelId = created.get("id").asLong();
        verified = server.channel(Json.object().put("name", "verified").put("scenario", Scenarios.SHOP)
                .put("identitySecret", SECRET));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] bytes(byte[] head, int total) {
        byte[] out = Arrays.copyOf(head, total);
        Arrays.fill(out, head.length, total, (byte) 7);
        return out;
    }

    private static byte[] multipart(String field, String filename, String type, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> upload(String channelToken, String clientId, byte[] body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/chatapi/" + channelToken + "/client/" + clientId
                + "/files")).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request);
    }

    private HttpResponse<byte[]> upload(String filename, String type, byte[] content) throws Exception {
        return upload(token, "u1", multipart("file", filename, type, content), Map.of());
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        return Json.readTrusted(new String(response.body(), StandardCharsets.UTF_8));
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void anUploadedImageIsServedWithItsTypeInlineAndNoSniffing() throws Exception {
        HttpResponse<byte[]> created = upload("cat.png", "image/png", PNG);

        assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
        JsonNode file = json(created);
        assertThat(file.get("name").asText()).isEqualTo("cat.png");
        assertThat(file.get("mimeType").asText()).isEqualTo("image/png");
        assertThat(file.get("size").asInt()).isEqualTo(PNG.length);
        assertThat(file.get("url").asText()).matches("/files/[A-Za-z0-9_-]{22}/cat\\.png");
        HttpResponse<byte[]> served = get(file.get("url").asText());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(PNG);
        assertThat(served.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(served.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(served.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline;");
    }

    @Test
    void aPdfIsServedAsAnAttachmentUnderItsSanitizedNameInRfc5987Form() throws Exception {
        byte[] pdf = "%PDF-1.7\n%âãÏÓ\n1 0 obj\n".getBytes(StandardCharsets.UTF_8);

        JsonNode file = json(upload("C:\\fakepath\\Rechnung\u0007 \u202Eü*.pdf", "application/pdf", pdf));
        HttpResponse<byte[]> served = get(file.get("url").asText());

        assertThat(file.get("name").asText()).isEqualTo("Rechnung ü*.pdf");
        assertThat(served.headers().firstValue("Content-Disposition")).contains(
                "attachment; filename=\"Rechnung _*.pdf\"; filename*=UTF-8''Rechnung%20%C3%BC%2A.pdf");
        assertThat(served.headers().firstValue("Content-Type")).contains("application/pdf");
        assertThat(served.body()).isEqualTo(pdf);
    }

    @Test
    void aFileOverTheLimitIsA413NamingTheSetting() throws Exception {
        HttpResponse<byte[]> justOver = upload("big.png", "image/png", bytes(PNG, 64 * 1024 + 1));
        HttpResponse<byte[]> wayOver = upload("huge.png", "image/png", bytes(PNG, 200 * 1024));
        HttpResponse<byte[]> atLimit = upload("max.png", "image/png", bytes(PNG, 64 * 1024));

        assertThat(justOver.statusCode()).isEqualTo(413);
        assertThat(text(justOver)).contains("PARLEY_UPLOAD_MAX");
        assertThat(wayOver.statusCode()).isEqualTo(413);
        assertThat(text(wayOver)).contains("PARLEY_UPLOAD_MAX");
        assertThat(atLimit.statusCode()).as(text(atLimit)).isEqualTo(201);
    }

    @Test
    void typesNotAllowedAndBytesThatAreNotTheClaimedTypeAre415() throws Exception {
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> svg = upload("x.svg", "image/svg+xml", "<svg/>".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> htmlAsPng = upload("x.png", "image/png", html);
        HttpResponse<byte[]> pngAsJpeg = upload("x.jpg", "image/jpeg", PNG);
        HttpResponse<byte[]> binaryAsText = upload("x.txt", "text/plain", new byte[] {'a', 0, 'b'});
        HttpResponse<byte[]> latin1AsText = upload("x.txt", "text/plain", new byte[] {'a', (byte) 0xE9});

        for (HttpResponse<byte[]> response : new HttpResponse[] {svg, htmlAsPng, pngAsJpeg, binaryAsText,
                latin1AsText}) {
            assertThat(response.statusCode()).as(text(response)).isEqualTo(415);
            assertThat(json(response).get("error").asText()).isEqualTo("chatapi.request.unsupported_media_type");
        }
        assertThat(text(svg)).contains("image/svg+xml");
        assertThat(text(htmlAsPng)).contains("not image/png");
    }

    @Test
    void textUtf8GifAndWebpAreAccepted() throws Exception {
        byte[] webp = bytes("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), 40);

        assertThat(upload("a.txt", "text/plain", "Grüße\n".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(201);
        assertThat(upload("a.gif", "image/gif", bytes("GIF89a".getBytes(StandardCharsets.US_ASCII), 30))
                .statusCode()).isEqualTo(201);
        assertThat(upload("a.webp", "image/webp", webp).statusCode()).isEqualTo(201);
    }

    @Test
    void aBodyThatIsNotAMultipartFileIsA4xxNamingTheProblem() throws Exception {
        HttpResponse<byte[]> json = send(HttpRequest.newBuilder(uri("/chatapi/" + token + "/client/u1/files"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<byte[]> otherField = upload(token, "u1", multipart("upload", "a.png", "image/png", PNG),
                Map.of());
        HttpResponse<byte[]> cut = upload(token, "u1", Arrays.copyOf(multipart("file", "a.png", "image/png", PNG), 200),
                Map.of());

        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(text(json)).contains("multipart/form-data");
        assertThat(otherField.statusCode()).isEqualTo(400);
        assertThat(text(otherField)).contains("'file'");
        assertThat(cut.statusCode()).isEqualTo(400);
    }

    @Test
    void onAVerifiedChannelAnUploadNeedsTheClientsSignatureButTheUrlIsItsOwnCapability() throws Exception {
        byte[] body = multipart("file", "a.png", "image/png", PNG);

        HttpResponse<byte[]> none = upload(verified, "u7", body, Map.of());
        HttpResponse<byte[]> wrong = upload(verified, "u7", body,
                Map.of("X-Client-Signature", ClientIdentity.sign(SECRET, "u8")));
        HttpResponse<byte[]> right = upload(verified, "u7", body,
                Map.of("X-Client-Signature", ClientIdentity.sign(SECRET, "u7")));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(text(wrong)).contains("chatapi.client.signature_invalid");
        assertThat(right.statusCode()).as(text(right)).isEqualTo(201);
        assertThat(get(json(right).get("url").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownIdsAndAnotherChannelsTokenAre404() throws Exception {
        String url = json(upload("cat.png", "image/png", PNG)).get("url").asText();
        String id = url.split("/")[2];

        assertThat(get("/chatapi/" + token + "/files/AAAAAAAAAAAAAAAAAAAAAA").statusCode()).isEqualTo(404);
        assertThat(get("/files/AAAAAAAAAAAAAAAAAAAAAA/cat.png").statusCode()).isEqualTo(404);
        assertThat(get("/files/..%2F..%2Fetc/cat.png").statusCode()).isEqualTo(404);
        assertThat(get("/chatapi/" + token + "/files/" + id).statusCode()).isEqualTo(200);
        assertThat(get("/chatapi/" + token + "/files/..%2F..%2Fetc").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> elsewhere = get("/chatapi/" + verified + "/files/" + id);
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(text(elsewhere)).contains("chatapi.file.not_found");
    }

    @Test
    void filesGoWithTheirChannel() throws Exception {
        String doomed = server.channel(Scenarios.SHOP);
        long doomedId = server.adminJson("GET", "/api/v1/channels", null).findValues("id").stream()
                .mapToLong(JsonNode::asLong).max().orElseThrow();
        String url = json(upload(doomed, "u1", multipart("file", "a.png", "image/png", PNG), Map.of()))
                .get("url").asText();
        assertThat(get(url).statusCode()).isEqualTo(200);

        server.http().admin("DELETE", "/api/v1/channels/" + doomedId, null);

        // the rows themselves: ChannelStoreContract.deletingAChannelDeletesItsFiles
        assertThat(get(url).statusCode()).isEqualTo(404);
    }

    @Test
    void aScenarioAnswersTheWidgetsFileEvent() throws Exception {
        JsonNode file = json(upload("photo.png", "image/png", PNG));
        JsonNode data = Json.object().set("files", Json.mapper().createArrayNode().add(file));

        Http.Response reply = server.http().post("/chatapi/" + token, Json.object().put("clientId", "u1")
                .put("event", "fileEvent").set("data", data));

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.json().at("/data/answer").asText()).isEqualTo("Got photo.png (image/png)");
        JsonNode history = server.http().get("/chatapi/" + token + "/client/u1/history?order=desc").json();
        assertThat(history.toString()).contains(file.get("url").asText());
    }

    @Test
    void theFileUrlHoldsNoTokenAndOutlivesTheTokensRotation() throws Exception {
        String doomed = server.channel(Scenarios.SHOP);
        long id = server.adminJson("GET", "/api/v1/channels", null).findValues("id").stream()
                .mapToLong(JsonNode::asLong).max().orElseThrow();
        String url = json(upload(doomed, "u1", multipart("file", "a b.png", "image/png", PNG), Map.of()))
                .get("url").asText();
        String oldForm = "/chatapi/" + doomed + "/files/" + url.split("/")[2];
        assertThat(url).doesNotContain(doomed).doesNotContain(doomed.split(":")[0]).endsWith("/a%20b.png");

        server.http().admin("POST", "/api/v1/channels/" + id + "/token", null);

        HttpResponse<byte[]> served = get(url);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(PNG);
        assertThat(served.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(served.headers().firstValue("Content-Security-Policy")).contains("default-src 'none'; sandbox");
        assertThat(get(oldForm).statusCode()).as("the old form, with the old token").isEqualTo(404);
    }

    @Test
    void aNonImageIsServedAsAnAttachmentUnderTheTokenFreeUrl() throws Exception {
        JsonNode file = json(upload("notes.txt", "text/plain", "<script>alert(1)</script>".getBytes(
                StandardCharsets.UTF_8)));

        HttpResponse<byte[]> served = get(file.get("url").asText());

        assertThat(served.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
        assertThat(served.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(served.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void aChunkedUploadOverTheLimitIs413BeforeTheRestIsSent() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /chatapi/" + token + "/client/u1/files HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] head = multipart("file", "big.png", "image/png", PNG);
            byte[] start = Arrays.copyOf(head, head.length - ("\r\n--" + BOUNDARY + "--\r\n").length());
            chunk(out, start);
            // 65 KiB past a 64 KiB limit, then nothing more: the answer must come without the rest of the body
            for (int i = 0; i < 65; i++) {
                chunk(out, new byte[1024]);
            }
            out.flush();

            dev.parley.testing.RawHttp.Response response = dev.parley.testing.RawHttp.read(socket.getInputStream())
                    .orElseThrow();

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body()).contains("PARLEY_UPLOAD_MAX");
        }
    }

    private static void chunk(java.io.OutputStream out, byte[] bytes) throws java.io.IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aClientOverItsUploadsAMinuteIs429WithRetryAfterWhileOthersStillUpload() throws Exception {
        TestServer limited = TestServer.start(Map.of("PARLEY_UPLOAD_RATE", "2"));
        try {
            String channel = limited.channel(FILE_SCENARIO);
            byte[] body = multipart("file", "a.png", "image/png", PNG);
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            HttpResponse<byte[]> refused = null;
            for (int i = 0; i < 3; i++) {
                refused = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + limited.port() + "/chatapi/"
                        + channel + "/client/busy/files")).header("Content-Type", "multipart/form-data; boundary="
                        + BOUNDARY).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
                statuses.add(refused.statusCode());
            }
            HttpResponse<byte[]> other = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + limited.port()
                    + "/chatapi/" + channel + "/client/calm/files")).header("Content-Type",
                    "multipart/form-data; boundary=" + BOUNDARY).POST(HttpRequest.BodyPublishers.ofByteArray(body)));

            assertThat(statuses).containsExactly(201, 201, 429);
            assertThat(json(refused).get("error").asText()).isEqualTo("chatapi.request.rate_limited");
            assertThat(text(refused)).contains("PARLEY_UPLOAD_RATE");
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 30L);
            assertThat(other.statusCode()).isEqualTo(201);
        } finally {
            limited.close();
        }
    }
}
