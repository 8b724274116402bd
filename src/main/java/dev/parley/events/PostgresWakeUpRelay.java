package dev.parley.events;

import dev.parley.store.PostgresNotifier;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Carries wake-ups between nodes that share one PostgreSQL database: every commit that adds events announces the
 * client with {@code pg_notify} ({@link ClientClock}), and this relay, listening on its own connection, fires the
 * local {@link WakeUps} for it, so a long poll on one node answers an event committed on another at once, and forgets
 * the client's row this node kept ({@link CommittedRows}), which the commit changed. The same
 * connection listens on a second channel, whose notices (the agents' live events) it hands on as they are, and on the
 * channels of {@link #listen} (background work). If the connection drops it reconnects, and then wakes every local
 * waiter once to look in the log again, since the notices sent meanwhile never reach it. Commits announce themselves
 * after they committed ({@link dev.parley.store.PostgresNotifier}), so a woken waiter always finds what woke it.
 * Thread-safe.
 */
public final class PostgresWakeUpRelay implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostgresWakeUpRelay.class.getName());
    private static final int WAIT_MILLIS = 1_000;

    private final String url;
    private final String user;
    private final String password;
    /** Tells this node's own notices, by the sending backend's process id: their commits woke the local waiters. */
    private final IntPredicate ownNotices;
    private final WakeUps wakeUps;
    private final CommittedRows committedRows;
    private final String otherChannel;
    private final Consumer<String> otherNotices;
    private final Map<String, Consumer<String>> moreChannels = new ConcurrentHashMap<>();
    private final List<Runnable> onListening = new CopyOnWriteArrayList<>();
    private final Thread listener;
    private volatile boolean running = true;

    /**
     * @param ownNotices whether a notification on the clients' channel was sent by this node (by the sending
     *     backend's process id): its commit woke this node's waiters already, so the relay passes it over
     * @param committedRows forgets the rows of the clients that other nodes' commits touched
     * @param otherChannel a second channel to listen on
     * @param otherNotices gets the payload of each notice on {@code otherChannel}, on the listening thread
     */
    public PostgresWakeUpRelay(String url, String user, String password, IntPredicate ownNotices, WakeUps wakeUps,
            CommittedRows committedRows, String otherChannel, Consumer<String> otherNotices) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.ownNotices = ownNotices;
        this.wakeUps = wakeUps;
        this.committedRows = committedRows;
        this.otherChannel = otherChannel;
        this.otherNotices = otherNotices;
        this.listener = Thread.ofPlatform().daemon().name("parley-pg-listen").unstarted(this::run);
    }

    /**
     * Listens on one more channel too; call before {@link #start}.
     *
     * @param notices gets the payload of each notice on {@code channel}, on the listening thread
     * @param missedSome runs each time the relay starts listening, the first time too: notices sent while it was not
     *     listening (before the start, or while the connection was down) are lost, so look for what they announced
     */
    public void listen(String channel, Consumer<String> notices, Runnable missedSome) {
        moreChannels.put(channel, notices);
        onListening.add(missedSome);
    }

    public void start() {
        listener.start();
    }

    private void run() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + ClientClock.NOTIFY_CHANNEL);
                    listen.execute("LISTEN " + otherChannel);
                    for (String channel : moreChannels.keySet()) {
                        listen.execute("LISTEN " + channel);
                    }
                }
                onListening.forEach(Runnable::run);
                PGConnection pg = connection.unwrap(PGConnection.class);
                // notices sent while this node was not listening (before a reconnect) are lost: look again
                committedRows.forgetAll();
                wakeUps.fireAll();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            if (n.getName().equals(otherChannel)) {
                                otherNotices.accept(n.getParameter());
                            } else if (moreChannels.containsKey(n.getName())) {
                                moreChannels.get(n.getName()).accept(n.getParameter());
                            } else if (!ownNotices.test(n.getPID())) {
                                fire(n.getParameter());
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "Lost the PostgreSQL notification connection; reconnecting", e);
                    pause();
                }
            }
        }
    }

    /** Fires the clients of a notification: a JSON array of {@code channelId:clientId} ({@link PostgresNotifier}). */
    private void fire(String payload) {
        List<String> keys;
        try {
            keys = PostgresNotifier.notices(payload);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Ignoring a malformed notification: " + payload);
            return;
        }
        for (String key : keys) {
            int colon = key.indexOf(':');
            try {
                ClientKey client = new ClientKey(Long.parseLong(key.substring(0, colon)), key.substring(colon + 1));
                committedRows.forget(client);
                wakeUps.fire(client);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                LOG.log(System.Logger.Level.WARNING, "Ignoring a malformed notice: " + key);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        listener.interrupt();
    }
}
