/*
 * Parley fault-suite driver: a single-file Java program (JDK 21+, nothing beyond the JDK), run by bench/faults.sh.
 * The script injects the fault (stops PostgreSQL, fills the disk, kills the server...) and marks its start and end in
 * DIR/fault.start and DIR/fault.end (epoch milliseconds); this program loads the server around it and then checks
 * that nothing acknowledged was lost.
 *
 * Modes:
 *   run   base= admin= scenario=YAML dir=DIR case=NAME [syncRate=50 asyncRate=50 clients=100 after=15 settle=60
 *         maxSeconds=240 recoverMs=10000 faultMaxMs= faultP99Ms= faultErrors= healthDownMs=]
 *         Starts a webhook receiver on 127.0.0.1, creates a channel whose webhook points at it (token written to
 *         DIR/token, then DIR/ready), sends sync turns (POST /chatapi/{token}) and async turns (POST .../async) at
 *         fixed rates from their own clients (each from its own source address, 127.2.x.y), and probes GET /health on a fresh connection every 250 ms. It stops
 *         `after` seconds after DIR/fault.end appears (or after maxSeconds), then, without restarting anything:
 *         waits for /health, waits up to `settle` seconds for every accepted async turn's botResponse to show in
 *         /events (all=true) and at the webhook, and reads every client's history. Checks (each failure is listed):
 *           - every sync turn answered 200: its request and its reply are in the client's history;
 *           - every async turn answered 200: its request is in history, its botResponse in /events, its envelope
 *             arrived at the webhook;
 *           - the server answers /health 200 on a new connection after the load;
 *           - recovery: of the requests and probes sent after the fault ended, none fails later than recoverMs
 *             after it;
 *           - optional: faultMaxMs / faultP99Ms bound the latency of requests sent during the fault (never below 3
 *             times the p99 before it, so that a busy machine does not fail a case), faultErrors the
 *             number of failed requests sent during it, faultStatuses the statuses they may fail with, healthDownMs
 *             how soon /health must answer an error status (a probe that times out does not count).
 *         Prints a summary line and writes DIR/result.txt (key=value); exit status 0 when every check passed, 1 if not.
 *   hold  base= connections=N mode=idle|slow addresses=N [interval=2 readyFile=PATH]
 *         Opens N connections from `addresses` loopback source addresses (127.1.x.y) and holds them until killed:
 *         idle ones send nothing; slow ones send a request line, then one header byte every `interval` seconds and
 *         reconnect when the server closes them (a slowloris attacker). Writes "opened=A failed=B" to readyFile when
 *         the first round of connects is done, and counts to stdout every 5 s.
 */

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class Faults {

    private static final Map<String, String> ARGS = new LinkedHashMap<>();
    private static final int READ_TIMEOUT_MS = 35_000;   // above the server's 30 s sync deadline
    private static final int CONNECT_TIMEOUT_MS = 3_000;
    private static final int MAX_IN_FLIGHT = 5_000;

    static String arg(String key, String dflt) {
        String v = ARGS.get(key);
        if (v == null || v.isEmpty()) {
            if (dflt == null) {
                throw new IllegalArgumentException("missing argument " + key + "=");
            }
            return dflt;
        }
        return v;
    }

    static long longArg(String key, long dflt) {
        return Long.parseLong(arg(key, Long.toString(dflt)));
    }

    static void log(String msg) {
        System.err.printf(Locale.ROOT, "[%tT] %s%n", System.currentTimeMillis(), msg);
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: java bench/Faults.java run|hold key=value...");
            System.exit(2);
        }
        for (int i = 1; i < argv.length; i++) {
            int eq = argv[i].indexOf('=');
            ARGS.put(argv[i].substring(0, eq), argv[i].substring(eq + 1));
        }
        int status = switch (argv[0]) {
            case "run" -> new Run().run();
            case "hold" -> hold();
            default -> throw new IllegalArgumentException("unknown mode " + argv[0]);
        };
        System.exit(status);
    }

    // ---------------------------------------------------------------- a minimal HTTP/1.1 client

    record Resp(int status, String body) {
    }

    /** One keep-alive connection; used by one thread at a time. */
    static final class Conn {
        private final URI base;
        private final int readTimeoutMs;
        private final InetAddress from;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private boolean gotBytes;

        Conn(URI base, int readTimeoutMs) {
            this(base, readTimeoutMs, null);
        }

        /** A connection from a given loopback source address (null: the system's choice). */
        Conn(URI base, int readTimeoutMs, InetAddress from) {
            this.base = base;
            this.readTimeoutMs = readTimeoutMs;
            this.from = from;
        }

        boolean isOpen() {
            return socket != null;
        }

        Resp call(String method, String path, String json, String bearer) throws IOException {
            gotBytes = false;
            try {
                if (socket == null) {
                    Socket s = new Socket();
                    s.setTcpNoDelay(true);
                    if (from != null) {
                        s.bind(new InetSocketAddress(from, 0));
                    }
                    s.connect(new InetSocketAddress(base.getHost(), base.getPort()), CONNECT_TIMEOUT_MS);
                    s.setSoTimeout(readTimeoutMs);
                    socket = s;
                    in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
                    out = s.getOutputStream();
                }
                byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path)
                        .append(" HTTP/1.1\r\nHost: ").append(base.getHost()).append(':').append(base.getPort())
                        .append("\r\n");
                if (bearer != null) {
                    head.append("Authorization: Bearer ").append(bearer).append("\r\n");
                }
                if (json != null) {
                    head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length)
                            .append("\r\n");
                }
                byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
                byte[] all = Arrays.copyOf(h, h.length + body.length);
                System.arraycopy(body, 0, all, h.length, body.length);
                out.write(all);
                out.flush();
                return read();
            } catch (IOException | RuntimeException e) {
                close();
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }

        private Resp read() throws IOException {
            String status = line();
            if (status == null) {
                throw new IOException("connection closed before the status line");
            }
            int code = Integer.parseInt(status.split(" ", 3)[1]);
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = l.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (int n = Integer.parseInt(line().split(";", 2)[0].trim(), 16); n > 0;
                        n = Integer.parseInt(line().split(";", 2)[0].trim(), 16)) {
                    body.write(in.readNBytes(n));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                body.write(in.readNBytes((int) length));
            } else {
                body.write(in.readAllBytes());
                close = true;
            }
            if (close) {
                close();
            }
            return new Resp(code, body.toString(StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) != -1) {
                gotBytes = true;
                if (c == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                sb.append((char) c);
            }
            return sb.isEmpty() ? null : sb.toString();
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }

    /** One client's keep-alive connections, from its own address, like a client library's pool. */
    static final class Pool {
        private final URI base;
        private final InetAddress from;
        private final ConcurrentLinkedDeque<Conn> idle = new ConcurrentLinkedDeque<>();

        Pool(URI base, InetAddress from) {
            this.base = base;
            this.from = from;
        }

        /**
         * One request. A pooled connection the server closed while it sat idle (after a restart, say) fails before
         * any byte of an answer arrives: such a request is sent once more on a new connection, as HTTP clients do.
         */
        Resp call(String method, String path, String json) throws IOException {
            Conn c = idle.pollFirst();
            boolean reused = c != null;
            if (c == null) {
                c = new Conn(base, READ_TIMEOUT_MS, from);
            }
            try {
                Resp r = c.call(method, path, json, null);
                release(c);
                return r;
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (!reused || c.gotBytes) {
                    throw e;
                }
                Conn fresh = new Conn(base, READ_TIMEOUT_MS, from);
                Resp r = fresh.call(method, path, json, null);
                release(fresh);
                return r;
            }
        }

        private void release(Conn c) {
            if (c.isOpen()) {
                idle.offerFirst(c);
            }
        }

        void closeAll() {
            for (Conn c = idle.poll(); c != null; c = idle.poll()) {
                c.close();
            }
        }
    }

    /** A request's result: status is the HTTP code, or connect / timeout / io / saturated when none came. */
    record Outcome(String kind, String clientId, long startMs, long endMs, long nanos, String status,
            String questionId) {

        boolean ok() {
            return status.equals("200");
        }
    }

    static String failure(IOException e) {
        if (e instanceof ConnectException || e instanceof SocketTimeoutException && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("connect")) {
            return "connect";
        }
        return e instanceof SocketTimeoutException ? "timeout" : "io";
    }

    static final Pattern QUESTION_ID = Pattern.compile("\"questionId\":\"([^\"]+)\"");

    static String questionId(String json) {
        Matcher m = QUESTION_ID.matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // ---------------------------------------------------------------- run: load, fault window, checks

    static final class Run {
        private final URI base = URI.create(arg("base", null));
        private final Path dir = Path.of(arg("dir", null));
        private final String caseName = arg("case", "fault");
        private final Map<String, Pool> pools = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<Outcome> probes = new ConcurrentLinkedQueue<>();
        private final Map<String, Long> webhook = new ConcurrentHashMap<>();
        private final AtomicLong webhookCalls = new AtomicLong();
        private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        private final Map<String, String> result = new LinkedHashMap<>();
        private final List<String> failures = new ArrayList<>();
        private final int clients = (int) longArg("clients", 100);
        private volatile boolean stopping;
        private String token;

        int run() throws Exception {
            HttpServer receiver = startReceiver();
            token = createChannel(receiver.getAddress().getPort());
            Files.writeString(dir.resolve("token"), token);
            Files.writeString(dir.resolve("ready"), "ready");
            log(caseName + ": load started");
            long loadStart = System.currentTimeMillis();
            List<Thread> threads = List.of(
                    Thread.ofPlatform().start(() -> pace("sync", longArg("syncRate", 50))),
                    Thread.ofPlatform().start(() -> pace("async", longArg("asyncRate", 50))),
                    Thread.ofPlatform().start(this::probe));
            long faultEnd = awaitEndOfLoad(loadStart);
            stopping = true;
            long loadStop = System.currentTimeMillis();
            for (Thread t : threads) {
                t.join();
            }
            boolean drained = inFlight.tryAcquire(MAX_IN_FLIGHT, READ_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
            log(caseName + ": load stopped" + (drained ? "" : " (requests still in flight)"));
            pools.values().forEach(Pool::closeAll);
            long faultStart = mark("fault.start").orElse(loadStart);
            latencies(faultStart, faultEnd, loadStart);
            writeLines("failed-requests.txt", concat(outcomes, probes).stream().filter(o -> !o.ok())
                    .sorted((x, y) -> Long.compare(x.startMs(), y.startMs()))
                    .map(o -> String.format(Locale.ROOT, "%+d ms after the fault's start: %s %s -> %s in %d ms",
                            o.startMs() - faultStart, o.kind(), o.clientId(), o.status(), o.nanos() / 1_000_000))
                    .toList());
            recovery(faultStart, faultEnd, loadStop);
            verify(faultEnd);
            receiver.stop(0);
            return report();
        }

        private HttpServer startReceiver() throws IOException {
            HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            receiver.createContext("/hook", exchange -> {
                long now = System.currentTimeMillis();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = QUESTION_ID.matcher(body);
                while (m.find()) {
                    webhook.putIfAbsent(m.group(1), now);
                }
                webhookCalls.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            receiver.start();
            return receiver;
        }

        private String createChannel(int hookPort) throws IOException {
            String scenario = Files.readString(Path.of(arg("scenario", null)));
            String body = "{\"name\":\"faults-" + caseName + "\",\"webhookUrl\":\"http://127.0.0.1:" + hookPort
                    + "/hook\",\"scenario\":" + quote(scenario) + "}";
            Resp r = new Conn(base, 30_000).call("POST", "/api/v1/channels", body, arg("admin", null));
            if (r.status() != 201) {
                throw new IOException("channel creation answered " + r.status() + ": " + r.body());
            }
            Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
            if (!m.find()) {
                throw new IOException("no token in " + r.body());
            }
            return m.group(1);
        }

        /** Sends request i at start + i/rate on its own virtual thread, whatever became of the earlier ones. */
        private void pace(String kind, long rate) {
            long start = System.nanoTime();
            for (long i = 0; !stopping && rate > 0; i++) {
                long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    sleepNanos(wait);
                }
                String client = kind.charAt(0) + "-" + (i % clients);
                String query = switch ((int) (i / clients % 3)) {
                    case 0 -> "hello";
                    case 1 -> "order status";
                    default -> "blah blah";
                };
                if (!inFlight.tryAcquire()) {
                    long now = System.currentTimeMillis();
                    outcomes.add(new Outcome(kind, client, now, now, 0, "saturated", null));
                    continue;
                }
                Thread.ofVirtual().start(() -> {
                    try {
                        outcomes.add(send(kind, client, query));
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }

        /**
         * Each client connects from its own loopback address (127.2.x.y), as users do from theirs: a server that caps
         * connections per address treats them as the distinct clients they are.
         */
        private Pool pool(String kind, String client) {
            return pools.computeIfAbsent(client, c -> {
                int i = Integer.parseInt(c.substring(2));
                int high = (kind.equals("sync") ? 0 : 64) + i / 250;
                try {
                    return new Pool(base, InetAddress.getByAddress(new byte[] {127, 2, (byte) high,
                            (byte) (i % 250 + 1)}));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        private Outcome send(String kind, String client, String query) {
            String path = "/chatapi/" + token + (kind.equals("async") ? "/async" : "");
            String body = "{\"clientId\":\"" + client + "\",\"query\":\"" + query + "\"}";
            long startMs = System.currentTimeMillis();
            long t0 = System.nanoTime();
            String status;
            String qid = null;
            try {
                Resp r = pool(kind, client).call("POST", path, body);
                status = Integer.toString(r.status());
                qid = r.status() == 200 ? questionId(r.body()) : null;
                if (r.status() == 200 && qid == null) {
                    status = "200-without-questionId";
                }
            } catch (IOException e) {
                status = failure(e);
            }
            return new Outcome(kind, client, startMs, System.currentTimeMillis(), System.nanoTime() - t0, status, qid);
        }

        /** GET /health on a new connection every 250 ms: whether new connections are served, and what it says. */
        private void probe() {
            while (!stopping) {
                long startMs = System.currentTimeMillis();
                long t0 = System.nanoTime();
                String status;
                Conn c = new Conn(base, 2_000);
                try {
                    status = Integer.toString(c.call("GET", "/health", null, null).status());
                } catch (IOException e) {
                    status = failure(e);
                } finally {
                    c.close();
                }
                probes.add(new Outcome("health", "", startMs, System.currentTimeMillis(), System.nanoTime() - t0,
                        status, null));
                sleepNanos(Math.max(0, 250_000_000L - (System.nanoTime() - t0)));
            }
        }

        /** The load runs until `after` seconds past the fault's end; returns the fault's end (or now, if none). */
        private long awaitEndOfLoad(long loadStart) throws InterruptedException {
            long deadline = loadStart + longArg("maxSeconds", 240) * 1000;
            long after = longArg("after", 15) * 1000;
            while (System.currentTimeMillis() < deadline) {
                java.util.OptionalLong end = mark("fault.end");
                if (end.isPresent() && System.currentTimeMillis() >= end.getAsLong() + after) {
                    return end.getAsLong();
                }
                Thread.sleep(100);
            }
            failures.add("the fault did not end within maxSeconds=" + longArg("maxSeconds", 240));
            return mark("fault.end").orElse(System.currentTimeMillis());
        }

        private java.util.OptionalLong mark(String name) {
            try {
                String s = Files.readString(dir.resolve(name)).trim();
                return s.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(Long.parseLong(s));
            } catch (IOException | NumberFormatException e) {
                return java.util.OptionalLong.empty();
            }
        }

        // ------------------------------------------------------------ figures

        private void latencies(long faultStart, long faultEnd, long loadStart) {
            put("fault_s", String.format(Locale.ROOT, "%.1f", (faultEnd - faultStart) / 1000.0));
            List<Outcome> all = new ArrayList<>(outcomes);
            Map<String, Integer> byStatus = new TreeMap<>();
            all.forEach(o -> byStatus.merge(o.kind() + ":" + o.status(), 1, Integer::sum));
            put("requests", Integer.toString(all.size()));
            put("statuses", byStatus.toString().replace(" ", ""));
            // The baseline: requests over before the fault began (those it caught midway count in neither).
            List<Outcome> before = all.stream().filter(o -> o.endMs() < faultStart).toList();
            List<Outcome> during = all.stream()
                    .filter(o -> o.startMs() >= faultStart && o.startMs() <= faultEnd).toList();
            Map<String, Integer> duringStatus = new TreeMap<>();
            during.forEach(o -> duringStatus.merge(o.status(), 1, Integer::sum));
            put("during_statuses", duringStatus.toString().replace(" ", ""));
            put("during_failed", Long.toString(during.stream().filter(o -> !o.ok()).count()));
            latency("before", before);
            latency("during", during);
            long[] d = sortedMs(during);
            long[] dSync = sortedMs(during.stream().filter(o -> o.kind().equals("sync")).toList());
            // A busy machine slows everything: a latency limit is never below 3 times the p99 before the fault.
            long floor = 3 * pct(sortedMs(before), 99);
            long maxLimit = Math.max(longArg("faultMaxMs", 0), floor);
            if (ARGS.containsKey("faultMaxMs") && d.length > 0 && d[d.length - 1] > maxLimit) {
                failures.add("a request sent during the fault took " + d[d.length - 1] + " ms (limit " + maxLimit
                        + " ms)");
            }
            long p99Limit = Math.max(longArg("faultP99Ms", 0), floor);
            if (ARGS.containsKey("faultP99Ms") && pct(dSync, 99) > p99Limit) {
                failures.add("sync turns during the fault: p99 " + pct(dSync, 99) + " ms (limit " + p99Limit + " ms)");
            }
            long failed = during.stream().filter(o -> !o.ok()).count();
            if (ARGS.containsKey("faultErrors") && failed > longArg("faultErrors", 0)) {
                failures.add(failed + " of " + during.size() + " requests sent during the fault failed "
                        + duringStatus + " (allowed " + arg("faultErrors", "") + ")");
            }
            if (ARGS.containsKey("faultStatuses")) {
                Set<String> allowed = Set.of(arg("faultStatuses", "").split(","));
                Map<String, Integer> other = new TreeMap<>(duringStatus);
                other.keySet().removeIf(k -> k.equals("200") || allowed.contains(k));
                if (!other.isEmpty()) {
                    failures.add("requests sent during the fault failed otherwise than with " + allowed + ": " + other);
                }
            }
            if (during.isEmpty()) {
                failures.add("no request was sent during the fault");
            }
        }

        private void latency(String name, List<Outcome> list) {
            long[] a = sortedMs(list);
            put(name + "_requests", Integer.toString(a.length));
            put(name + "_p50_ms", Long.toString(pct(a, 50)));
            put(name + "_p99_ms", Long.toString(pct(a, 99)));
            put(name + "_max_ms", Long.toString(a.length == 0 ? 0 : a[a.length - 1]));
        }

        private static long[] sortedMs(List<Outcome> list) {
            return list.stream().mapToLong(o -> o.nanos() / 1_000_000).sorted().toArray();
        }

        /**
         * Health during the fault, and recovery: the end of the last failed request or probe sent after the fault
         * ended, measured from the fault's end (0 when none failed).
         */
        private void recovery(long faultStart, long faultEnd, long loadStop) {
            List<Outcome> p = probes.stream().sorted((a, b) -> Long.compare(a.startMs(), b.startMs())).toList();
            Map<String, Integer> during = new TreeMap<>();
            p.stream().filter(o -> o.startMs() >= faultStart && o.startMs() <= faultEnd)
                    .forEach(o -> during.merge(o.status(), 1, Integer::sum));
            put("health_during", during.toString().replace(" ", ""));
            // Down: an answer other than 200 (503...), not a probe that timed out or could not connect.
            java.util.OptionalLong down = p.stream().filter(o -> o.startMs() >= faultStart && !o.ok()
                    && o.status().chars().allMatch(Character::isDigit)).mapToLong(Outcome::endMs).findFirst();
            put("health_down_after_ms", down.isPresent() ? Long.toString(down.getAsLong() - faultStart) : "never");
            if (ARGS.containsKey("healthDownMs") && (down.isEmpty()
                    || down.getAsLong() - faultStart > longArg("healthDownMs", 0))) {
                failures.add("/health did not answer an error status within " + arg("healthDownMs", "")
                        + " ms of the fault's start (" + (down.isPresent() ? "first after " + (down.getAsLong()
                        - faultStart) + " ms" : "never") + "; probes during the fault: " + during + ")");
            }
            // Requests sent during the fault are the fault's figures; recovery looks at those sent after it. Requests
            // and /health are judged apart: health stays down until writes have not failed for 10 s, by design.
            long recover = lastFailure(outcomes, faultEnd);
            long healthUp = lastFailure(p, faultEnd);
            boolean stillFailing = outcomes.stream().anyMatch(o -> o.startMs() > loadStop - 2_000 && !o.ok());
            boolean healthStillDown = p.stream().anyMatch(o -> o.startMs() > loadStop - 2_000 && !o.ok());
            put("recovered_after_ms", stillFailing ? "never" : Long.toString(recover));
            put("health_up_after_ms", healthStillDown ? "never" : Long.toString(healthUp));
            if (stillFailing) {
                failures.add("requests were still failing when the load stopped, "
                        + (loadStop - faultEnd) / 1000 + " s after the fault ended");
            } else if (recover > longArg("recoverMs", 10_000)) {
                failures.add("requests sent after the fault ended failed until " + recover + " ms after it (limit "
                        + arg("recoverMs", "10000") + " ms)");
            }
            // a /health still down here is reported, not failed: verify() requires it to answer 200 before it checks
        }

        /** The end of the last failed one of {@code sent} started after {@code faultEnd}, from it (0: none failed). */
        private static long lastFailure(java.util.Collection<Outcome> sent, long faultEnd) {
            long lastBad = faultEnd;
            for (Outcome o : sent) {
                if (o.startMs() >= faultEnd && !o.ok()) {
                    lastBad = Math.max(lastBad, o.endMs());
                }
            }
            return lastBad - faultEnd;
        }

        private static List<Outcome> concat(java.util.Collection<Outcome> a, java.util.Collection<Outcome> b) {
            List<Outcome> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }

        // ------------------------------------------------------------ checks

        private void verify(long faultEnd) throws InterruptedException {
            long settleEnd = System.currentTimeMillis() + longArg("settle", 60) * 1000;
            List<Outcome> sync = outcomes.stream().filter(o -> o.kind().equals("sync") && o.ok()).toList();
            List<Outcome> async = outcomes.stream().filter(o -> o.kind().equals("async") && o.ok()).toList();
            put("sync_acked", Integer.toString(sync.size()));
            put("async_acked", Integer.toString(async.size()));
            if (!awaitHealthy(settleEnd)) {
                failures.add("the server did not answer /health 200 on a new connection within "
                        + arg("settle", "60") + " s after the load: nothing could be verified");
                return;
            }
            Map<String, Set<String>> replies = awaitAsyncReplies(async, settleEnd);
            Set<String> inEvents = new HashSet<>();
            replies.values().forEach(inEvents::addAll);
            long asyncEvents = async.stream().filter(o -> inEvents.contains(o.questionId())).count();
            long asyncHooks = async.stream().filter(o -> webhook.containsKey(o.questionId())).count();
            Map<String, Set<String>> history = history(outcomes.stream().map(Outcome::clientId)
                    .filter(c -> !c.isEmpty()).distinct().toList());
            long syncRequests = sync.stream().filter(o -> history.getOrDefault("CLIENT", Set.of())
                    .contains(o.questionId())).count();
            long syncReplies = sync.stream().filter(o -> history.getOrDefault("BOT", Set.of())
                    .contains(o.questionId())).count();
            long asyncRequests = async.stream().filter(o -> history.getOrDefault("CLIENT", Set.of())
                    .contains(o.questionId())).count();
            put("sync_in_history", syncRequests + "/" + syncReplies);
            put("async_in_history", Long.toString(asyncRequests));
            put("async_replies_events", Long.toString(asyncEvents));
            put("async_replies_webhook", Long.toString(asyncHooks));
            put("webhook_calls", Long.toString(webhookCalls.get()));
            long[] lag = async.stream().filter(o -> webhook.containsKey(o.questionId()))
                    .mapToLong(o -> Math.max(0, webhook.get(o.questionId()) - o.endMs())).sorted().toArray();
            put("webhook_lag_p50_ms", Long.toString(pct(lag, 50)));
            put("webhook_lag_max_ms", Long.toString(lag.length == 0 ? 0 : lag[lag.length - 1]));
            check(sync.size() - syncRequests, "acknowledged sync turns whose request is missing from history");
            check(sync.size() - syncReplies, "acknowledged sync turns whose reply is missing from history");
            check(async.size() - asyncRequests, "acknowledged async turns whose request is missing from history");
            check(async.size() - asyncEvents, "acknowledged async turns without a botResponse in /events after "
                    + arg("settle", "60") + " s");
            check(async.size() - asyncHooks, "acknowledged async turns whose reply never reached the webhook after "
                    + arg("settle", "60") + " s");
            List<String> missing = async.stream().filter(o -> !webhook.containsKey(o.questionId()))
                    .map(o -> o.questionId() + " " + o.clientId() + " accepted at " + o.endMs()).toList();
            writeLines("async-missing.txt", missing);
        }

        private void check(long missing, String what) {
            if (missing > 0) {
                failures.add(missing + " " + what);
            }
        }

        private boolean awaitHealthy(long until) throws InterruptedException {
            do {
                Conn c = new Conn(base, 2_000);
                try {
                    if (c.call("GET", "/health", null, null).status() == 200) {
                        return true;
                    }
                } catch (IOException e) {
                    // not yet
                } finally {
                    c.close();
                }
                Thread.sleep(500);
            } while (System.currentTimeMillis() < until);
            return false;
        }

        /** questionIds of botResponse events per async client, polled until all arrived or the settle time ends. */
        private Map<String, Set<String>> awaitAsyncReplies(List<Outcome> async, long until)
                throws InterruptedException {
            Map<String, Set<String>> expected = new HashMap<>();
            async.forEach(o -> expected.computeIfAbsent(o.clientId(), k -> new HashSet<>()).add(o.questionId()));
            Map<String, Set<String>> seen = new HashMap<>();
            Map<String, String> cursor = new HashMap<>();
            while (true) {
                boolean complete = true;
                for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
                    Set<String> got = seen.computeIfAbsent(e.getKey(), k -> new HashSet<>());
                    if (!got.containsAll(e.getValue())) {
                        readEvents(e.getKey(), got, cursor);
                    }
                    complete &= got.containsAll(e.getValue());
                }
                boolean hooks = async.stream().allMatch(o -> webhook.containsKey(o.questionId()));
                if (complete && hooks || System.currentTimeMillis() >= until) {
                    return seen;
                }
                Thread.sleep(1_000);
            }
        }

        private static final Pattern ITEM = Pattern.compile("\\{\"type\":\"(\\w+)\",\"event\":\\{");
        private static final Pattern STAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");

        private void readEvents(String client, Set<String> got, Map<String, String> cursor) {
            Conn c = new Conn(base, 10_000);
            try {
                for (int page = 0; page < 100; page++) {
                    String ts = cursor.getOrDefault(client, "0");
                    Resp r = c.call("GET", "/chatapi/" + token + "/events?clientId=" + client + "&all=true&timeout=0&ts="
                            + ts, null, null);
                    if (r.status() != 200) {
                        return;
                    }
                    Matcher item = ITEM.matcher(r.body());
                    List<int[]> starts = new ArrayList<>();
                    List<String> types = new ArrayList<>();
                    while (item.find()) {
                        starts.add(new int[] {item.start()});
                        types.add(item.group(1));
                    }
                    for (int i = 0; i < starts.size(); i++) {
                        int from = starts.get(i)[0];
                        int to = i + 1 < starts.size() ? starts.get(i + 1)[0] : r.body().length();
                        String qid = questionId(r.body().substring(from, to));
                        if (types.get(i).equals("botResponse") && qid != null) {
                            got.add(qid);
                        }
                    }
                    Matcher stamp = STAMP.matcher(r.body());
                    String newest = ts;
                    while (stamp.find()) {
                        if (newest.equals("0") || stamp.group(1).compareTo(newest) > 0) {
                            newest = stamp.group(1);
                        }
                    }
                    cursor.put(client, newest);
                    if (!r.body().contains("\"hasMore\":true")) {
                        return;
                    }
                }
            } catch (IOException e) {
                // counted as missing; the next round reads again
            } finally {
                c.close();
            }
        }

        /** Every questionId in the clients' histories, by author (CLIENT, BOT...). */
        private Map<String, Set<String>> history(List<String> clientIds) {
            Map<String, Set<String>> byAuthor = new HashMap<>();
            Pattern entry = Pattern.compile("\"questionId\":\"([^\"]+)\",\"author\":\"(\\w+)\"");
            Conn c = new Conn(base, 30_000);
            try {
                for (String client : clientIds) {
                    for (int offset = 0; ; offset += 1000) {
                        Resp r = c.call("GET", "/chatapi/" + token + "/client/" + client + "/history?limit=1000&offset="
                                + offset, null, null);
                        if (r.status() != 200) {
                            failures.add("history of " + client + " answered " + r.status());
                            break;
                        }
                        Matcher m = entry.matcher(r.body());
                        int n = 0;
                        while (m.find()) {
                            byAuthor.computeIfAbsent(m.group(2), k -> new HashSet<>()).add(m.group(1));
                            n++;
                        }
                        if (n < 1000) {
                            break;
                        }
                    }
                }
            } catch (IOException e) {
                failures.add("reading history failed: " + e);
            } finally {
                c.close();
            }
            return byAuthor;
        }

        // ------------------------------------------------------------ output

        private void put(String key, String value) {
            result.put(key, value);
        }

        private int report() throws IOException {
            boolean pass = failures.isEmpty();
            put("result", pass ? "PASS" : "FAIL");
            StringBuilder kv = new StringBuilder();
            result.forEach((k, v) -> kv.append(k).append('=').append(v).append('\n'));
            failures.forEach(f -> kv.append("failure=").append(f).append('\n'));
            Files.writeString(dir.resolve("result.txt"), kv.toString());
            String summary = String.format(Locale.ROOT, "%-13s %s  sync acked %s, in history %s (request/reply);"
                            + " async acked %s, in history %s, replies via /events %s, via webhook %s;"
                            + " errors %s; before the fault p50 %s ms p99 %s ms; during the fault (%s s): p50 %s ms"
                            + " p99 %s ms max %s ms;"
                            + " async 200 -> webhook max %s ms; /health probes on new connections during the fault %s,"
                            + " error status after %s; recovered %s after the fault, /health up again after %s",
                    caseName, get("result"), get("sync_acked"), get("sync_in_history"), get("async_acked"),
                    get("async_in_history"), get("async_replies_events"), get("async_replies_webhook"), errors(),
                    get("before_p50_ms"), get("before_p99_ms"), get("fault_s"), get("during_p50_ms"), get("during_p99_ms"), get("during_max_ms"),
                    get("webhook_lag_max_ms"), get("health_during"),
                    ms(get("health_down_after_ms")), ms(get("recovered_after_ms")), ms(get("health_up_after_ms")));
            if (Long.parseLong(result.getOrDefault("before_p99_ms", "0")) > 1_000) {
                summary += "\n  NOTE: p99 above 1 s before the fault: the machine was busy, latency figures are disturbed";
            }
            System.out.println(summary);
            failures.forEach(f -> System.out.println("  FAILED: " + f));
            Files.writeString(dir.resolve("summary.txt"), summary + "\n"
                    + String.join("", failures.stream().map(f -> "  FAILED: " + f + "\n").toList()));
            return pass ? 0 : 1;
        }

        private String get(String key) {
            return result.getOrDefault(key, "-");
        }

        private static String ms(String value) {
            return value.equals("never") || value.equals("-") ? value : value + " ms";
        }

        /** Non-200 answers and failures of the load, by status. */
        private String errors() {
            Map<String, Integer> e = new TreeMap<>();
            outcomes.stream().filter(o -> !o.ok()).forEach(o -> e.merge(o.status(), 1, Integer::sum));
            return e.isEmpty() ? "none" : e.toString().replace(" ", "");
        }

        private void writeLines(String name, List<String> lines) {
            try {
                Files.write(dir.resolve(name), lines);
            } catch (IOException e) {
                log("cannot write " + name + ": " + e);
            }
        }
    }

    static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- hold: idle or slow connections

    static int hold() throws Exception {
        URI base = URI.create(arg("base", null));
        int connections = (int) longArg("connections", 1100);
        int addresses = (int) Math.max(1, longArg("addresses", connections));
        boolean slow = arg("mode", "idle").equals("slow");
        long interval = longArg("interval", 2) * 1000;
        AtomicInteger open = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger closedByServer = new AtomicInteger();
        AtomicInteger firstRound = new AtomicInteger(connections);
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            int a = i % addresses;
            InetAddress from = InetAddress.getByAddress(new byte[] {127, 1, (byte) (a / 250), (byte) (a % 250 + 1)});
            Thread.ofVirtual().start(() -> {
                boolean first = true;
                while (true) {
                    Socket s = new Socket();
                    try {
                        s.bind(new InetSocketAddress(from, 0));
                        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), CONNECT_TIMEOUT_MS);
                        open.incrementAndGet();
                        synchronized (sockets) {
                            sockets.add(s);
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        closeQuietly(s);
                        if (first) {
                            firstRound.decrementAndGet();
                        }
                        sleepNanos(500_000_000L);
                        first = false;
                        continue;
                    }
                    if (first) {
                        firstRound.decrementAndGet();
                        first = false;
                    }
                    if (!slow) {
                        return;   // idle: held open until the process ends
                    }
                    dribble(s, base, interval);
                    open.decrementAndGet();
                    closedByServer.incrementAndGet();
                    closeQuietly(s);
                    sleepNanos(200_000_000L);
                }
            });
        }
        while (firstRound.get() > 0) {
            Thread.sleep(100);
        }
        String ready = "opened=" + open.get() + " failed=" + failed.get();
        System.out.println(ready);
        if (ARGS.containsKey("readyFile")) {
            Files.writeString(Path.of(arg("readyFile", null)), ready + "\n");
        }
        while (true) {
            Thread.sleep(5_000);
            System.out.printf(Locale.ROOT, "[%tT] open %d, connect failures %d, closed by the server %d%n",
                    System.currentTimeMillis(), open.get(), failed.get(), closedByServer.get());
        }
    }

    /** A request line, then a header one byte at a time, until a write fails or the server answers or closes. */
    private static void dribble(Socket s, URI base, long intervalMs) {
        try {
            s.setSoTimeout(1);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: " + base.getHost() + "\r\nX-Slow: ")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (true) {
                Thread.sleep(intervalMs);
                try {
                    in.read();
                    return;   // the server answered (an error) or closed: this connection is over
                } catch (SocketTimeoutException stillOpen) {
                    // nothing from the server: keep dribbling
                }
                out.write('a');
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // closed by the server
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
