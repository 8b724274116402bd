import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds many waiting event streams and long polls open on one server with a light client, then wakes some of them
 * at a steady rate and measures how soon each woken one answers.
 *
 * <pre>
 *   java bench/Streams.java base=http://127.0.0.1:8080 token=T conns=100000 addresses=5 rate=1000 seconds=30 \
 *       pid=SERVER_PID dir=OUT [waitPort=8081]
 * </pre>
 *
 * Half the connections are {@code GET /events/stream} (Server-Sent Events), half {@code GET /events?timeout=60} long
 * polls, each of its own client; a long poll that answers is sent again on the same connection, so the count stays.
 * All of them are handled by a few NIO selector threads (a few hundred bytes per connection on this side), opened
 * from the loopback addresses 127.0.0.2, 127.0.0.3, ... so that more than one address's ephemeral ports are used.
 * Once all wait, the server's heap after a full GC is taken ({@code jcmd GC.run}, {@code GC.heap_info}, and a class
 * histogram), then {@code rate} clients a second receive an async message each for {@code seconds}: the time from the
 * async call's 200 to the event's arrival on the stream or in the poll's answer is the wake latency. Errors: failed
 * connects, non-200 answers, connections the server closed, polls answered empty before their timeout, woken clients
 * that never got their event.
 */
public final class Streams {

