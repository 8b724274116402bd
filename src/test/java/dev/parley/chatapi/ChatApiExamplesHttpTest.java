package dev.parley.chatapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests of {@code docs/chat-api.md} answer what the page shows: each {@code ```sh} block of one {@code curl}
 * command that a {@code ```json} block follows is sent, in page order, to a real server running the demo bot, and the
 * answer must be the documented JSON, field for field, except the values that differ on every run (token, ids,
 * times). A documented {@code questionId} used by a later request stands for the one the server really answered.
 */
class ChatApiExamplesHttpTest {

    private static final Path DOC = Path.of("docs/chat-api.md");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```\\s*$");
    private static final Pattern TOKEN = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)");
    private static final Set<String> VARYING = Set.of("token", "questionId", "timestamp");

    private TestServer server;
    private String token;
    private final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start();
        try (InputStream demo = getClass().getResourceAsStream("/dev/parley/bot/demo.yaml")) {
            token = server.channel(new String(demo.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyCurlExampleAnswersTheJsonShownAfterIt() throws IOException {
        String page = Files.readString(DOC, StandardCharsets.UTF_8);
        Matcher fence = FENCE.matcher(page);
        List<String> sent = new ArrayList<>();
        String command = "";
        int end = 0;
        while (fence.find()) {
            boolean follows = page.substring(end, fence.start()).isBlank();
            if (fence.group(1).equals("json") && follows && !command.isEmpty()) {
                Http.Response response = send(command);
                sent.add(command);
                assertThat(response.status()).as(command).isEqualTo(200);
                assertSame(Json.readTrusted(fence.group(2)), response.json(), command, "$");
            }
            String sh = fence.group(1).equals("sh") ? fence.group(2).replace("\\\n", " ").strip() : "";
            command = sh.startsWith("curl ") && sh.lines().count() == 1 ? sh : "";
            end = fence.end();
        }
        assertThat(sent).hasSizeGreaterThanOrEqualTo(6);
    }

    /** Sends a curl command line: {@code -X}, {@code -H}, {@code -d} and the URL; {@code -s} and {@code -i} ignored. */
    private Http.Response send(String command) {
        String method = "";
        String url = "";
        String body = null;
        Map<String, String> headers = new HashMap<>();
        List<String> words = words(substituted(command));
        for (int i = 1; i < words.size(); i++) {
            switch (words.get(i)) {
                case "-s", "-i" -> { }
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    String[] header = words.get(++i).split(":\\s*", 2);
                    headers.put(header[0], header[1]);
                }
                case "-d" -> body = words.get(++i);
                default -> url = words.get(i);
            }
        }
        String path = url.substring(url.indexOf('/'));
        return server.http().send(method.isEmpty() ? (body == null ? "GET" : "POST") : method, path, body, headers);
    }

    private String substituted(String command) {
        String text = command.replace("$TOKEN", token);
        for (Map.Entry<String, String> id : ids.entrySet()) {
            text = text.replace(id.getKey(), id.getValue());
        }
        return text;
    }

    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        Matcher word = TOKEN.matcher(command);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3));
        }
        return words;
    }

    private void assertSame(JsonNode documented, JsonNode actual, String command, String at) {
        String where = command + " at " + at;
        if (documented.isObject()) {
            assertThat(actual.isObject()).as(where).isTrue();
            assertThat(fields(actual)).as(where).isEqualTo(fields(documented));
            documented.properties().forEach(field -> {
                String key = field.getKey();
                if (VARYING.contains(key)) {
                    assertThat(actual.get(key).isTextual()).as(where + "." + key).isTrue();
                    if (key.equals("questionId")) {
                        ids.putIfAbsent(field.getValue().asText(), actual.get(key).asText());
                    }
                } else {
                    assertSame(field.getValue(), actual.get(key), command, at + "." + key);
                }
            });
        } else if (documented.isArray()) {
            assertThat(actual.size()).as(where).isEqualTo(documented.size());
            for (int i = 0; i < documented.size(); i++) {
                assertSame(documented.get(i), actual.get(i), command, at + "[" + i + "]");
            }
        } else if (documented.isNumber()) {
            assertThat(actual.decimalValue()).as(where).isEqualByComparingTo(documented.decimalValue());
        } else {
            assertThat(actual).as(where).isEqualTo(documented);
        }
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
