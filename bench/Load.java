/*
 * Parley benchmark load generator: a single-file Java program (JDK 21+, no dependencies beyond the JDK), run by
 * bench/run.sh as `java bench/Load.java <mode> key=value...`. It speaks HTTP/1.1 over plain sockets on virtual
 * threads (one connection per virtual thread, keep-alive), so that 10,000 waiting long polls cost the client
 * little and every timestamp is taken right where the bytes arrive.
 *
 * Modes (every one is bounded in time and stops by itself):
 *   async     base= token= rate=500 seconds=20 clients=1000 out=FILE
 *             Each client keeps a long poll (GET /events, timeout=25) waiting and sends POST /async on a fixed
 *             schedule (client k%clients sends request k at t0 + k/rate). Reports accepted/s, the latency of the
 *             async call itself, and end-to-end latency: async 200 received -> the waiting poll's answer carrying
 *             that questionId (and, for reference, async sent -> poll answer).
 *   history   base= token= clients=h100,h100k requests=2000 warmup=300 out=FILE
 *             GET history?limit=100, newest first (order=desc) and oldest first (order=asc), for each client,
 *             interleaved round-robin on one connection; mean/p50/p99/max per variant and the ratio.
 *   longpoll  base= token= polls=10000 wake=200 timeout=55 pid=SERVER_PID out=FILE
 *             Opens `polls` concurrent long polls of distinct clients, measures the server heap (jcmd GC.run then
 *             GC.heap_info) and RSS while all wait, wakes `wake` of them with POST /async and reports the wake
 *             latency (async 200 -> poll answer); then waits for every other poll to end by its timeout and counts
 *             errors (connect/IO failures, non-200, a woken poll without its reply, an early empty answer).
 *   sql       db=PATH|url=JDBC-URL sql=STATEMENT [sql=...]   (needs the driver: run with -cp target/parley.jar)
 *             Runs statements on a stopped server's database and prints result rows; used to seed the history
 *             scenario and to check what the sync scenario's bot answered.
 */

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class Load {

    // ---------------------------------------------------------------- arguments and output

    private static final Map<String, List<String>> ARGS = new LinkedHashMap<>();
    private static final StringBuilder REPORT = new StringBuilder();

    static String arg(String key, String dflt) {
        List<String> v = ARGS.get(key);
        if (v == null || v.isEmpty()) {
            if (dflt == null) {
                throw new IllegalArgumentException("missing argument " + key + "=");
            }
            return dflt;
        }
        return v.get(v.size() - 1);
    }

    static int intArg(String key, int dflt) {
        return Integer.parseInt(arg(key, Integer.toString(dflt)));
    }

    /** A result line: printed and kept for the out= file, as key=value. */
    static void put(String key, Object value) {
        String v = value instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(value);
        String line = key + "=" + v;
        System.out.println(line);
        REPORT.append(line).append('\n');
    }

    static void log(String msg) {
        System.err.printf(Locale.ROOT, "[%tT] %s%n", System.currentTimeMillis(), msg);
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: java bench/Load.java async|history|longpoll|sql key=value...");
            System.exit(2);
        }
        for (int i = 1; i < argv.length; i++) {
            int eq = argv[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value: " + argv[i]);
            }
            ARGS.computeIfAbsent(argv[i].substring(0, eq), k -> new ArrayList<>()).add(argv[i].substring(eq + 1));
        }
        switch (argv[0]) {
            case "async" -> async();
            case "history" -> history();
            case "longpoll" -> longpoll();
            case "sql" -> sql();
            default -> throw new IllegalArgumentException("unknown mode " + argv[0]);
        }
        String out = arg("out", "");
        if (!out.isEmpty()) {
            Files.writeString(Path.of(out), REPORT.toString());
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- a minimal HTTP/1.1 client

    record Resp(int status, String body) {
    }

    /** One keep-alive connection; not thread-safe (one virtual thread uses it at a time). */
    static final class Conn implements AutoCloseable {
        private final String host;
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Conn(URI base) {
            this.host = base.getHost();
            this.port = base.getPort();
        }

        void open() throws IOException {
            if (socket == null) {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), 30_000);
                socket = s;
                in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
                out = s.getOutputStream();
            }
        }

        /** Writes a request; {@link #read()} reads its answer (split so a poll can be sent before it is awaited). */
        void send(String method, String path, String json) throws IOException {
            open();
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(200).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
            if (json != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(h, h.length + body.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            out.write(all);
            out.flush();
        }

        Resp read() throws IOException {
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
                while (true) {
                    String size = line();
                    int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                    if (n == 0) {
                        while (!line().isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    body.write(in.readNBytes(n));
                    line();
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

        Resp call(String method, String path, String json) throws IOException {
            try {
                send(method, path, json);
                return read();
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                sb.append((char) c);
            }
            return sb.isEmpty() ? null : sb.toString();
        }

        @Override
        public void close() {
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

    static final Pattern QUESTION_ID = Pattern.compile("\"questionId\"\\s*:\\s*\"([^\"]+)\"");

    static String questionId(String json) {
        Matcher m = QUESTION_ID.matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String asyncBody(String clientId, String query) {
        return "{\"clientId\":\"" + clientId + "\",\"query\":\"" + query + "\"}";
    }

    // ---------------------------------------------------------------- statistics

    /** Latency samples in nanoseconds. */
    static final class Samples {
        private final ConcurrentLinkedQueue<Long> values = new ConcurrentLinkedQueue<>();

        void add(long nanos) {
            values.add(nanos);
        }

        long[] sorted() {
            long[] a = values.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(a);
            return a;
        }

        int count() {
            return values.size();
        }

        /** Writes name_count, name_mean_ms, name_p50_ms, ... name_max_ms. */
        void report(String name) {
            long[] a = sorted();
            put(name + "_count", a.length);
            if (a.length == 0) {
                return;
            }
            double sum = 0;
            for (long v : a) {
                sum += v;
            }
            put(name + "_mean_ms", sum / a.length / 1e6);
            put(name + "_p50_ms", pct(a, 50) / 1e6);
            put(name + "_p90_ms", pct(a, 90) / 1e6);
            put(name + "_p99_ms", pct(a, 99) / 1e6);
            put(name + "_max_ms", a[a.length - 1] / 1e6);
        }

        double mean() {
            long[] a = sorted();
            double sum = 0;
            for (long v : a) {
                sum += v;
            }
            return a.length == 0 ? Double.NaN : sum / a.length;
        }

        static long pct(long[] sorted, double p) {
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }

    /** CPU seconds (user + system) a process used so far, from /proc/PID/stat; NaN when unreadable. */
    static double processCpu(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;   // CLK_TCK is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Busy CPU seconds of the whole machine so far, from /proc/stat. */
    static double machineCpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return busy / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds of a PostgreSQL server so far: the postmaster with its reaped children, and its live backends;
     * 0 without one (dbpid=0).
     */
    static double databaseCpu(long postmaster) {
        if (postmaster <= 0) {
            return 0;
        }
        double sum = 0;
        try {
            String stat = Files.readString(Path.of("/proc/" + postmaster + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
            sum += (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                    / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
            double c = processCpu(child.pid());
            sum += Double.isNaN(c) ? 0 : c;
        }
        return sum;
    }

    /** CPU split over a measured window: the server, this load generator, the database, and every other process. */
    record CpuWindow(long nanos, double server, double self, double database, double machine) {
        static CpuWindow now(long serverPid) {
            return new CpuWindow(System.nanoTime(), serverPid > 0 ? processCpu(serverPid) : Double.NaN,
                    processCpu(ProcessHandle.current().pid()), databaseCpu(Long.parseLong(arg("dbpid", "0"))),
                    machineCpu());
        }

        void report(CpuWindow end) {
            double wall = (end.nanos - nanos) / 1e9;
            double srv = end.server - server;
            double gen = end.self - self;
            double dbCpu = end.database - database;
            double other = Math.max(0, end.machine - machine - srv - gen - dbCpu);
            put("window_wall_s", wall);
            put("window_server_cpu_s", srv);
            put("window_generator_cpu_s", gen);
            put("window_database_cpu_s", dbCpu);
            put("window_other_cpu_s", other);
            String line = String.format(Locale.ROOT,
                    "cpu over %.1fs wall on %d cores: server %.1f s (%.0f%% of a core), load generator %.1f s,"
                            + "%s other processes %.1f s",
                    wall, Runtime.getRuntime().availableProcessors(), srv, srv / wall * 100, gen,
                    arg("dbpid", "0").equals("0") ? "" : String.format(Locale.ROOT, " postgres %.1f s,", dbCpu),
                    other);
            String dir = arg("dir", "");
            if (!dir.isEmpty()) {
                try {
                    Files.writeString(Path.of(dir, "window.cpu"), line + "\n");
                } catch (IOException e) {
                    log("cannot write window.cpu: " + e);
                }
            }
        }
    }

    /** Parks until the deadline (no spinning: a spinning generator steals the server's CPU on a small machine). */
    static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    // ---------------------------------------------------------------- async + events

    static void async() throws Exception {
        URI base = URI.create(arg("base", null));
        String token = arg("token", null);
        int rate = intArg("rate", 500);
        int seconds = intArg("seconds", 20);
        int clients = intArg("clients", 1000);
        String prefix = arg("prefix", "a");
        int total = rate * seconds;
        String asyncPath = "/chatapi/" + token + "/async";
        String[] queries = {"hello", "Order", "blah blah"};

        Samples call = new Samples();       // async sent -> async 200
        Samples e2e = new Samples();        // async 200 -> poll answer with the reply
        int buckets = seconds + 1;
        Samples[] e2eBySecond = new Samples[buckets];   // the same, by the second of the run the request was sent
        Arrays.setAll(e2eBySecond, i -> new Samples());
        Samples fromSend = new Samples();   // async sent -> poll answer with the reply
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger replyBefore200 = new AtomicInteger();
        AtomicInteger extraPolls = new AtomicInteger();
        AtomicLong maxLag = new AtomicLong();
        AtomicLong firstSend = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastAccept = new AtomicLong();
        List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());

        // Open every client's poll first, so the first sends find them waiting.
        long t0 = System.nanoTime() + 3_000_000_000L;
        long hardStop = t0 + (seconds + 40) * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(clients);
        log("async: " + total + " requests at " + rate + "/s over " + clients + " clients");
        for (int c = 0; c < clients; c++) {
            final int client = c;
            Thread.ofVirtual().start(() -> {
                String id = prefix + client;
                String pollPath = "/chatapi/" + token + "/events?clientId=" + enc(id) + "&timeout=25";
                Conn poll = new Conn(base);
                Conn post = new Conn(base);
                // The poll reader runs on its own virtual thread and hands each answer, stamped when it arrived,
                // to the sender, so an answer that beats the async 200 is seen as such.
                java.util.concurrent.BlockingQueue<Object[]> answers = new java.util.concurrent.LinkedBlockingQueue<>();
                java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        while (!stop.get()) {
                            poll.send("GET", pollPath, null);
                            Resp p = poll.read();
                            answers.add(new Object[] {System.nanoTime(), p});
                        }
                    } catch (IOException e) {
                        if (!stop.get()) {
                            answers.add(new Object[] {System.nanoTime(), e});
                        }
                    }
                });
                try {
                    for (int j = 0; ; j++) {
                        long k = (long) j * clients + client;
                        if (k >= total) {
                            break;
                        }
                        long at = t0 + k * 1_000_000_000L / rate;
                        sleepUntil(at);
                        long sent = System.nanoTime();
                        maxLag.accumulateAndGet(sent - at, Math::max);
                        firstSend.accumulateAndGet(sent, Math::min);
                        Resp r;
                        try {
                            r = post.call("POST", asyncPath, asyncBody(id, queries[j % 3]));
                        } catch (IOException e) {
                            errors.incrementAndGet();
                            firstErrors.add("async io: " + e);
                            continue;
                        }
                        long ok = System.nanoTime();
                        if (r.status() != 200) {
                            errors.incrementAndGet();
                            firstErrors.add("async status " + r.status() + " " + r.body());
                            continue;
                        }
                        accepted.incrementAndGet();
                        lastAccept.accumulateAndGet(ok, Math::max);
                        call.add(ok - sent);
                        String qid = questionId(r.body());
                        // Wait for the poll answer that carries qid; other answers (an empty timeout) are counted.
                        while (true) {
                            long left = hardStop - System.nanoTime();
                            Object[] a = left > 0 ? answers.poll(left, TimeUnit.NANOSECONDS) : null;
                            if (a == null) {
                                throw new IOException("hard stop: reply of " + qid + " never seen");
                            }
                            long seen = (Long) a[0];
                            if (a[1] instanceof IOException e) {
                                throw e;
                            }
                            Resp p = (Resp) a[1];
                            if (p.status() != 200) {
                                errors.incrementAndGet();
                                firstErrors.add("poll status " + p.status() + " " + p.body());
                                break;
                            }
                            if (p.body().contains(qid)) {
                                if (seen < ok) {
                                    replyBefore200.incrementAndGet();
                                }
                                e2e.add(Math.max(0, seen - ok));
                                fromSend.add(seen - sent);
                                e2eBySecond[(int) Math.min(buckets - 1, Math.max(0, (sent - t0) / 1_000_000_000L))]
                                        .add(Math.max(0, seen - ok));
                                break;
                            }
                            extraPolls.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    firstErrors.add(id + ": " + e);
                } finally {
                    stop.set(true);
                    poll.close();
                    post.close();
                    try {
                        reader.join(1000);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                    done.countDown();
                }
            });
        }
        long serverPid = Long.parseLong(arg("pid", "0"));
        sleepUntil(t0);
        CpuWindow window = CpuWindow.now(serverPid);
        if (!done.await(seconds + 60L, TimeUnit.SECONDS)) {
            log("async: some clients did not finish in time");
            errors.addAndGet((int) done.getCount());
        }
        window.report(CpuWindow.now(serverPid));
        double span = (lastAccept.get() - firstSend.get()) / 1e9;
        put("offered_rate", rate);
        put("requests", total);
        put("accepted", accepted.get());
        put("accepted_per_s", accepted.get() / span);
        put("errors", errors.get());
        put("max_schedule_lag_ms", maxLag.get() / 1e6);
        put("reply_before_async_200", replyBefore200.get());
        put("extra_polls", extraPolls.get());
        call.report("async_call");
        e2e.report("e2e_from_200");
        fromSend.report("e2e_from_send");
        System.err.println("second  replies  e2e_p50_ms  e2e_p99_ms  e2e_max_ms   (async 200 -> reply, by second sent)");
        for (int i = 0; i < buckets; i++) {
            long[] a = e2eBySecond[i].sorted();
            if (a.length > 0) {
                System.err.printf(Locale.ROOT, "%6d  %7d  %10.1f  %10.1f  %10.1f%n", i, a.length,
                        Samples.pct(a, 50) / 1e6, Samples.pct(a, 99) / 1e6, a[a.length - 1] / 1e6);
            }
        }
        synchronized (firstErrors) {
            firstErrors.stream().limit(5).forEach(e -> log("error: " + e));
        }
    }

    // ---------------------------------------------------------------- history

    static void history() throws Exception {
        URI base = URI.create(arg("base", null));
        String token = arg("token", null);
        String[] clients = arg("clients", "h100,h100k").split(",");
        int requests = intArg("requests", 2000);
        int warmup = intArg("warmup", 300);
        String[] orders = {"desc", "asc"};
        List<String> names = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (String order : orders) {
            for (String c : clients) {
                names.add(c + "_" + order);
                paths.add("/chatapi/" + token + "/client/" + enc(c) + "/history?limit=100&order=" + order);
            }
        }
        Samples[] samples = new Samples[paths.size()];
        int[] errors = new int[paths.size()];
        Arrays.setAll(samples, i -> new Samples());
        try (Conn conn = new Conn(base)) {
            // Check the seeded data first: each page has 100 messages, and the total is what was seeded.
            for (int v = 0; v < paths.size(); v++) {
                Resp r = conn.call("GET", paths.get(v), null);
                Matcher m = Pattern.compile("\"totalCount\"\\s*:\\s*(\\d+)").matcher(r.body());
                int msgs = r.body().split("\"author\"", -1).length - 1;
                put(names.get(v) + "_status", r.status());
                put(names.get(v) + "_totalCount", m.find() ? m.group(1) : "?");
                put(names.get(v) + "_page_messages", msgs);
                put(names.get(v) + "_page_bytes", r.body().length());
            }
            CpuWindow window = null;
            long serverPid = Long.parseLong(arg("pid", "0"));
            for (int round = 0; round < warmup + requests; round++) {
                if (round == warmup) {
                    window = CpuWindow.now(serverPid);
                }
                for (int v = 0; v < paths.size(); v++) {
                    long t = System.nanoTime();
                    Resp r = conn.call("GET", paths.get(v), null);
                    long d = System.nanoTime() - t;
                    if (r.status() != 200) {
                        errors[v]++;
                    } else if (round >= warmup) {
                        samples[v].add(d);
                    }
                }
            }
            if (window != null) {
                window.report(CpuWindow.now(serverPid));
            }
        }
        put("requests_per_variant", requests);
        for (int v = 0; v < paths.size(); v++) {
            put(names.get(v) + "_errors", errors[v]);
            samples[v].report(names.get(v));
        }
        // Ratio of the big client's page time to the small one's, per order (mean and p99).
        for (String order : orders) {
            int small = names.indexOf(clients[0] + "_" + order);
            int big = names.indexOf(clients[clients.length - 1] + "_" + order);
            long[] a = samples[small].sorted();
            long[] b = samples[big].sorted();
            put("ratio_mean_" + order, samples[big].mean() / samples[small].mean());
            put("ratio_p99_" + order, (double) Samples.pct(b, 99) / Samples.pct(a, 99));
        }
    }

    // ---------------------------------------------------------------- 10,000 waiting long polls

    static String jcmd(long pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(Arrays.asList(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** The server's heap used after a full GC (KB), from GC.heap_info, plus RSS and OS threads from /proc. */
    static void serverMemory(long pid, String label) throws Exception {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Files.writeString(Path.of(arg("dir", ".")).resolve("heap_info_" + label + ".txt"), info);
        // G1: " garbage-first heap   total reserved 524288K, committed 77824K, used 30815K [..."
        // Serial/Parallel: "total 1234K, used 567K"
        Matcher m = Pattern.compile("total(?: reserved \\d+K,)?(?: committed)? (\\d+)K, used (\\d+)K")
                .matcher(info);
        if (m.find()) {
            put(label + "_heap_committed_mb", Long.parseLong(m.group(1)) / 1024.0);
            put(label + "_heap_used_after_gc_mb", Long.parseLong(m.group(2)) / 1024.0);
        } else {
            put(label + "_heap_info", "unparsed, see heap_info_" + label + ".txt");
        }
        if (label.equals("waiting")) {
            // What the heap holds while the polls wait: the top of the class histogram.
            String histo = jcmd(pid, "GC.class_histogram");
            Files.writeString(Path.of(arg("dir", ".")).resolve("class_histogram_" + label + ".txt"), histo);
        }
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
        Matcher threads = Pattern.compile("Threads:\\s+(\\d+)").matcher(status);
        if (rss.find()) {
            put(label + "_rss_mb", Long.parseLong(rss.group(1)) / 1024.0);
        }
        if (threads.find()) {
            put(label + "_os_threads", threads.group(1));
        }
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            put(label + "_open_fds", fds.count());
        }
    }

    static void longpoll() throws Exception {
        URI base = URI.create(arg("base", null));
        String token = arg("token", null);
        int polls = intArg("polls", 10_000);
        int wake = intArg("wake", 200);
        int timeout = intArg("timeout", 55);
        long pid = Long.parseLong(arg("pid", null));
        int batch = intArg("batch", 250);
        String prefix = arg("prefix", "lp");
        int every = Math.max(1, polls / Math.max(1, wake));

        AtomicInteger connectErrors = new AtomicInteger();
        AtomicInteger ioErrors = new AtomicInteger();
        AtomicInteger badStatus = new AtomicInteger();
        AtomicInteger early = new AtomicInteger();
        AtomicInteger wokenWithoutReply = new AtomicInteger();
        AtomicInteger timedOutOk = new AtomicInteger();
        AtomicInteger wokenOk = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        Samples openTimes = new Samples();
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] answered = new CompletableFuture[polls];   // nanoTime the poll answered
        String[] answers = new String[polls];
        long[] started = new long[polls];
        CountDownLatch finished = new CountDownLatch(polls);

        put("polls", polls);
        put("poll_timeout_s", timeout);
        serverMemory(pid, "before");

        log("longpoll: opening " + polls + " polls in batches of " + batch);
        long rampStart = System.nanoTime();
        for (int i = 0; i < polls; i++) {
            final int n = i;
            answered[n] = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                Conn conn = new Conn(base);
                try {
                    long t = System.nanoTime();
                    try {
                        conn.open();
                    } catch (IOException e) {
                        connectErrors.incrementAndGet();
                        firstErrors.add("connect: " + e);
                        return;
                    }
                    conn.send("GET", "/chatapi/" + token + "/events?clientId=" + prefix + n + "&timeout=" + timeout,
                            null);
                    started[n] = System.nanoTime();
                    openTimes.add(started[n] - t);
                    sent.incrementAndGet();
                    Resp r = conn.read();
                    long at = System.nanoTime();
                    answers[n] = r.body();
                    if (r.status() != 200) {
                        badStatus.incrementAndGet();
                        firstErrors.add("poll " + n + " status " + r.status() + " " + r.body());
                    } else if (n % every == 0 && wokenCount(n, every, wake)) {
                        // one of the polls to wake: judged by the waker
                    } else if (r.body().contains("\"events\":[]")) {
                        if ((at - started[n]) / 1e9 < timeout - 1) {
                            early.incrementAndGet();
                            firstErrors.add("poll " + n + " answered empty after " + (at - started[n]) / 1e9 + " s");
                        } else {
                            timedOutOk.incrementAndGet();
                        }
                    } else {
                        badStatus.incrementAndGet();
                        firstErrors.add("poll " + n + " unexpected events " + r.body());
                    }
                    answered[n].complete(at);
                } catch (Exception e) {
                    ioErrors.incrementAndGet();
                    firstErrors.add("poll " + n + ": " + e);
                } finally {
                    answered[n].complete(-1L);
                    conn.close();
                    finished.countDown();
                }
            });
            if ((i + 1) % batch == 0) {
                Thread.sleep(25);
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (sent.get() + connectErrors.get() + ioErrors.get() < polls && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double ramp = (System.nanoTime() - rampStart) / 1e9;
        put("ramp_s", ramp);
        put("polls_sent", sent.get());
        openTimes.report("poll_connect_and_send");
        Thread.sleep(3000);   // let the server park the last ones
        long openNow = Arrays.stream(answered).filter(f -> !f.isDone()).count();
        put("polls_waiting_at_measure", openNow);
        serverMemory(pid, "waiting");
        long stillWaiting = Arrays.stream(answered).filter(f -> !f.isDone()).count();
        put("polls_waiting_after_measure", stillWaiting);

        // Wake `wake` of them, one every 20 ms, each by an async request to its client.
        Samples wakeFrom200 = new Samples();
        Samples wakeFromSend = new Samples();
        Samples asyncCall = new Samples();
        AtomicInteger wakeErrors = new AtomicInteger();
        log("longpoll: waking " + wake);
        CpuWindow window = CpuWindow.now(pid);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> wakes = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int w = 0; w < wake; w++) {
                final int n = w * every;
                final long at = t0 + w * 20_000_000L;
                wakes.add(CompletableFuture.runAsync(() -> {
                    try (Conn post = new Conn(base)) {
                        post.open();
                        sleepUntil(at);
                        long s = System.nanoTime();
                        Resp r = post.call("POST", "/chatapi/" + token + "/async", asyncBody(prefix + n, "hello"));
                        long ok = System.nanoTime();
                        if (r.status() != 200) {
                            wakeErrors.incrementAndGet();
                            firstErrors.add("wake async status " + r.status());
                            return;
                        }
                        asyncCall.add(ok - s);
                        String qid = questionId(r.body());
                        long seen = answered[n].get(10, TimeUnit.SECONDS);
                        if (seen < 0 || answers[n] == null || !answers[n].contains(qid)) {
                            wokenWithoutReply.incrementAndGet();
                            firstErrors.add("woken poll " + n + " lacks " + qid + ": " + answers[n]);
                            return;
                        }
                        wokenOk.incrementAndGet();
                        wakeFrom200.add(Math.max(0, seen - ok));
                        wakeFromSend.add(seen - s);
                    } catch (Exception e) {
                        wakeErrors.incrementAndGet();
                        firstErrors.add("wake " + n + ": " + e);
                    }
                }, ex));
            }
            CompletableFuture.allOf(wakes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        window.report(CpuWindow.now(pid));
        put("woken", wokenOk.get());
        wakeFrom200.report("wake_from_200");
        wakeFromSend.report("wake_from_send");
        asyncCall.report("wake_async_call");

        log("longpoll: waiting for the other polls to time out (" + timeout + " s after they were sent)");
        if (!finished.await(timeout + 30L, TimeUnit.SECONDS)) {
            firstErrors.add(finished.getCount() + " polls still open " + (timeout + 30) + " s after the ramp");
        }
        put("timed_out_empty_ok", timedOutOk.get());
        put("errors_connect", connectErrors.get());
        put("errors_io", ioErrors.get());
        put("errors_status_or_body", badStatus.get());
        put("errors_early_empty", early.get());
        put("errors_woken_without_reply", wokenWithoutReply.get());
        put("errors_wake", wakeErrors.get());
        put("errors_unfinished", finished.getCount());
        int errors = connectErrors.get() + ioErrors.get() + badStatus.get() + early.get() + wokenWithoutReply.get()
                + wakeErrors.get() + (int) finished.getCount();
        put("errors", errors);
        synchronized (firstErrors) {
            firstErrors.stream().limit(5).forEach(e -> log("error: " + e));
        }
        put("client_heap_mb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0);
        put("client_pid", ManagementFactory.getRuntimeMXBean().getPid());
    }

    static boolean wokenCount(int n, int every, int wake) {
        return n / every < wake;
    }

    // ---------------------------------------------------------------- SQL on a stopped server's database

    static void sql() throws Exception {
        String url = arg("url", "");
        String db = url.isEmpty() ? "jdbc:sqlite:" + arg("db", null) : url;
        try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement()) {
            for (String s : ARGS.getOrDefault("sql", List.of())) {
                long t = System.nanoTime();
                if (st.execute(s)) {
                    try (ResultSet rs = st.getResultSet()) {
                        int n = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            StringBuilder row = new StringBuilder();
                            for (int i = 1; i <= n; i++) {
                                row.append(i > 1 ? "|" : "").append(rs.getString(i));
                            }
                            System.out.println(row);
                        }
                    }
                } else {
                    log(st.getUpdateCount() + " rows in " + (System.nanoTime() - t) / 1_000_000 + " ms: "
                            + s.replaceAll("\\s+", " ").substring(0, Math.min(80, s.replaceAll("\\s+", " ").length())));
                }
            }
        }
    }

    private Load() {
    }

    static {
        System.setOut(new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }
}
