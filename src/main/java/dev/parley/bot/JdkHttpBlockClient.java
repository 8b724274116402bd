package dev.parley.bot;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends {@code http} blocks with {@code java.net.http}. The block's timeout (default 5 s) bounds the
 * whole exchange, bodies are capped at 1 MiB, and redirects are not followed. Unless
 * {@code allowPrivateAddresses}, targets that resolve to loopback, private, link-local (cloud
 * metadata), unspecified, multicast or shared (CGNAT) addresses are refused, so a scenario cannot
 * reach into the server's own network. The check resolves the host before the client does, so a
 * DNS answer that changes in between is not caught; the block is meant for scenario authors, who
 * are admins, not for arbitrary users. Thread-safe.
 */
public final class JdkHttpBlockClient implements HttpBlockClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_BODY_BYTES = 1 << 20;

    /** Resolves host names; replaceable in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final HttpClient client;
    private final boolean allowPrivateAddresses;
    private final Resolver resolver;

    public JdkHttpBlockClient(boolean allowPrivateAddresses) {
        this(allowPrivateAddresses, InetAddress::getAllByName);
    }

    JdkHttpBlockClient(boolean allowPrivateAddresses, Resolver resolver) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(DEFAULT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public HttpBlockResponse send(HttpBlockRequest request) {
        Optional<String> refusal = refusal(request.url());
        if (refusal.isPresent()) {
            return HttpBlockResponse.failure(refusal.get());
        }
        HttpRequest httpRequest;
        try {
            httpRequest = build(request);
        } catch (IllegalArgumentException e) {
            return HttpBlockResponse.failure("bad request: " + e.getMessage());
        }
        return exchange(httpRequest, request.timeout().isZero() ? DEFAULT_TIMEOUT : request.timeout());
    }

    private Optional<String> refusal(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs are allowed");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            return Optional.of("the URL has no host");
        }
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : resolver.resolve(url.getHost())) {
                if (isPrivate(address)) {
                    return Optional.of("refusing " + url.getHost() + ": it resolves to a private address");
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of("unknown host " + url.getHost());
        }
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128);
        }
        // fc00::/7 unique local addresses are IPv6's private range.
        return address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc;
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
