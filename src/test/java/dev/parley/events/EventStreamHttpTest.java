package dev.parley.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.EventStreams;
import dev.parley.testing.Scenarios;
import dev.parley.testing.TestServer;
import java.net.http.HttpClient;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventStreamHttpTest {

    private static TestServer server;
    private static String path;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        path = "/chatapi/" + server.channel(Scenarios.SHOP);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Iterator<String> open(String query, Map<String, String> headers) throws Exception {
        return EventStreams.open(client, server.port(), path + "/events/stream?" + query, headers);
    }

    private static List<String> read(Iterator<String> lines, int count) throws Exception {
        return EventStreams.idsAndNames(lines, count);
    }

    @Test
    void streamDeliversNewEventsAsServerSentEvents() throws Exception {
        Iterator<String> lines = open("clientId=sse-1", Map.of());
        server.http().post(path + "/async", Map.of("clientId", "sse-1", "query", "hello"));

        List<String> seen = read(lines, 1);

        assertThat(seen).anyMatch(l -> l.matches("id: ?\\d+"));
        assertThat(seen).contains("event:botResponse");
    }

    @Test
    void streamResumesAfterLastEventIdWithNoGap() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.http().post(path, Map.of("clientId", "sse-2", "query", "hello " + i));
        }
        Iterator<String> all = open("clientId=sse-2&all=true&ts=0", Map.of());
        List<String> first = read(all, 6);
        String secondId = first.stream().filter(l -> l.startsWith("id:")).skip(1).findFirst().orElseThrow();

        Iterator<String> resumed = open("clientId=sse-2&all=true", Map.of("Last-Event-ID",
                secondId.substring(3).trim()));
        List<String> rest = read(resumed, 4);

        List<String> expectedIds = first.stream().filter(l -> l.startsWith("id:")).skip(2).toList();
        assertThat(rest.stream().filter(l -> l.startsWith("id:")).toList()).containsExactlyElementsOf(expectedIds);
    }
}
