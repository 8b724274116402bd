/*
 * Summarizes a JFR recording of the server (bench/run.sh sync with BENCH_JFR=1):
 *   java bench/JfrSummary.java server.jfr
 * Prints, over all execution samples (Java and native), the share of samples whose stack contains each layer
 * (inclusive: a sample counts for every layer on its stack), the top self frames, and the top "first Parley
 * frames" (the innermost dev.parley method on each stack), so one can see where a turn's CPU goes.
 */

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

public final class JfrSummary {

    private static final Map<String, String> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("SQLite native calls (org.sqlite.core.NativeDB)", "org.sqlite.core.NativeDB.");
        LAYERS.put("  of which statement preparation (NativeDB.prepare*)", "org.sqlite.core.NativeDB.prepare");
        LAYERS.put("Parley store (dev.parley.store)", "dev.parley.store.");
        LAYERS.put("sqlite-jdbc (org.sqlite)", "org.sqlite.");
        LAYERS.put("HikariCP", "com.zaxxer.hikari.");
        LAYERS.put("JDBI", "org.jdbi.");
        LAYERS.put("Jackson", "com.fasterxml.jackson.");
        LAYERS.put("SnakeYAML", "org.snakeyaml.");
        LAYERS.put("Lucene", "org.apache.lucene.");
        LAYERS.put("Helidon", "io.helidon.");
        LAYERS.put("Parley bot engine (dev.parley.bot)", "dev.parley.bot.");
        LAYERS.put("Parley conversation (dev.parley.conversation)", "dev.parley.conversation.");
        LAYERS.put("Parley events (dev.parley.events)", "dev.parley.events.");
        LAYERS.put("Parley chatapi routes", "dev.parley.chatapi.");
        LAYERS.put("Parley http (dev.parley.http)", "dev.parley.http.");
        LAYERS.put("virtual thread scheduling (Continuation/ForkJoinPool)", "jdk.internal.vm.Continuation.");
        LAYERS.put("socket I/O (sun.nio.ch)", "sun.nio.ch.");
    }

    public static void main(String[] args) throws Exception {
        List<RecordedEvent> all = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample") || type.equals("jdk.NativeMethodSample")) {
                all.add(e);
            }
        }
        // Samples by thread: platform threads by name (trailing number dropped), virtual threads as one group.
        Map<String, Integer> byThread = new HashMap<>();
        for (RecordedEvent e : all) {
            byThread.merge(group(e), 1, Integer::sum);
        }
        print("samples by thread (all kinds, idle native waits included):", byThread, all.size(), 10);
        System.out.println();
        System.out.println("=== all threads");
        summarize(all);
        // The SQLite writer thread on its own (when the server has one): the serial stage of every write.
        List<RecordedEvent> writer = all.stream().filter(e -> group(e).startsWith("parley-sqlite-writer")).toList();
        if (!writer.isEmpty()) {
            System.out.println();
            System.out.println("=== the SQLite writer thread only");
            summarize(writer);
        }
    }

    private static String group(RecordedEvent e) {
        jdk.jfr.consumer.RecordedThread t = e.getThread("sampledThread");
        if (t == null) {
            return "?";
        }
        if (t.isVirtual()) {
            return "(virtual threads)";
        }
        String name = t.getJavaName() == null ? t.getOSName() : t.getJavaName();
        return name == null ? "?" : name.replaceAll("[-#]?\\d+$", "");
    }

    private static void summarize(List<RecordedEvent> samples) {
        int total = 0;
        Map<String, Integer> layers = new LinkedHashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> firstParley = new HashMap<>();
        Map<String, Integer> kinds = new HashMap<>();
        for (RecordedEvent e : samples) {
            if (e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            // Native samples of threads parked in epoll/accept are idle waits, not work: skip them.
            String top = name(frames.get(0));
            boolean nativeSample = e.getEventType().getName().equals("jdk.NativeMethodSample");
            if (nativeSample && (top.contains("EPoll.wait") || top.contains("accept") || top.contains("Net.poll")
                    || top.contains("park") || top.contains("Object.wait") || top.contains("sleep"))) {
                continue;
            }
            total++;
            kinds.merge(nativeSample ? "native" : "java", 1, Integer::sum);
            self.merge(top, 1, Integer::sum);
            java.util.Set<String> seen = new java.util.HashSet<>();
            String parley = null;
            for (RecordedFrame f : frames) {
                String n = name(f);
                for (Map.Entry<String, String> l : LAYERS.entrySet()) {
                    if (n.startsWith(l.getValue()) && seen.add(l.getKey())) {
                        layers.merge(l.getKey(), 1, Integer::sum);
                    }
                }
                if (parley == null && n.startsWith("dev.parley.")) {
                    parley = n;
                }
            }
            firstParley.merge(parley == null ? "(no Parley frame: server/JDK/library code)" : parley, 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "samples: %d (%s)%n%n", total, kinds);
        System.out.println("share of samples with the layer on the stack (inclusive):");
        for (String l : LAYERS.keySet()) {
            int n = layers.getOrDefault(l, 0);
            System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * n / Math.max(1, total), l);
        }
        print("top self frames:", self, total, 25);
        print("innermost Parley frame of each sample:", firstParley, total, 25);
    }

    private static void print(String title, Map<String, Integer> counts, int total, int limit) {
        System.out.println();
        System.out.println(title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(en -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * en.getValue() / total,
                        en.getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private JfrSummary() {
    }
}
