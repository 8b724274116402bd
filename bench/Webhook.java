import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Webhook benchmark against a running Parley: a local receiver, a channel whose webhook points at it, then
 *   rate  — async requests at a fixed rate: latency from the async 200 to the webhook call (p50, p99, max);
 *   max   — async requests as fast as 64 senders go: accepted/s and delivered/s end to end;
 *   campaign — a campaign of N recipients at a high rate: time until DONE, and every recipient delivered once.
 *   receive — only receives, for wrk to send the async requests (see receive()).
 * Usage: java bench/Webhook.java base=http://127.0.0.1:PORT admin=TOKEN scenario=YAML-FILE
 *        mode=rate|max|campaign|receive [rate=1000] [seconds=20] [recipients=100000]
 *        [tokenFile=PATH warmup=SECONDS slowFile=PATH]
 */
public class Webhook {

    private static final Pattern QUESTION = Pattern.compile("\"questionId\":\"([^\"]+)\"");
    private static final Pattern STAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
    /** In receive mode, measured messages at least this late are listed in slowFile= (arrival ms, lag ms). */
    private static final long SLOW_MILLIS = 50;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new ConcurrentHashMap<>();
        for (String a : args) {
            opt.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        String base = opt.get("base");
        Map<String, Long> received = new ConcurrentHashMap<>();
        Map<String, long[]> arrivals = new ConcurrentHashMap<>();
        AtomicLong calls = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            long now = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long wallNow = System.currentTimeMillis();
            Matcher m = QUESTION.matcher(body);
            Matcher ts = STAMP.matcher(body);
            while (m.find()) {
                received.putIfAbsent(m.group(1), now);
                if (ts.find()) {
                    long lag = wallNow - java.time.LocalDateTime.parse(ts.group(1))
                            .toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
                    arrivals.putIfAbsent(m.group(1), new long[] {wallNow, lag});
                }
            }
            calls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String scenario = java.nio.file.Files.readString(java.nio.file.Path.of(opt.get("scenario")));
        String created = post(http, base + "/api/v1/channels", "{\"name\":\"webhook-bench\",\"webhookUrl\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\",\"scenario\":" + quote(scenario) + "}", opt.get("admin"));
        String token = field(created, "token");
        long channelId = Long.parseLong(created.replaceAll(".*\"id\":(\\d+).*", "$1"));
        switch (opt.getOrDefault("mode", "rate")) {
            case "rate" -> rate(http, base, token, received, Integer.parseInt(opt.getOrDefault("rate", "1000")),
                    Integer.parseInt(opt.getOrDefault("seconds", "20")));
            case "max" -> max(http, base, token, received, Integer.parseInt(opt.getOrDefault("seconds", "20")));
            case "receive" -> receive(token, opt, received, arrivals);
            default -> campaign(http, base, opt.get("admin"), channelId, received, calls,
                    Integer.parseInt(opt.getOrDefault("recipients", "100000")));
        }
        receiver.stop(0);
        System.exit(0);
    }

    private static void rate(HttpClient http, String base, String token, Map<String, Long> received, int rate,
            int seconds) throws Exception {
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        long start = System.nanoTime();
        int total = rate * seconds;
        Semaphore inFlight = new Semaphore(512);
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            inFlight.acquire();
            pool.execute(() -> {
                try {
                    String answer = post(http, base + "/chatapi/" + token + "/async", "{\"clientId\":\"w-" + (n % 1000)
                            + "\",\"query\":\"hello\"}", null);
                    accepted.put(field(answer, "questionId"), System.nanoTime());
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    inFlight.release();
                }
            });
        }
        awaitAll(received, accepted, 30);
        long[] lat = accepted.entrySet().stream().filter(e -> received.containsKey(e.getKey()))
                .mapToLong(e -> Math.max(0, received.get(e.getKey()) - e.getValue())).sorted().toArray();
        System.out.printf("rate %d/s for %d s: sent %d, accepted %d, delivered %d, errors %d%n", rate, seconds, total,
                accepted.size(), lat.length, errors.get());
        System.out.printf("async 200 -> webhook call: p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                pct(lat, 50), pct(lat, 90), pct(lat, 99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
    }

