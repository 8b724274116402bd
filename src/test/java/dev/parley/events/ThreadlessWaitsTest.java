package dev.parley.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waits without a thread hold their client's signal only while armed, and give it back however they end. */
class ThreadlessWaitsTest {

    private static final ClientKey ANN = new ClientKey(1, "ann");

    @TempDir
    Path dataDir;
    private Database db;
    private ScheduledExecutorService timer;
    private final WakeUps wakeUps = new WakeUps();
    private EventsService events;
    private ThreadlessWaits waits;

    @BeforeEach
    void open() {
        db = Database.open(TestServer.config(dataDir));
        timer = Executors.newSingleThreadScheduledExecutor();
        events = new EventsService(new EventStore(db), wakeUps, Clock.systemUTC(), Duration.ofDays(7));
        waits = new ThreadlessWaits(events, wakeUps, new ClientTyping(wakeUps), Clock.systemUTC(), timer);
    }

    @AfterEach
    void close() {
        timer.shutdownNow();
        db.close();
    }

    private static WaitRequests.Poll poll(Duration timeout) {
        return new WaitRequests.Poll(new EventFilter(ANN, "", true), OptionalLong.of(0), timeout);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the condition holds in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Collects a poll's one answer. */
    private static final class Answer implements ThreadlessWaits.PollAnswer {
        final CompletableFuture<EventPage> page = new CompletableFuture<>();

        @Override
        public void page(EventPage answered) {
            page.complete(answered);
        }

        @Override
        public void failed(RuntimeException e) {
            page.completeExceptionally(e);
        }
    }

    @Test
    void aCancelledPollGivesBackItsSignalAndStopsCounting() throws Exception {
        Answer answer = new Answer();
        ThreadlessWaits.Wait wait = waits.poll(poll(Duration.ofSeconds(60)), answer);
        wait.start();
        await(() -> events.waiting() == 1);
        assertThat(wakeUps.size()).isEqualTo(1);

        wait.cancel();

        assertThat(events.waiting()).isZero();
        assertThat(wakeUps.size()).isZero();
        assertThat(answer.page).isNotDone();
    }

    @Test
    void aWakeWithNothingNewArmsThePollAgainOnTheClientsNextSignal() throws Exception {
        Answer answer = new Answer();
        ThreadlessWaits.Wait wait = waits.poll(poll(Duration.ofSeconds(60)), answer);
        wait.start();
        await(() -> events.waiting() == 1);
        WakeUps.Signal first = wakeUps.watch(ANN);
        wakeUps.release(ANN, first);

        wakeUps.fire(ANN);

        await(() -> events.waiting() == 1 && wakeUps.size() == 1);
        WakeUps.Signal second = wakeUps.watch(ANN);
        wakeUps.release(ANN, second);
        assertThat(second).isNotSameAs(first);
        assertThat(answer.page).isNotDone();
        wait.cancel();
        assertThat(wakeUps.size()).isZero();
    }

    @Test
    void aPollWhoseTimeoutPassesAnswersAnEmptyPageAndGivesBackItsSignal() throws Exception {
        Answer answer = new Answer();
        waits.poll(poll(Duration.ofMillis(300)), answer).start();

        EventPage page = answer.page.get(10, TimeUnit.SECONDS);

        assertThat(page.items()).isEmpty();
        await(() -> wakeUps.size() == 0 && events.waiting() == 0);
    }

    @Test
    void aQuietStreamSendsHeartbeatsOnTheSignalItHoldsWithOneCallback() throws Exception {
        ThreadlessWaits quick = new ThreadlessWaits(events, wakeUps, new ClientTyping(wakeUps), Clock.systemUTC(),
                timer, Duration.ofMillis(20));
        Recorded sent = new Recorded();
        ThreadlessWaits.Wait stream = quick.stream(new EventFilter(ANN, "", false), 0, sent);
        stream.start();

        await(() -> sent.lines.size() >= 5);

        assertThat(sent.lines).containsOnly("heartbeat");
        WakeUps.Signal held = wakeUps.watch(ANN);
        try {
            assertThat(held.fired()).isFalse();
            assertThat(held.callbacks()).isEqualTo(1);
        } finally {
            wakeUps.release(ANN, held);
        }
        stream.cancel();
        assertThat(wakeUps.size()).isZero();
        assertThat(held.callbacks()).isZero();
    }

    /** What a stream sent, in order. */
    private static final class Recorded implements ThreadlessWaits.StreamSink {
        final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void typing(String data) {
            lines.add(data);
        }

        @Override
        public void event(EventItem item) {
            lines.add("event " + item.ts());
        }

        @Override
        public void heartbeat() {
            lines.add("heartbeat");
        }

        @Override
        public void failed(RuntimeException e) {
            lines.add("failed " + e);
        }
    }

    @Test
    void typingWakesAStreamWhichSendsItAndWaitsOn() throws Exception {
        ClientTyping typing = new ClientTyping(wakeUps);
        ThreadlessWaits withTyping = new ThreadlessWaits(events, wakeUps, typing, Clock.systemUTC(), timer);
        Recorded recorded = new Recorded();
        List<String> sent = recorded.lines;
        ThreadlessWaits.Wait stream = withTyping.stream(new EventFilter(ANN, "", false), 0, recorded);
        stream.start();
        await(() -> events.waiting() == 1);

        typing.deliver(ANN, "{\"n\":1}");
        await(() -> sent.size() == 1 && events.waiting() == 1);
        typing.deliver(ANN, "{\"n\":2}");
        await(() -> sent.size() == 2 && events.waiting() == 1);

        assertThat(sent).containsExactly("{\"n\":1}", "{\"n\":2}");
        stream.cancel();
        assertThat(wakeUps.size()).isZero();
        assertThat(typing.streams()).isZero();
    }
}
