package dev.parley.delivery;

import dev.parley.outbound.OutboundPolicy;
import dev.parley.outbound.RefusedAddressException;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes one webhook call: the JSON array body, the delivery headers and, with a secret, the signature. The URL is
 * cleared by the {@link OutboundPolicy} first; a refused one is not called. Thread-safe.
 */
public final class WebhookSender {

    /** What one attempt came to; {@code error} is empty on success, {@code refused} when no call was made. */
    public record Outcome(boolean delivered, boolean refused, String error) {
        static Outcome ok() {
            return new Outcome(true, false, "");
        }

        static Outcome failed(String error) {
            return new Outcome(false, false, error);
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;
    private final OutboundPolicy policy;

    public WebhookSender(Duration timeout, Clock clock, OutboundPolicy policy) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
        this.clock = clock;
        this.policy = policy;
    }

    /**
     * What a test call came to.
     *
     * @param status the receiver's HTTP status, empty when the call failed or was refused
     * @param responseBody the first {@value #PROBE_BODY_LIMIT} bytes of the answer
     * @param error why the call failed, {@code ""} when the receiver answered (whatever its status)
     */
    public record Probe(OptionalInt status, long latencyMs, String responseBody, String error) {
    }

    /** How much of a test call's answer is kept. */
    public static final int PROBE_BODY_LIMIT = 2048;

    /** Not called: the URL is invalid, refused, or its host unknown. */
    private static final class NotCalled extends Exception {
        private final boolean refused;

        NotCalled(String reason, boolean refused) {
            super(reason, null, false, false);
            this.refused = refused;
        }
    }

    public Outcome send(String url, String secret, Delivery delivery, int attempt) {
        HttpRequest request;
        try {
            request = request(url, secret, delivery.deliveryId(), attempt, delivery.body());
        } catch (NotCalled e) {
            return new Outcome(false, e.refused, e.getMessage());
        }
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status / 100 == 2 ? Outcome.ok() : Outcome.failed("HTTP " + status);
        } catch (HttpTimeoutException e) {
            return Outcome.failed(timedOut());
        } catch (IOException e) {
            return Outcome.failed("connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        }
    }

    /**
     * Makes one call as a delivery's first attempt would, and answers what the receiver said: for an admin checking
     * a webhook. The answer, its body included, must come within the webhook timeout.
     */
    public Probe probe(String url, String secret, String deliveryId, String body) {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> call = null;
        try {
            HttpRequest request = request(url, secret, deliveryId, 1, body);
            call = client.sendAsync(request, info -> new BodyPrefix(PROBE_BODY_LIMIT));
            HttpResponse<String> response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Probe(OptionalInt.of(response.statusCode()), millisSince(start), response.body(), "");
        } catch (NotCalled e) {
            return failedProbe(start, e.getMessage());
        } catch (TimeoutException e) {
            call.cancel(true);
            return failedProbe(start, timedOut());
        } catch (ExecutionException e) {
            return failedProbe(start, e.getCause() instanceof HttpTimeoutException ? timedOut()
                    : "connection failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failedProbe(start, "interrupted");
        }
    }

    private static Probe failedProbe(long start, String error) {
        return new Probe(OptionalInt.empty(), millisSince(start), "", error);
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private String timedOut() {
        return "timed out after " + timeout.toMillis() + " ms";
    }

    /** The signed request of one attempt, once the outbound policy cleared its URL. */
    private HttpRequest request(String url, String secret, String deliveryId, int attempt, String body)
            throws NotCalled {
        String timestamp = String.valueOf(clock.millis() / 1000);
        HttpRequest.Builder request;
        URI uri;
        try {
            uri = URI.create(url);
            request = HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            throw new NotCalled("invalid webhook URL: " + e.getMessage(), false);
        }
        try {
            policy.clear(uri, timeout);
        } catch (RefusedAddressException e) {
            throw new NotCalled("refused: " + e.getMessage(), true);
        } catch (UnknownHostException e) {
            throw new NotCalled("unknown host " + uri.getHost(), false);
        }
        request.timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Parley-Webhook")
                .header("X-ChatApi-Delivery-Id", deliveryId)
                .header("X-ChatApi-Attempt", String.valueOf(attempt))
                .header("X-ChatApi-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!secret.isEmpty()) {
            request.header("X-ChatApi-Signature", Signer.sign(secret, timestamp, body));
        }
        return request.build();
    }
}
