package dev.parley.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The server's whole configuration, loaded once by {@link ConfigLoader} and immutable after that.
 *
 * @param dbUrl empty for SQLite in the data dir, or a {@code jdbc:postgresql:} URL
 * @param dbTimeout how long a request waits for a PostgreSQL connection, and a connection attempt may take, before the
 *     request fails as unavailable
 * @param adminToken empty to generate one on first start and keep it in the data dir
 * @param webhookMaxAttempts 0 for unlimited within {@code webhookRetryFor}
 * @param clientRatePerSecond requests per second one client may send to the Chat API; 0 turns the limit off
 * @param httpReadTimeout how long the server waits for the next bytes of a request (and for the next request on an
 *     idle keep-alive connection) before it gives up on the connection
 * @param httpHeaderTimeout how long a client has, in all, to send a request's line and headers (from the connection's
 *     start for its first request, from the request line for later ones); zero for no such deadline
 * @param maxConnections how many connections the server holds open at once; more are closed as soon as accepted
 * @param maxConnectionsPerAddress how many of them one client address may hold; 0 for no such cap
 * @param uploadMax the largest file a client may upload, in bytes
 * @param uploadTypes the MIME types a client may upload
 * @param uploadsPerMinute how many files one client may upload a minute; 0 for no limit
 * @param retentionInterval how often the channels' history retention deletes old messages
 * @param streamsPort the port of the listener that serves long polls and event streams without a thread each; empty
 *     for none (0 for any free port)
 */
public record Config(
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Duration dbTimeout,
        String adminToken,
        String publicUrl,
        Duration webhookTimeout,
        Duration webhookRetryFor,
        int webhookMaxAttempts,
        Duration syncDeadline,
        Duration sessionIdle,
        Duration eventRetention,
        int clientRatePerSecond,
        Duration httpReadTimeout,
        Duration httpHeaderTimeout,
        int maxConnections,
        int maxConnectionsPerAddress,
        boolean httpAllowPrivate,
        boolean demo,
        int uploadMax,
        List<String> uploadTypes,
        int uploadsPerMinute,
        Duration retentionInterval,
        OptionalInt streamsPort) {

    public Config {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(dbUrl, "dbUrl");
        Objects.requireNonNull(dbUser, "dbUser");
        Objects.requireNonNull(dbPassword, "dbPassword");
        Objects.requireNonNull(dbTimeout, "dbTimeout");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(webhookTimeout, "webhookTimeout");
        Objects.requireNonNull(webhookRetryFor, "webhookRetryFor");
        Objects.requireNonNull(syncDeadline, "syncDeadline");
        Objects.requireNonNull(sessionIdle, "sessionIdle");
        Objects.requireNonNull(eventRetention, "eventRetention");
        Objects.requireNonNull(httpReadTimeout, "httpReadTimeout");
        Objects.requireNonNull(httpHeaderTimeout, "httpHeaderTimeout");
        uploadTypes = List.copyOf(uploadTypes);
        Objects.requireNonNull(retentionInterval, "retentionInterval");
        Objects.requireNonNull(streamsPort, "streamsPort");
    }

    public boolean usesPostgres() {
        return !dbUrl.isBlank();
    }

    public Config withPort(int newPort) {
        return new Config(newPort, dataDir, dbUrl, dbUser, dbPassword, dbTimeout, adminToken, publicUrl, webhookTimeout,
                webhookRetryFor, webhookMaxAttempts, syncDeadline, sessionIdle, eventRetention,
                clientRatePerSecond, httpReadTimeout, httpHeaderTimeout, maxConnections, maxConnectionsPerAddress,
                httpAllowPrivate, demo, uploadMax, uploadTypes, uploadsPerMinute,
                retentionInterval, streamsPort);
    }

    /** The effective settings for the start-up log, with secrets masked. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("PARLEY_PORT", String.valueOf(port));
        out.put("PARLEY_DATA_DIR", dataDir.toString());
        out.put("PARLEY_DB_URL", usesPostgres() ? dbUrl : "(SQLite in the data dir)");
        out.put("PARLEY_DB_USER", dbUser);
        out.put("PARLEY_DB_PASSWORD", dbPassword.isEmpty() ? "" : "****");
        out.put("PARLEY_DB_TIMEOUT", dbTimeout.toString());
        out.put("PARLEY_ADMIN_TOKEN", adminToken.isEmpty() ? "(kept in the data dir)" : "****");
        out.put("PARLEY_PUBLIC_URL", publicUrl);
        out.put("PARLEY_WEBHOOK_TIMEOUT", webhookTimeout.toString());
        out.put("PARLEY_WEBHOOK_RETRY_FOR", webhookRetryFor.toString());
        out.put("PARLEY_WEBHOOK_MAX_ATTEMPTS", webhookMaxAttempts == 0 ? "unlimited" : String.valueOf(webhookMaxAttempts));
        out.put("PARLEY_SYNC_DEADLINE", syncDeadline.toString());
        out.put("PARLEY_SESSION_IDLE", sessionIdle.toString());
        out.put("PARLEY_EVENT_RETENTION", eventRetention.toString());
        out.put("PARLEY_CLIENT_RATE", clientRatePerSecond == 0 ? "off" : clientRatePerSecond + "/s");
        out.put("PARLEY_HTTP_READ_TIMEOUT", httpReadTimeout.isZero() ? "off" : httpReadTimeout.toString());
        out.put("PARLEY_HTTP_HEADER_TIMEOUT", httpHeaderTimeout.isZero() ? "off" : httpHeaderTimeout.toString());
        out.put("PARLEY_MAX_CONNECTIONS", String.valueOf(maxConnections));
        out.put("PARLEY_MAX_CONNECTIONS_PER_ADDRESS", maxConnectionsPerAddress == 0 ? "off"
                : String.valueOf(maxConnectionsPerAddress));
        out.put("PARLEY_HTTP_ALLOW_PRIVATE", String.valueOf(httpAllowPrivate));
        out.put("PARLEY_DEMO", String.valueOf(demo));
        out.put("PARLEY_UPLOAD_MAX", uploadMax + " bytes");
        out.put("PARLEY_UPLOAD_TYPES", String.join(",", uploadTypes));
        out.put("PARLEY_UPLOAD_RATE", uploadsPerMinute == 0 ? "off" : uploadsPerMinute + "/min");
        out.put("PARLEY_RETENTION_INTERVAL", retentionInterval.toString());
        out.put("PARLEY_STREAMS_PORT", streamsPort.isEmpty() ? "off" : String.valueOf(streamsPort.getAsInt()));
        return out;
    }
}
