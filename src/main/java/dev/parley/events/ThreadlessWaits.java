package dev.parley.events;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Long polls and event streams that wait without a thread of their own: between looks in the log a waiting call is a
 * callback on its client's {@link WakeUps.Signal} and a deadline on a timer, a few hundred bytes instead of a parked
 * virtual thread's stack. Each look (a read, then the answer or the next events written) runs on a virtual thread of
 * its own that ends with it. The rules are the blocking ones of {@link EventsService}: the signal is taken before the
 * look, so an event committed in between fires it. Thread-safe.
 */
public final class ThreadlessWaits {

    /** How long a stream stays silent before it sends a comment, so that proxies and clients keep it open. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final long heartbeatMillis;
    private final EventsService events;
    private final WakeUps wakeUps;
    private final ClientTyping typing;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    /** @param timer runs deadlines; it must only hand work on (the looks start their own threads) */
    public ThreadlessWaits(EventsService events, WakeUps wakeUps, ClientTyping typing, Clock clock,
            ScheduledExecutorService timer) {
        this(events, wakeUps, typing, clock, timer, HEARTBEAT);
    }

    ThreadlessWaits(EventsService events, WakeUps wakeUps, ClientTyping typing, Clock clock,
            ScheduledExecutorService timer, Duration heartbeat) {
        this.heartbeatMillis = heartbeat.toMillis();
        this.events = events;
        this.wakeUps = wakeUps;
        this.typing = typing;
        this.clock = clock;
        this.timer = timer;
    }

    /** A long poll or stream, made by {@link #poll} or {@link #stream}. */
    public interface Wait {
        /** Makes its first look, on a virtual thread of its own. */
        void start();

        /** Ends it early: its connection closed. Idempotent. */
        void cancel();
    }

    /** Where a long poll's one answer goes; called once, on a virtual thread. */
    public interface PollAnswer {
        void page(EventPage page);

        void failed(RuntimeException e);
    }

    /** Where a stream's events go, on a virtual thread, one call at a time. */
    public interface StreamSink {
        void typing(String data);

        void event(EventItem item);

        void heartbeat();

        /** The stream cannot go on (the database failed): close it. */
        void failed(RuntimeException e);
    }

    /** A long poll: once started, it answers when an event comes or {@code wait} has passed. */
    public Wait poll(WaitRequests.Poll poll, PollAnswer answer) {
        return new PollWait(poll, answer);
    }

    /** A stream from {@code after} (see {@link EventsService#start}): once started, it runs until cancelled or failed. */
    public Wait stream(EventFilter filter, long after, StreamSink sink) {
        return new StreamWait(filter, after, sink);
    }

    /**
     * A call between looks: armed on its signal and a deadline, until one of them (or a cancel) takes it. Its fields
     * are guarded by {@code this}; the signal and deadline are set by the look that arms and read by whoever takes it.
     */
    private abstract class ParkedWait implements Wait, Runnable {

        protected final EventFilter filter;
        private WakeUps.Signal signal;
        private ScheduledFuture<?> deadline;
        private boolean armed;
        /** Whether this is among the signal's callbacks: it stays there over a stream's heartbeats. */
        private boolean listening;
        private boolean cancelled;

        ParkedWait(EventFilter filter) {
            this.filter = filter;
        }

        @Override
        public void start() {
            Thread.ofVirtual().start(this::look);
        }

        /** One look in the log, on a virtual thread: answers, or arms again. */
        abstract void look();

        /** The deadline passed without an event; runs on a virtual thread, the signal still held. */
        abstract void timeUp();

        /** Takes the client's signal before a look reads the log. */
        final WakeUps.Signal watch() {
            WakeUps.Signal taken = wakeUps.watch(filter.client());
            synchronized (this) {
                signal = taken;
            }
            return taken;
        }