    static String arg(String[] argv, String key, String fallback) {
        for (String a : argv) {
            if (a.startsWith(key + "=")) {
                return a.substring(key.length() + 1);
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException("missing " + key + "=");
        }
        return fallback;
    }

    static final int POLL_TIMEOUT = 60;

    /** One connection: a stream or a long poll of client {@code id}. Touched by its selector thread only. */
    static final class Conn {
        final int id;
        final boolean stream;
        final SocketChannel channel;
        ByteBuffer pending;          // request bytes not written yet
        final StringBuilder head = new StringBuilder(0);
        boolean headDone;
        int status;
        long contentLeft = -1;       // long poll: body bytes still to come
        StringBuilder body;          // long poll: the body so far
        long sentAt;                 // long poll: when the current poll was sent

        Conn(int id, boolean stream, SocketChannel channel) {
            this.id = id;
            this.stream = stream;
            this.channel = channel;
        }
    }

    final String host;
    final int port;
    /** Where the waiting connections go: the main port, or the server's PARLEY_STREAMS_PORT. */
    final int waitPort;
    final String token;
    final int conns;
    final int addresses;
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger waiting = new AtomicInteger();
    final AtomicInteger connectErrors = new AtomicInteger();
    final AtomicInteger closedByServer = new AtomicInteger();
    final AtomicInteger badStatus = new AtomicInteger();
    final AtomicInteger earlyEmpty = new AtomicInteger();
    final AtomicInteger pollsTimedOut = new AtomicInteger();
    final AtomicInteger heartbeats = new AtomicInteger();
    final List<String> firstErrors = new ArrayList<>();
    /** Per client: nanoTime its async call answered 200 (0: not woken), and when its event arrived (0: not yet). */
    final AtomicLongArray askedAt;
    final AtomicLongArray wokenAt;
    final AtomicLongArray arrivedAt;

    Streams(String[] argv) {
        URI base = URI.create(arg(argv, "base", null));
        host = base.getHost();
        port = base.getPort();
        waitPort = Integer.parseInt(arg(argv, "waitPort", String.valueOf(port)));
        token = arg(argv, "token", null);
        conns = Integer.parseInt(arg(argv, "conns", "100000"));
        addresses = Integer.parseInt(arg(argv, "addresses", "5"));
        askedAt = new AtomicLongArray(conns);
        wokenAt = new AtomicLongArray(conns);
        arrivedAt = new AtomicLongArray(conns);
    }

    synchronized void error(String what) {
        if (firstErrors.size() < 10) {
            firstErrors.add(what);
        }
    }

    static void log(String msg) {
        System.err.printf(Locale.ROOT, "%tT streams: %s%n", System.currentTimeMillis(), msg);
    }

    // ------------------------------------------------------------------ the selector side

    final class Loop implements Runnable {
        final Selector selector;
        final ConcurrentLinkedQueue<Conn> toRegister = new ConcurrentLinkedQueue<>();
        final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        final byte[] bytes = new byte[64 * 1024];

        Loop() throws IOException {
            selector = Selector.open();
        }

        void add(Conn c) {
            toRegister.add(c);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    selector.select(200);
                    for (Conn c = toRegister.poll(); c != null; c = toRegister.poll()) {
                        c.channel.register(selector, SelectionKey.OP_CONNECT, c);
                    }
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        handle(key, (Conn) key.attachment());
                    }
                }
            } catch (IOException e) {
                log("selector failed: " + e);
            }
        }

        void handle(SelectionKey key, Conn c) {
            try {
                if (key.isConnectable()) {
                    c.channel.finishConnect();
                    connected.incrementAndGet();
                    send(key, c);
                }
                if (key.isValid() && key.isWritable()) {
                    write(key, c);
                }
                if (key.isValid() && key.isReadable()) {
                    read(key, c);
                }
            } catch (IOException e) {
                if (!c.headDone && c.status == 0 && c.sentAt == 0) {
                    connectErrors.incrementAndGet();
                    error("connect " + c.id + ": " + e);
                } else {
                    closedByServer.incrementAndGet();
                    error("conn " + c.id + ": " + e);
                }
                key.cancel();
                close(c);
            }
        }

        void send(SelectionKey key, Conn c) throws IOException {
            String path = c.stream ? "/chatapi/" + token + "/events/stream?clientId=s" + c.id
                    : "/chatapi/" + token + "/events?clientId=s" + c.id + "&timeout=" + POLL_TIMEOUT;
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                    + (c.stream ? "Accept: text/event-stream\r\n" : "") + "\r\n";
            c.pending = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            c.head.setLength(0);
            c.headDone = false;
            c.status = 0;
            c.contentLeft = -1;
            c.body = null;
            c.sentAt = System.nanoTime();
            write(key, c);
        }

        void write(SelectionKey key, Conn c) throws IOException {
            c.channel.write(c.pending);
            if (c.pending.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
            } else {
                c.pending = null;
                key.interestOps(SelectionKey.OP_READ);
                waiting.incrementAndGet();
            }
        }

        void read(SelectionKey key, Conn c) throws IOException {
            in.clear();
            int n = c.channel.read(in);
            if (n < 0) {
                throw new IOException("closed by the server");
            }
            in.flip();
            in.get(bytes, 0, n);
            int at = 0;
            if (!c.headDone) {
                at = readHead(c, n);
                if (!c.headDone) {
                    return;
                }
                if (c.status != 200) {
                    badStatus.incrementAndGet();
                    error("conn " + c.id + " status " + c.status);
                }
            }
            String chunk = new String(bytes, at, n - at, StandardCharsets.UTF_8);
            if (c.stream) {
                onStreamData(c, chunk);
            } else {
                onPollData(key, c, chunk, n - at);
            }
        }

        /** Reads the response head; returns where the body starts in {@code bytes}. */
        int readHead(Conn c, int n) {
            for (int i = 0; i < n; i++) {
                c.head.append((char) bytes[i]);
                int len = c.head.length();
                if (len >= 4 && c.head.charAt(len - 1) == '\n' && c.head.charAt(len - 3) == '\n') {
                    String h = c.head.toString();
                    c.status = Integer.parseInt(h.substring(9, 12));
                    Matcher m = CONTENT_LENGTH.matcher(h);
                    c.contentLeft = m.find() ? Long.parseLong(m.group(1)) : -1;
                    c.headDone = true;
                    c.head.setLength(0);
                    c.head.trimToSize();
                    return i + 1;
                }
            }
            return n;
        }

        void onStreamData(Conn c, String chunk) {
            if (chunk.contains("event:")) {
                arrived(c.id);
            } else if (chunk.contains(":heartbeat")) {
                heartbeats.incrementAndGet();
            }
        }

        void onPollData(SelectionKey key, Conn c, String chunk, int n) throws IOException {
            if (c.body == null) {
                c.body = new StringBuilder();
            }
            c.body.append(chunk);
            c.contentLeft -= n;
            if (c.contentLeft > 0) {
                return;
            }
            waiting.decrementAndGet();
            String body = c.body.toString();
            if (body.contains("\"events\":[]")) {
                if ((System.nanoTime() - c.sentAt) / 1e9 < POLL_TIMEOUT - 1) {
                    earlyEmpty.incrementAndGet();
                    error("poll " + c.id + " answered empty after " + (System.nanoTime() - c.sentAt) / 1e9 + " s");
                } else {
                    pollsTimedOut.incrementAndGet();
                }
            } else {
                arrived(c.id);
            }
            send(key, c);   // the next poll on the same connection
        }

        void close(Conn c) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length:\\s*(\\d+)");

    void arrived(int id) {
        if (askedAt.get(id) != 0) {
            arrivedAt.compareAndSet(id, 0, System.nanoTime());
        }
    }

    // ------------------------------------------------------------------ the run

    void open(Loop[] loops) throws Exception {
        int batch = 500;
        for (int i = 0; i < conns; i++) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.bind(new InetSocketAddress("127.0.0." + (2 + i % addresses), 0));
            ch.connect(new InetSocketAddress(host, waitPort));
            loops[i % loops.length].add(new Conn(i, i % 2 == 0, ch));
            if ((i + 1) % batch == 0) {
                while (connected.get() + connectErrors.get() < i + 1 - 2_000) {
                    Thread.sleep(5);
                }
            }
            if ((i + 1) % 10_000 == 0) {
                log((i + 1) + " opened, " + waiting.get() + " waiting");
            }
        }
    }

    static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        return out;
    }

    static String serverMemory(long pid, Path dir, String label) throws Exception {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Files.writeString(dir.resolve("heap_info_" + label + ".txt"), info);
        Files.writeString(dir.resolve("class_histogram_" + label + ".txt"), jcmd(pid, "GC.class_histogram"));
        Matcher m = Pattern.compile("total(?: reserved \\d+K,)?(?: committed)? (\\d+)K, used (\\d+)K").matcher(info);
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
        return String.format(Locale.ROOT, "heap used after full GC %.1f MB (committed %.1f MB), RSS %.1f MB",
                m.find() ? Long.parseLong(m.group(2)) / 1024.0 : Double.NaN,
                Long.parseLong(m.group(1)) / 1024.0, rss.find() ? Long.parseLong(rss.group(1)) / 1024.0 : Double.NaN);
    }

    /**
     * Wakes {@code rate} random clients a second for {@code seconds}; returns the wake latencies in nanoseconds. First
     * it warms the server up at the same rate, unmeasured, as a running server would be: async turns of clients with
     * no connection for {@code WARM_SECONDS}, then a tenth of the waiting clients woken (and left out of the figures),
     * so that the JIT has compiled the turn and the answer paths.
     */
    long[] wake(int rate, int seconds) throws Exception {
        Sender sender = new Sender();
        // each client once, so that each arrival is unambiguous: the clients in a random order, rate a second
        int[] order = java.util.stream.IntStream.range(0, conns).toArray();
        for (int i = conns - 1; i > 0; i--) {
            int j = ThreadLocalRandom.current().nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int warm = conns / 10;
        sender.post(rate, rate * WARM_SECONDS, w -> "warm-" + w, w -> { }, w -> { });
        sender.post(rate, warm, w -> "s" + order[conns - 1 - w], w -> { }, w -> { });
        Thread.sleep(2_000);
        log("warmed up: " + rate * WARM_SECONDS + " async turns of other clients, " + warm + " waiting clients woken");
        int total = (int) Math.min((long) rate * seconds, conns - warm);
        if (total < (long) rate * seconds) {
            log("only " + (conns - warm) + " clients to wake once each: " + total + " wakes, " + total / rate + " s");
        }
        List<Integer> woken = new ArrayList<>();
        sender.post(rate, total, w -> "s" + order[w], w -> {
            askedAt.set(order[w], System.nanoTime());
            woken.add(order[w]);
        }, w -> wokenAt.compareAndSet(order[w], 0, System.nanoTime()));
        Thread.sleep(5_000);   // the last ones arrive
        long[] latencies = woken.stream().filter(id -> wokenAt.get(id) != 0 && arrivedAt.get(id) != 0)
                .mapToLong(id -> Math.max(0, arrivedAt.get(id) - wokenAt.get(id))).sorted().toArray();
        long missing = woken.stream().filter(id -> wokenAt.get(id) != 0 && arrivedAt.get(id) == 0).count();
        System.out.printf(Locale.ROOT, "woken %d clients in %.1f s (%d async errors), %d never got their event%n",
                woken.size(), (double) total / rate, sender.errors.get(), missing);
        if (missing > 0) {
            error(missing + " woken clients never got their event");
        }
        return latencies;
    }

    static final int WARM_SECONDS = 5;

    /** Sends async requests paced at a rate, at most 64 at once, as a real sender would. */
    final class Sender {
        final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4))
                .connectTimeout(Duration.ofSeconds(10)).build();
        final URI async = URI.create("http://" + host + ":" + port + "/chatapi/" + token + "/async");
        final Semaphore inFlight = new Semaphore(64);
        final AtomicInteger errors = new AtomicInteger();

        /**
         * Sends {@code count} requests at {@code rate}, the w-th for client {@code clientId(w)}: {@code sending(w)}
         * runs just before it goes, {@code answered(w)} when it is answered 200. Returns once all are answered.
         */
        void post(int rate, int count, java.util.function.IntFunction<String> clientId,
                java.util.function.IntConsumer sending, java.util.function.IntConsumer answered)
                throws InterruptedException {
            long start = System.nanoTime();
            for (int w = 0; w < count; w++) {
                long sleep = start + w * 1_000_000_000L / rate - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
                int which = w;
                String id = clientId.apply(w);
                sending.accept(w);
                inFlight.acquire();
                String body = "{\"clientId\":\"" + id + "\",\"query\":\"hello\"}";
                http.sendAsync(HttpRequest.newBuilder(async).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                            inFlight.release();
                            if (e != null || r.statusCode() != 200) {
                                errors.incrementAndGet();
                                error("async " + id + ": " + (e != null ? e : r.statusCode()));
                            } else {
                                answered.accept(which);
                            }
                        });
            }
            inFlight.acquire(64);
            inFlight.release(64);
        }
    }

    /** The server's own count of waiting polls and streams, from {@code /metrics}. */
    long serverWaiting() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + host + ":" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^parley_waiting_polls (\\S+)").matcher(r.body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    public static void main(String[] argv) throws Exception {
        Streams s = new Streams(argv);
        long pid = Long.parseLong(arg(argv, "pid", null));
        Path dir = Path.of(arg(argv, "dir", "."));
        int rate = Integer.parseInt(arg(argv, "rate", "1000"));
        int seconds = Integer.parseInt(arg(argv, "seconds", "30"));
        Loop[] loops = new Loop[2];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = s.new Loop();
            Thread.ofPlatform().daemon().name("selector-" + i).start(loops[i]);
        }
        System.out.println("server before: " + serverMemory(pid, dir, "before"));
        long t0 = System.nanoTime();
        s.open(loops);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (s.waiting.get() + s.connectErrors.get() + s.closedByServer.get() < s.conns
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        System.out.printf(Locale.ROOT, "opened %d connections (%d streams, %d polls) from %d addresses in %.1f s;"
                        + " %d waiting%n", s.connected.get(), (s.conns + 1) / 2, s.conns / 2, s.addresses,
                (System.nanoTime() - t0) / 1e9, s.waiting.get());
        // steady state: the server parked every one (its own gauge says so), and each stream sent a heartbeat
        long serverWaiting = 0;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((serverWaiting = s.serverWaiting()) < s.conns && System.nanoTime() < until) {
            Thread.sleep(500);
        }
        Thread.sleep(16_000);
        System.out.println("server with " + serverWaiting + " waiting (parley_waiting_polls), every stream past its"
                + " first heartbeat: " + serverMemory(pid, dir, "waiting"));
        long[] latencies = s.wake(rate, seconds);
        System.out.printf(Locale.ROOT, "wake (async 200 -> event on the stream or in the poll), %d woken:"
                        + " p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n", latencies.length,
                percentile(latencies, 0.50), percentile(latencies, 0.90), percentile(latencies, 0.99),
                percentile(latencies, 1.0));
        System.out.println("server after the wakes: " + serverMemory(pid, dir, "after"));
        int errors = s.connectErrors.get() + s.closedByServer.get() + s.badStatus.get() + s.earlyEmpty.get()
                + s.firstErrors.stream().filter(e -> e.contains("never got")).mapToInt(e -> 1).sum();
        System.out.printf(Locale.ROOT, "errors: %d (connect %d, closed by the server %d, status %d, early empty %d);"
                        + " polls ended by their timeout %d, heartbeats %d, still waiting %d%n", errors,
                s.connectErrors.get(), s.closedByServer.get(), s.badStatus.get(), s.earlyEmpty.get(),
                s.pollsTimedOut.get(), s.heartbeats.get(), s.waiting.get());
        synchronized (s) {
            s.firstErrors.forEach(e -> System.out.println("error: " + e));
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "client heap %.0f MB, pid %d%n", (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
                ManagementFactory.getRuntimeMXBean().getPid());
        System.exit(0);
    }
}