    private static void max(HttpClient http, String base, String token, Map<String, Long> received, int seconds)
            throws Exception {
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
            int id = t;
            senders.add(Thread.ofVirtual().start(() -> {
                int n = 0;
                while (System.nanoTime() < end) {
                    try {
                        String answer = post(http, base + "/chatapi/" + token + "/async", "{\"clientId\":\"m-" + id
                                + "-" + (n++ % 16) + "\",\"query\":\"hello\"}", null);
                        accepted.put(field(answer, "questionId"), System.nanoTime());
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread s : senders) {
            s.join();
        }
        double acceptSeconds = (System.nanoTime() - start) / 1e9;
        awaitAll(received, accepted, 60);
        long lastDelivery = received.values().stream().mapToLong(Long::longValue).max().orElse(start);
        double deliverSeconds = (lastDelivery - start) / 1e9;
        long delivered = accepted.keySet().stream().filter(received::containsKey).count();
        System.out.printf("max: accepted %d in %.1f s (%.0f/s), delivered %d by %.1f s (%.0f turns/s end to end), errors %d%n",
                accepted.size(), acceptSeconds, accepted.size() / acceptSeconds, delivered, deliverSeconds,
                delivered / deliverSeconds, errors.get());
    }

    /**
     * Only receives: writes the channel token to {@code tokenFile} for an outside load tool (wrk) to send async
     * requests with, then reports what arrived during the measured window: the {@code seconds} that follow the first
     * {@code warmup} seconds after the token was written (the load tool runs its warm-up on the same channel, so the
     * window finds the receiver, the server's connections to it and both JITs warm). The lag is the webhook call's
     * arrival minus the envelope's own timestamp (when the reply was committed), so it covers delivery but not the
     * turn. With {@code slowFile}, every measured message 50 ms late or more is listed there (arrival, lag in ms).
     */
    private static void receive(String token, Map<String, String> opt, Map<String, Long> received,
            Map<String, long[]> arrivals) throws Exception {
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "0"));
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "20"));
        java.nio.file.Files.writeString(java.nio.file.Path.of(opt.get("tokenFile")), token);
        long from = System.currentTimeMillis() + warmup * 1000L;
        long to = from + seconds * 1000L;
        while (System.currentTimeMillis() < to + 2_000) {
            Thread.sleep(100);
        }
        long quietSince = System.nanoTime();
        int seen = received.size();
        while (System.nanoTime() - quietSince < 3_000_000_000L) {
            Thread.sleep(200);
            if (received.size() != seen) {
                seen = received.size();
                quietSince = System.nanoTime();
            }
        }
        List<long[]> window = arrivals.values().stream().filter(a -> a[0] >= from && a[0] < to).toList();
        long[] lags = window.stream().mapToLong(a -> a[1]).sorted().toArray();
        System.out.printf("received %d webhook messages in the %d s measured window: %.0f/s (%d in all);"
                        + " reply committed -> webhook call: p50 %d ms  p90 %d ms  p99 %d ms  max %d ms%n",
                window.size(), seconds, window.size() / (double) seconds, arrivals.size(), q(lags, 50), q(lags, 90),
                q(lags, 99), lags.length == 0 ? 0 : lags[lags.length - 1]);
        if (opt.containsKey("slowFile")) {
            java.nio.file.Files.write(java.nio.file.Path.of(opt.get("slowFile")), window.stream()
                    .filter(a -> a[1] >= SLOW_MILLIS).map(a -> a[0] + " " + a[1]).toList());
        }
    }

    private static long q(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    private static void campaign(HttpClient http, String base, String admin, long channelId,
            Map<String, Long> received, AtomicLong calls, int recipients) throws Exception {
        StringBuilder ids = new StringBuilder("[");
        for (int i = 0; i < recipients; i++) {
            ids.append(i == 0 ? "" : ",").append("\"cmp-").append(i).append('"');
        }
        long start = System.nanoTime();
        String created = post(http, base + "/api/v1/channels/" + channelId + "/campaigns", "{\"clientIds\":" + ids
                + "],\"text\":\"Sale today\",\"ratePerSecond\":10000}", admin);
        String id = created.replaceAll(".*\"id\":(\\d+).*", "$1");
        String status = "";
        while (!status.contains("\"status\":\"DONE\"") && System.nanoTime() - start < 600_000_000_000L) {
            Thread.sleep(500);
            status = get(http, base + "/api/v1/campaigns/" + id, admin);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (received.size() < recipients && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        System.out.printf("campaign of %d: %s after %.1f s (%.0f/s); webhook got %d distinct messages in %d calls%n",
                recipients, status, seconds, recipients / seconds, received.size(), calls.get());
    }

    private static void awaitAll(Map<String, Long> received, Map<String, Long> accepted, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!received.keySet().containsAll(accepted.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    private static String post(HttpClient http, String url, String body, String admin)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (admin != null) {
            b.header("Authorization", "Bearer " + admin);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static String get(HttpClient http, String url, String admin) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + admin).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
