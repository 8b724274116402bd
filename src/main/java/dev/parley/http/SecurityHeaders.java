package dev.parley.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Locale;
import java.util.Set;

/**
 * Browser hardening decided by what an answer is rather than by where it is served, so pages added later get it too.
 * Every answer forbids content sniffing. A page (HTML) may run only scripts and styles of this server, none inline, and
 * may not be framed, so a hostile site cannot overlay the console to steal clicks. A page or script sends no referrer.
 * Scripts get no framing or script policy: a widget script embedded by other sites must stay loadable there.
 * Stateless, so thread-safe.
 */
public final class SecurityHeaders implements Filter {

    /** What a page of this server may load: its own scripts, styles and API, images also as data: or over https. */
    public static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: https:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'self'";

    private static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName REFERRER_POLICY = HeaderNames.create("Referrer-Policy");
    private static final Set<String> PAGES = Set.of("text/html", "application/xhtml+xml");
    private static final Set<String> SCRIPTS = Set.of("text/javascript", "application/javascript",
            "application/ecmascript", "text/ecmascript");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        // the content type is known only once the handler has chosen it, just before the headers go out
        res.beforeSend(() -> mark(res.headers()));
        chain.proceed();
    }

    private static void mark(ServerResponseHeaders headers) {
        headers.set(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        String type = headers.contentType().map(HttpMediaType::mediaType).map(t -> t.fullType().toLowerCase(Locale.ROOT))
                .orElse("");
        if (PAGES.contains(type)) {
            headers.set(CSP, PAGE_POLICY);
            headers.set(HeaderNames.create("X-Frame-Options"), "DENY"); // frame-ancestors for older browsers
        }
        if (PAGES.contains(type) || SCRIPTS.contains(type)) {
            headers.set(REFERRER_POLICY, "no-referrer");
        }
    }
}
