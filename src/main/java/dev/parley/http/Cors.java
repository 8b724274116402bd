package dev.parley.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;

/** Lets browser apps on any origin call the Chat API: answers pre-flight requests and marks every answer. */
public final class Cors implements Filter {

    private final List<String> prefixes;

    public Cors(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().rawPath();
        if (prefixes.stream().noneMatch(path::startsWith)) {
            chain.proceed();
            return;
        }
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse("*");
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        res.header(HeaderNames.VARY, "Origin");
        res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, Retry-After");
        if (req.prologue().method() == Method.OPTIONS
                && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, req.headers()
                    .first(HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS).orElse("Content-Type"));
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
            res.status(204).send();
            return;
        }
        chain.proceed();
    }
}
