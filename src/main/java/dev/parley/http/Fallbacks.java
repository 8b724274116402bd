package dev.parley.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * Registered after every feature: a known path asked with a method it does not serve gets 405, and an unknown path
 * gets 404, both as JSON error bodies. Known paths are matched on the raw path, as the client paths are.
 */
public final class Fallbacks implements HttpService {

    private final List<String> knownPaths;

    /** @param knownPaths every routed path pattern, such as {@code /chatapi/{token}/events} */
    public Fallbacks(List<String> knownPaths) {
        this.knownPaths = List.copyOf(knownPaths);
    }

    @Override
    public void routing(HttpRules rules) {
        for (String path : knownPaths) {
            rules.route(method -> true, RawPaths.matcher(path), Fallbacks::methodNotAllowed);
        }
        rules.any(Fallbacks::notFound);
    }

    private static void methodNotAllowed(ServerRequest req, ServerResponse res) {
        throw new ApiException.MethodNotAllowed("Method " + req.prologue().method().text() + " is not allowed on "
                + req.path().rawPath());
    }

    private static void notFound(ServerRequest req, ServerResponse res) {
        throw new ApiException.NotFound("http.not_found", "No such endpoint: " + req.path().rawPath());
    }
}
