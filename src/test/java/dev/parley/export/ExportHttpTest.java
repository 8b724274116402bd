package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.json.Times;
import dev.parley.testing.Http;
import dev.parley.testing.MovableClock;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Transcripts and channel exports over HTTP: content, formats, spans, CSV safety, bad input and access. */
class ExportHttpTest {

    private static final MovableClock CLOCK = new MovableClock();
    private static TestServer server;
    private static long channel;
    private static String path;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.config(TestServer.tempDir()), CLOCK);
        JsonNode created = server.http().admin("POST", "/api/v1/channels",
                Map.of("name", "export", "scenario", Scenarios.SHOP)).json();
        channel = created.get("id").asLong();
        path = "/chatapi/" + created.get("token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String say(String clientId, String query) {
        return server.http().post(path, Map.of("clientId", clientId, "query", query)).json()
                .get("questionId").asText();
    }

    private static Http.Response admin(String url) {
        return server.http().admin("GET", url, null);
    }

    private static String transcript(String clientId, String format) {
        return "/api/v1/channels/" + channel + "/clients/" + clientId + "/transcript?format=" + format;
    }

    @Test
    void jsonTranscriptHasEveryMessageInOrderWithRepliesAsData() {
        String q1 = say("t-json", "hello");
        server.http().post(path, Map.of("clientId", "t-json", "event", "orderPaid", "data", Map.of("sum", 5)));

        Http.Response response = admin(transcript("t-json", "json"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"channel-" + channel + "-client-t-json.json\"");
        JsonNode body = response.json();
        assertThat(body.get("channelId").asLong()).isEqualTo(channel);
        assertThat(body.get("clientId").asText()).isEqualTo("t-json");
        JsonNode messages = body.get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).get("author").asText()).isEqualTo("CLIENT");
        assertThat(messages.get(0).get("text").asText()).isEqualTo("hello");
        assertThat(messages.get(0).get("questionId").asText()).isEqualTo(q1);
        assertThat(messages.get(0).get("timestamp").asText()).endsWith("Z");
        JsonNode reply = messages.get(1);
        assertThat(reply.get("author").asText()).isEqualTo("BOT");
        assertThat(reply.get("text").asText()).isEqualTo("Hello, friend!");
        assertThat(reply.get("status").asText()).isEqualTo("SENT");
        assertThat(reply.get("data")).hasSize(2);
        assertThat(reply.get("data").toString()).contains("Order status");
        assertThat(messages.get(2).get("data").get("event").asText()).isEqualTo("orderPaid");
        assertThat(messages.get(2).get("data").get("data").get("sum").asInt()).isEqualTo(5);
    }

    @Test
    void csvTranscriptHasAHeaderAndOneRowPerMessage() {
        say("t-csv", "hello");

        Http.Response response = admin(transcript("t-csv", "csv"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/csv");
        assertThat(response.header("Content-Disposition")).endsWith(".csv\"");
        List<String> lines = List.of(response.text().split("\r\n"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(
                "\"clientId\",\"timestamp\",\"author\",\"questionId\",\"status\",\"text\",\"data\"");
        assertThat(lines.get(1)).startsWith("\"t-csv\",").contains(",\"CLIENT\",").contains(",\"hello\",");
        assertThat(lines.get(2)).contains(",\"BOT\",").contains(",\"SENT\",\"Hello, friend!\",\"[{");
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAsFormulasAreNeutralised() {
        say("t-formula", "=HYPERLINK(\"http://evil.example\",\"x\")");
        say("t-formula", "@SUM(A1)");
        say("t-formula", "+1");
        say("t-formula", "-1");

        String csv = admin(transcript("t-formula", "csv")).text();

        assertThat(csv).contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",")
                .contains(",\"'@SUM(A1)\",").contains(",\"'+1\",").contains(",\"'-1\",")
                .doesNotContain(",\"=").doesNotContain(",\"@").doesNotContain(",\"+1").doesNotContain(",\"-1");
    }

    @Test
    void aClientIdWithASlashIsFoundThroughItsEncodedPathSegment() {
        say("in/dialog1.txt", "hello");

        Http.Response response = admin(transcript("in%2Fdialog1.txt", "json"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("clientId").asText()).isEqualTo("in/dialog1.txt");
        assertThat(response.header("Content-Disposition")).contains("client-in_dialog1.txt.json");
    }

    @Test
    void channelExportHoldsOnlyTheMessagesOfTheSpan() {
        CLOCK.advance(Duration.ofDays(30));
        say("span-before", "too early");
        CLOCK.advance(Duration.ofHours(1));
        long from = CLOCK.millis();
        say("span-in-b", "in the span");
        say("span-in-a", "also in the span");
        CLOCK.advance(Duration.ofHours(1));
        long to = CLOCK.millis();
        say("span-after", "too late");

        Http.Response response = admin("/api/v1/channels/" + channel + "/export?format=jsonl&from="
                + Times.iso(from) + "&to=" + to);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(response.header("Content-Disposition")).startsWith("attachment; filename=\"channel-" + channel
                + "-messages-from-");
        List<JsonNode> lines = response.text().lines().map(Json::readTrusted).toList();
        assertThat(lines).extracting(l -> l.get("clientId").asText() + ":" + l.get("author").asText())
                .containsExactly("span-in-a:CLIENT", "span-in-a:BOT", "span-in-b:CLIENT", "span-in-b:BOT");
        assertThat(lines.get(0).get("text").asText()).isEqualTo("also in the span");
    }

    @Test
    void channelExportAsCsvHasTheSameRows() {
        CLOCK.advance(Duration.ofDays(30));
        long from = CLOCK.millis();
        say("csv-span", "hello");

        Http.Response response = admin("/api/v1/channels/" + channel + "/export?format=csv&from=" + from);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text().split("\r\n")).hasSize(3);
        assertThat(response.text()).contains("\"csv-span\",");
    }

    @Test
    void badFormatFromOrToIsA400NamingTheParameter() {
        String export = "/api/v1/channels/" + channel + "/export";
        assertBad(admin(export + "?format=xml"), "format");
        assertBad(admin(export + "?format=json"), "format");
        assertBad(admin(export + "?from=yesterday"), "from");
        assertBad(admin(export + "?to=2026-13-45"), "to");
        assertBad(admin(export + "?from=2000&to=1000"), "to must be after from");
        assertBad(admin(transcript("t-json", "jsonl")), "format");
    }

    private static void assertBad(Http.Response response, String named) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.json().get("message").asText()).contains(named);
    }

    @Test
    void unknownChannelOrClientIsA404() {
        assertThat(admin("/api/v1/channels/999999/export").status()).isEqualTo(404);
        assertThat(admin("/api/v1/channels/999999/clients/x/transcript").status()).isEqualTo(404);
        Http.Response unknown = admin(transcript("nobody-here", "json"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("admin.client.not_found");
    }

    @Test
    void exportsNeedAnAdminAndRefuseAnAgent() {
        say("t-auth", "hello");
        String agent = session("export-agent", "agent");
        String admin = session("export-admin", "admin");
        for (String url : List.of(transcript("t-auth", "json"), "/api/v1/channels/" + channel + "/export")) {
            assertThat(server.http().get(url).status()).as(url).isEqualTo(401);
            assertThat(server.http().send("GET", url, null, Map.of("Authorization", "Bearer " + agent)).status())
                    .as(url).isEqualTo(403);
            assertThat(server.http().send("GET", url, null, Map.of("Authorization", "Bearer " + admin)).status())
                    .as(url).isEqualTo(200);
        }
    }

    /** A new account of {@code role}, signed in: its session token. */
    static String session(String login, String role) {
        server.adminJson("POST", "/api/v1/accounts", Map.of("login", login, "password", "a long password",
                "name", login, "role", role));
        return server.http().post("/api/v1/agent/login", Map.of("login", login, "password", "a long password")).json()
                .get("token").asText();
    }
}
