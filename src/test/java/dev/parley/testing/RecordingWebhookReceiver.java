package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A local webhook endpoint for tests: records every call and answers from a script of statuses and delays (after
 * the script runs out, {@code 200} at once).
 */
public final class RecordingWebhookReceiver implements AutoCloseable {

    /** One recorded call. */
    public record Call(Map<String, String> headers, String body, long receivedAt, int status) {
        public JsonNode json() {
            return Json.readTrusted(body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** One scripted answer. */
    public record Answer(int status, long delayMillis, String body) {
        public Answer(int status, long delayMillis) {
            this(status, delayMillis, "");
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();

    public RecordingWebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Queues answers for the next calls, in order. */
    public RecordingWebhookReceiver answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Drops the answers not used yet: from now on every call gets {@code 200}. */
    public void clearScript() {
        script.clear();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Waits until {@code count} calls matching {@code which} arrived, or fails after {@code millis}. */
    public List<Call> await(int count, long millis, Predicate<Call> which) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            List<Call> matching = new ArrayList<>(calls.stream().filter(which).toList());
            if (matching.size() >= count) {
                return matching;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("expected " + count + " webhook calls, got " + calls.size() + ": " + calls);
    }

    public List<Call> await(int count, long millis) {
        return await(count, millis, c -> true);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
        Answer answer = script.poll();
        if (answer != null && answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = answer == null ? 200 : answer.status();
        calls.add(new Call(Map.copyOf(headers), body, System.currentTimeMillis(), status));
        byte[] answerBody = answer == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answerBody.length == 0 ? -1 : answerBody.length);
        if (answerBody.length > 0) {
            exchange.getResponseBody().write(answerBody);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
