package dev.parley.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /health}: {@code 200 {"status":"UP"}} while this node can serve, else {@code 503 {"status":"DOWN",
 * "reason":...}} so that a load balancer takes it out. Open, like {@code /metrics}. Thread-safe.
 */
public final class HealthRoutes implements HttpService {

    private final Supplier<Optional<String>> problem;

    /** {@code problem} tells why the node cannot serve now, or nothing; it must answer within a second or two. */
    public HealthRoutes(Supplier<Optional<String>> problem) {
        this.problem = problem;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health);
    }

    private void health(ServerRequest req, ServerResponse res) {
        Optional<String> down = problem.get();
        ObjectNode body = Json.object().put("status", down.isPresent() ? "DOWN" : "UP");
        down.ifPresent(reason -> body.put("reason", reason));
        Responses.json(res, down.isPresent() ? 503 : 200, body);
    }
}
