/*
 * The `dialogs` benchmark (bench/dialogs.sh): a single-file Java program (JDK 21+, no dependencies beyond the JDK).
 *
 *   seed     base= token= clients=100000 turns=500000 from=0 workers=32
 *            Sends sync turns (POST /chatapi/{token}) through the server: turn n goes to client u(n mod clients), so
 *            every client has its turns in order and none has two in flight. Each turn stores two messages (the
 *            client's text and the bot's reply). Client texts are 3-8 words of a fixed vocabulary plus one of 500
 *            rare words (w0, w2, ..., w998: the generator's low bit alternates), chosen by turn number alone: the
 *            same turns give the same texts. Prints the
 *            turns done, so that an interrupted seed can resume with from=.
 *   measure  base= channel= admin= requests=300 warmup=50
 *            Runs each search and each client-list page of the benchmark `requests` times, one request at a time,
 *            and prints mean, p50, p99 and max latency per kind (HTTP round trip on this machine).
 */

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class Dialogs {

    private static final String[] WORDS = ("order orders ordered parcel delivery deliveries refund payment paid invoice"
            + " address change cancel cancelled late lamp chair table sofa price discount coupon card account password"
            + " login help please thanks where when why how what my the a is was not yet today tomorrow week shipping"
            + " tracking number broken damaged return returns size colour blue red green warranty store opening hours"
            + " phone email manager complaint great slow fast").split(" ");
    private static final Map<String, String> ARGS = new LinkedHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        for (String a : Arrays.copyOfRange(args, 1, args.length)) {
            ARGS.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        switch (args[0]) {
            case "seed" -> seed();
            case "measure" -> measure();
            default -> throw new IllegalArgumentException("mode seed or measure, not " + args[0]);
        }
    }

    static String arg(String key, String dflt) {
        String v = ARGS.getOrDefault(key, dflt);
        if (v == null) {
            throw new IllegalArgumentException("missing argument " + key + "=");
        }
        return v;
    }

    /** The client text of turn n: deterministic, 3-8 common words and one rare one (of even number). */
    static String text(long n) {
        long x = mix(n + 7);
        int count = 3 + (int) (x % 6);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            x = mix(x);
            out.append(WORDS[(int) ((x >>> 3) % WORDS.length)]).append(' ');
        }
        return out.append('w').append(mix(x) % 1000).toString();
    }

    private static long mix(long x) {
        return (x * 1103515245L + 12345L) & 0x7fffffffL;
    }

    static void seed() throws Exception {
        String url = arg("base", null) + "/chatapi/" + arg("token", null);
        long clients = Long.parseLong(arg("clients", "100000"));
        long turns = Long.parseLong(arg("turns", "500000"));
        long from = Long.parseLong(arg("from", "0"));
        int workers = Integer.parseInt(arg("workers", "32"));
        // worker w sends turns from+w, from+w+workers, ...: with workers dividing clients, a client's turns stay on
        // one worker, in order
        AtomicLong done = new AtomicLong(from);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                int worker = w;
                pool.submit(() -> {
                    for (long n = from + worker; n < turns; n += workers) {
                        String body = "{\"clientId\":\"u" + (n % clients) + "\",\"query\":\"" + text(n) + "\"}";
                        if (post(url, body) != 200) {
                            failed.incrementAndGet();
                        }
                        long d = done.incrementAndGet();
                        if (d % 50_000 == 0) {
                            System.out.printf(Locale.ROOT, "seeded %,d turns, %.0f turns/s%n", d,
                                    (d - from) / ((System.nanoTime() - start) / 1e9));
                        }
                    }
                    return null;
                });
            }
        }
        System.out.printf(Locale.ROOT, "turns=%d failed=%d seconds=%.0f%n", done.get(), failed.get(),
                (System.nanoTime() - start) / 1e9);
    }

    private static int post(String url, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static void measure() throws Exception {
        String channel = arg("base", null) + "/api/v1/channels/" + arg("channel", null);
        String admin = arg("admin", null);
        int requests = Integer.parseInt(arg("requests", "300"));
        int warmup = Integer.parseInt(arg("warmup", "50"));
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        kinds.put("search common word (order)", List.of(channel + "/search?text=order"));
        kinds.put("search bot reply word (something)", List.of(channel + "/search?text=something"));
        kinds.put("search rare word (w0..w998)", rare(channel, requests + warmup));
        kinds.put("search two words (refund w34..)", two(channel, requests + warmup));
        kinds.put("search no match (zebra)", List.of(channel + "/search?text=zebra"));
        kinds.put("search 5th page of a common word", List.of(fifthPage(channel, admin)));
        kinds.put("clients first page", List.of(channel + "/clients?limit=50"));
        kinds.put("clients deep page (after 50,000)", List.of(deepPage(channel, admin)));
        kinds.put("clients prefix u12345", List.of(channel + "/clients?prefix=u12345"));
        kinds.put("clients prefix matching none", List.of(channel + "/clients?prefix=nobody"));
        for (Map.Entry<String, List<String>> kind : kinds.entrySet()) {
            report(kind.getKey(), time(kind.getValue(), admin, warmup, requests));
        }
    }

    private static List<String> rare(String channel, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(channel + "/search?text=w" + (i * 74 % 1000));
        }
        return out;
    }

    private static List<String> two(String channel, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(channel + "/search?text=" + URLEncoder.encode("refund w" + (i * 34 % 1000), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String fifthPage(String channel, String admin) throws Exception {
        String url = channel + "/search?text=order";
        for (int page = 1; page < 5; page++) {
            url = channel + "/search?text=order&cursor=" + cursor(get(url, admin));
        }
        return url;
    }

    private static String deepPage(String channel, String admin) throws Exception {
        String url = channel + "/clients?limit=200";
        for (int page = 0; page < 250; page++) {
            url = channel + "/clients?limit=50&cursor=" + cursor(get(url, admin));
        }
        return url;
    }

    private static String cursor(String body) {
        Matcher m = Pattern.compile("\"nextCursor\":\"([^\"]+)\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no next page: " + body.substring(0, Math.min(200, body.length())));
        }
        return m.group(1);
    }

    private static String get(String url, String admin) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static long[] time(List<String> urls, String admin, int warmup, int requests) throws Exception {
        long[] nanos = new long[requests];
        for (int i = 0; i < warmup + requests; i++) {
            long t0 = System.nanoTime();
            get(urls.get(i % urls.size()), admin);
            if (i >= warmup) {
                nanos[i - warmup] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void report(String kind, long[] sorted) {
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        System.out.printf(Locale.ROOT, "%-38s n=%d mean=%.2f p50=%.2f p99=%.2f max=%.2f ms%n", kind, sorted.length,
                mean, sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
