package dev.parley.bot;

import dev.parley.outbound.OutboundPolicy;
import dev.parley.outbound.RefusedAddressException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends {@code http} blocks (and external bots' turns) with {@code java.net.http}. The block's timeout (default 5 s)
 * bounds the whole exchange, bodies are capped at 1 MiB, and redirects are not followed. Each URL is cleared by the
 * {@link OutboundPolicy} first, so a scenario cannot reach cloud metadata, nor the server's own network unless
 * private targets are allowed; a refused URL fails the block without a call. Thread-safe.
 */
public final class JdkHttpBlockClient implements HttpBlockClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpClient client;
    private final OutboundPolicy policy;

    public JdkHttpBlockClient(OutboundPolicy policy) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(DEFAULT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public HttpBlockResponse send(HttpBlockRequest request) {
        Duration timeout = request.timeout().isZero() ? DEFAULT_TIMEOUT : request.timeout();
        try {
            policy.clear(request.url(), timeout);
        } catch (RefusedAddressException e) {
            return HttpBlockResponse.refusal(e.getMessage());
        } catch (UnknownHostException e) {
            return HttpBlockResponse.failure("unknown host " + request.url().getHost());
        }
        HttpRequest httpRequest;
        try {
            httpRequest = build(request);
        } catch (IllegalArgumentException e) {
            return HttpBlockResponse.failure("bad request: " + e.getMessage());
        }
        return exchange(httpRequest, timeout);
    }

    private static HttpRequest build(HttpBlockRequest request) {
        HttpRequest.BodyPublisher body = request.body().isEmpty()
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(request.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.url())
                .timeout(request.timeout().isZero() ? DEFAULT_TIMEOUT : request.timeout())
                .method(request.method(), body);
        request.headers().forEach(builder::header);
        return builder.build();
    }

    private HttpBlockResponse exchange(HttpRequest request, Duration timeout) {
        CompletableFuture<HttpResponse<String>> future =
                client.sendAsync(request, info -> new LimitedBodySubscriber(MAX_BODY_BYTES));
        try {
            HttpResponse<String> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return HttpBlockResponse.of(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            return HttpBlockResponse.failure("timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return HttpBlockResponse.failure("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String kind = cause instanceof IOException ? "" : cause.getClass().getSimpleName() + ": ";
            return HttpBlockResponse.failure(kind + Objects.toString(cause.getMessage(), cause.getClass().getSimpleName()));
        }
    }
}
