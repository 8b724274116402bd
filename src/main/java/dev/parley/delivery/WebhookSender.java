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

        static Outcome refusal(String reason) {
            return new Outcome(false, true, "refused: " + reason);
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

    public Outcome send(String url, String secret, Delivery delivery, int attempt) {
        String timestamp = String.valueOf(clock.millis() / 1000);
        HttpRequest.Builder request;
        URI uri;
        try {
            uri = URI.create(url);
            request = HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            return Outcome.failed("invalid webhook URL: " + e.getMessage());
        }
        try {
            policy.clear(uri, timeout);
        } catch (RefusedAddressException e) {
            return Outcome.refusal(e.getMessage());
        } catch (UnknownHostException e) {
            return Outcome.failed("unknown host " + uri.getHost());
        }
        request.timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Parley-Webhook")
                .header("X-ChatApi-Delivery-Id", delivery.deliveryId())
                .header("X-ChatApi-Attempt", String.valueOf(attempt))
                .header("X-ChatApi-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
        if (!secret.isEmpty()) {
            request.header("X-ChatApi-Signature", Signer.sign(secret, timestamp, delivery.body()));
        }
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status / 100 == 2 ? Outcome.ok() : Outcome.failed("HTTP " + status);
        } catch (HttpTimeoutException e) {
            return Outcome.failed("timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Outcome.failed("connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        }
    }
}