        /** Waits for the signal taken before the look, at most {@code millis}; false when cancelled meanwhile. */
        final synchronized boolean arm(long millis) {
            if (cancelled) {
                letGo();
                ended();
                return false;
            }
            armed = true;
            events.countWaiting(1);
            deadline = timer.schedule(this::timedOut, millis, TimeUnit.MILLISECONDS);
            if (listening || signal.whenFired(this)) {
                listening = true;
                if (!signal.fired()) {
                    return true;
                }
            }
            take();
            Thread.ofVirtual().start(this::wake);
            return true;
        }

        /** The signal fired: runs on the committing thread, so it only starts the next look. */
        @Override
        public final void run() {
            synchronized (this) {
                if (!armed) {
                    return;
                }
                take();
            }
            Thread.ofVirtual().start(this::wake);
        }

        private void timedOut() {
            synchronized (this) {
                if (!armed) {
                    return;
                }
                take();
            }
            Thread.ofVirtual().start(this::timeUp);
        }

        @Override
        public final void cancel() {
            synchronized (this) {
                cancelled = true;
                if (!armed) {
                    return; // the look under way sees it
                }
                take();
                letGo();
            }
            ended();
        }

        /** Frees what the wait holds besides its signal, once it is cancelled. */
        void ended() {
        }

        final synchronized boolean cancelled() {
            return cancelled;
        }

        private void take() {
            armed = false;
            events.countWaiting(-1);
            deadline.cancel(false);
        }

        /** Gives the signal back; the next look takes a new one. */
        final synchronized void letGo() {
            if (signal != null) {
                signal.forget(this);
                listening = false;
                wakeUps.release(filter.client(), signal);
                signal = null;
            }
        }

        private void wake() {
            letGo();
            look();
        }
    }

    private final class PollWait extends ParkedWait {

        private final WaitRequests.Poll poll;
        private final PollAnswer answer;
        private long cursor;
        private long deadlineMillis;

        PollWait(WaitRequests.Poll poll, PollAnswer answer) {
            super(poll.filter());
            this.poll = poll;
            this.answer = answer;
        }

        @Override
        public void start() {
            Thread.ofVirtual().start(this::begin);
        }

        private void begin() {
            try {
                cursor = events.cursor(filter, poll.ts());
            } catch (RuntimeException e) {
                answer.failed(e);
                return;
            }
            deadlineMillis = clock.millis() + poll.timeout().toMillis();
            look();
        }

        @Override
        void look() {
            if (cancelled()) {
                ended();
                return;
            }
            watch();
            EventStore.Slice slice;
            try {
                slice = events.read(filter, cursor);
                long remaining = deadlineMillis - clock.millis();
                if (slice.page().items().isEmpty() && remaining > 0) {
                    arm(remaining);
                    return;
                }
                events.answered(filter, poll.ts(), cursor, slice);
            } catch (RuntimeException e) {
                letGo();
                answer.failed(e);
                return;
            }
            letGo();
            answer.page(slice.page());
        }

        @Override
        void timeUp() {
            letGo();
            look();
        }
    }

    private final class StreamWait extends ParkedWait {

        private final ClientTyping.Subscription typed;
        private final StreamSink sink;
        private long after;

        StreamWait(EventFilter filter, long after, StreamSink sink) {
            super(filter);
            this.typed = typing.subscribe(filter.client());
            this.sink = sink;
            this.after = after;
        }

        @Override
        void look() {
            try {
                EventPage page;
                do {
                    if (cancelled()) {
                        ended();
                        return;
                    }
                    watch();
                    page = events.read(filter, after).page();
                    typed.drain().forEach(sink::typing);
                    for (EventItem item : page.items()) {
                        sink.event(item);
                        after = item.ts();
                    }
                    if (page.hasMore()) {
                        letGo();
                    }
                } while (page.hasMore());
                // the signal was taken before the read: what came since has fired it, and arm sees that
                arm(heartbeatMillis);
            } catch (RuntimeException e) {
                letGo();
                ended();
                sink.failed(e);
            }
        }

        @Override
        void timeUp() {
            sink.heartbeat();
            arm(heartbeatMillis);
        }

        @Override
        void ended() {
            typed.close();
        }
    }
}
