package dev.parley.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.http.Fields;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /api/v1/channels/{id}/webhook/test}: one sample call to the channel's webhook (or to a URL not saved
 * yet), answered with what the receiver said. A call that failed is still a 200: the failure is the answer.
 */
public final class WebhookTestRoutes implements HttpService {

    private final WebhookTester tester;
    private final Handler adminAuth;

    public WebhookTestRoutes(WebhookTester tester, Handler adminAuth) {
        this.tester = tester;
        this.adminAuth = adminAuth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/channels/{id}/webhook/test", adminAuth)
                .post("/channels/{id}/webhook/test", this::test);
    }

    private void test(ServerRequest req, ServerResponse res) {
        long id = Requests.idParam(req, "admin.channel.not_found", "Channel");
        ObjectNode body = req.content().hasEntity() ? Requests.jsonObject(req, Requests.CLIENT_BODY_LIMIT)
                : Json.object();
        WebhookSender.Probe probe = tester.test(id, Fields.string(body, "url").filter(url -> !url.isEmpty()),
                Fields.string(body, "secret"));
        ObjectNode answer = Json.object();
        if (probe.status().isPresent()) {
            answer.put("status", probe.status().getAsInt());
        } else {
            answer.putNull("status");
        }
        answer.put("latencyMs", probe.latencyMs());
        answer.put("responseBody", probe.responseBody());
        answer.put("error", probe.error().isEmpty() ? null : probe.error());
        Responses.ok(res, answer);
    }
}
