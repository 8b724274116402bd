package dev.parley.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http1.Http1ConnectionListener;

/**
 * Tells the {@link ConnectionGuard} where each connection is in its request: HTTP/1.1 reports a request line and
 * a complete head to this receive listener, and routing runs every answered request through this filter. Requests
 * refused before routing need no mark: Helidon closes their connection. Thread-safe.
 */
public final class HeadDeadlines implements Http1ConnectionListener, Filter {

    private final ConnectionGuard guard;

    public HeadDeadlines(ConnectionGuard guard) {
        this.guard = guard;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        guard.requestLineRead(ctx.remotePeer().address());
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        guard.headRead(ctx.remotePeer().address());
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        try {
            chain.proceed();
        } finally {
            guard.responded(req.remotePeer().address());
        }
    }
}
