package dev.parley.streams;

import dev.parley.events.ThreadlessWaits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;

/**
 * One connection of the thread-less listener. The selector thread reads it; answers are written by whoever has them
 * (a look's virtual thread), without blocking: what the socket does not take at once waits here until it can. One
 * request at a time: bytes that come early (pipelining) wait until the answer before them is out. Fields are guarded
 * by {@code this}.
 */
final class StreamsConnection {

    /** A client that lets this much of its answers pile up unread is dropped. */
    static final int MAX_UNSENT = 1024 * 1024;

    private final StreamsListener listener;
    private final SocketChannel channel;
    private SelectionKey key;
    /** Bytes read and not yet a request; null when there are none, as on a waiting connection. */
    private byte[] in;
    private int inLength;
    /** Answers the socket has not taken yet; null when none wait, as on a waiting connection. */
    private ArrayDeque<ByteBuffer> out;
    private int unsent;
    private boolean busy;
    private boolean streaming;
    private boolean closeWhenSent;
    private boolean closed;
    private ThreadlessWaits.Wait wait;
    private ScheduledFuture<?> headDeadline;

    StreamsConnection(StreamsListener listener, SocketChannel channel) {
        this.listener = listener;
        this.channel = channel;
    }

    synchronized void registered(SelectionKey selected, ScheduledFuture<?> deadline) {
        this.key = selected;
        this.headDeadline = deadline;
    }

    /** The selector found bytes to read; {@code scratch} is its one buffer. */
    void readable(ByteBuffer scratch) {
        try {
            while (true) {
                scratch.clear();
                int read = channel.read(scratch);
                if (read < 0) {
                    close();
                    return;
                }
                if (read == 0) {
                    return;
                }
                scratch.flip();
                if (!received(scratch)) {
                    return;
                }
            }
        } catch (IOException e) {
            close();
        }
    }

    /** Keeps what came; false when the connection closed. */
    private synchronized boolean received(ByteBuffer bytes) {
        if (closed) {
            return false;
        }
        if (streaming) {
            return true; // a stream's client has nothing more to say; what it sends is dropped
        }
        int length = bytes.remaining();
        if (inLength + length > RequestHead.MAX_BYTES) {
            if (busy) {
                close(); // pipelined far ahead of its answers
                return false;
            }
            refuseHead(431, "Request header fields too large: at most " + RequestHead.MAX_BYTES + " bytes");
            return false;
        }
        makeRoom(inLength + length);
        bytes.get(in, inLength, length);
        inLength += length;
        nextRequest();
        return !closed;
    }

    /** Grows the buffer of unread bytes to hold {@code needed} (at most {@link RequestHead#MAX_BYTES}). */
    private void makeRoom(int needed) {
        if (in == null) {
            in = new byte[Math.max(512, needed)];
        } else if (in.length < needed) {
            in = Arrays.copyOf(in, Math.min(RequestHead.MAX_BYTES, Math.max(in.length * 2, needed)));
        }
    }

    /** Starts the next request when one has fully arrived and nothing is being answered. */
    private void nextRequest() {
        if (busy || closed || in == null) {
            return;
        }
        int end = RequestHead.end(in, inLength);
        if (end < 0) {
            return;
        }
        byte[] head = in;
        int length = inLength;
        if (end == length) {
            in = null;
            inLength = 0;
        } else {
            in = Arrays.copyOfRange(head, end, Math.max(end + 512, length));
            inLength = length - end;
        }
        busy = true;
        if (headDeadline != null) {
            headDeadline.cancel(false);
            headDeadline = null;
        }
        listener.handle(this, head, end);
    }

    /** The request is bad beyond answering it in kind: an error, then the connection closes. */
    private void refuseHead(int status, String message) {
        busy = true;
        in = null;
        inLength = 0;
        listener.refuse(this, status, message);
    }

    /**
     * The next request's head did not arrive in time: a connection that sent part of one is told so, an idle one is
     * just closed (as the main listener does; a client may be about to reuse it, and a 408 would read as its answer).
     */
    void headTimedOut() {
        synchronized (this) {
            if (busy || closed) {
                return;
            }
            if (inLength > 0) {
                refuseHead(408, "The request's line and headers did not arrive in time");
                return;
            }
        }
        close();
    }

    /** The wait answering the current request, cancelled if the connection closes first. */
    synchronized void waitingOn(ThreadlessWaits.Wait started) {
        if (closed) {
            started.cancel();
        } else {
            this.wait = started;
        }
    }

    /** Marks the answer under way as a stream: it never ends, and the connection closes with it. */
    synchronized void streaming() {
        streaming = true;
        in = null;
        inLength = 0;
    }

    /** Writes part of an answer; false when the connection is gone, and the caller should stop. */
    synchronized boolean send(byte[] bytes) {
        if (closed) {
            return false;
        }
        enqueue(ByteBuffer.wrap(bytes));
        return !closed;
    }

    /**
     * Writes the last part of an answer. Then the connection waits for the next request, or closes when
     * {@code keepAlive} is false once everything is sent.
     */
    synchronized void finish(byte[] bytes, boolean keepAlive) {
        if (closed) {
            return;
        }
        wait = null;
        busy = false;
        closeWhenSent = !keepAlive;
        enqueue(ByteBuffer.wrap(bytes));
        if (closed || closeWhenSent) {
            return;
        }
        headDeadline = listener.idleDeadline(this);
        nextRequest();
    }

    private void enqueue(ByteBuffer bytes) {
        if (out == null) {
            try {
                channel.write(bytes);
            } catch (IOException e) {
                close();
                return;
            }
            if (!bytes.hasRemaining()) {
                closeIfDone();
                return;
            }
            out = new ArrayDeque<>(2);
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            key.selector().wakeup();
        }
        out.add(bytes);
        unsent += bytes.remaining();
        if (unsent > MAX_UNSENT) {
            close();
        }
    }

    /** The selector found room to write. */
    synchronized void writable() {
        if (closed || out == null) {
            return;
        }
        try {
            for (ByteBuffer next = out.peek(); next != null; next = out.peek()) {
                int before = next.remaining();
                channel.write(next);
                unsent -= before - next.remaining();
                if (next.hasRemaining()) {
                    return;
                }
                out.poll();
            }
        } catch (IOException e) {
            close();
            return;
        }
        out = null;
        key.interestOps(SelectionKey.OP_READ);
        closeIfDone();
    }

    private void closeIfDone() {
        if (closeWhenSent && out == null) {
            close();
        }
    }

    /** Closes the connection and ends what waits on it. Idempotent. */
    void close() {
        ThreadlessWaits.Wait ended;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ended = wait;
            wait = null;
            out = null;
            in = null;
            if (headDeadline != null) {
                headDeadline.cancel(false);
            }
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway: nothing left to do with it
            }
        }
        if (ended != null) {
            ended.cancel();
        }
        listener.closed(this);
    }
}
