package dev.parley.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;

/** Makes one webhook call: the JSON array body, the delivery headers and, with a secret, the signature. */
public final class WebhookSender {

    /** What one attempt came to; {@code error} is empty on success. */
    public record Outcome(boolean delivered, String error) {
        static Outcome ok() {
            return new Outcome(true, "");
        }

        static Outcome failed(String error) {
            return new Outcome(false, error);
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    public WebhookSender(Duration timeout, Clock clock) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
        this.clock = clock;
    }

    public Outcome send(String url, String secret, Delivery delivery, int attempt) {
        String timestamp = String.valueOf(clock.millis() / 1000);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException e) {
            return Outcome.failed("invalid webhook URL: " + e.getMessage());
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
