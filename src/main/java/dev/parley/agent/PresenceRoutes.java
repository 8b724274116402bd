package dev.parley.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.HandoffService;
import dev.parley.conversation.HandoffView;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The admin API at {@code /api/v1/presence}: who is signed in to the console now, each with the conversations
 * assigned to them, for an admin watching the floor.
 */
public final class PresenceRoutes implements HttpService {

    private final AgentService agents;
    private final HandoffService handoffs;
    private final Handler adminAuth;

    public PresenceRoutes(AgentService agents, HandoffService handoffs, Handler adminAuth) {
        this.agents = agents;
        this.handoffs = handoffs;
        this.adminAuth = adminAuth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(adminAuth)
                .get("/", this::online);
    }

    private void online(ServerRequest req, ServerResponse res) {
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        for (Account account : agents.online()) {
            ObjectNode item = items.addObject().put("id", account.id()).put("login", account.login())
                    .put("name", account.name()).put("role", account.role().wire());
            ArrayNode open = item.putArray("conversations");
            handoffs.list(HandoffView.ASSIGNED, account.id()).forEach(h -> open.add(AgentRoutes.view(h)));
        }
        out.put("queued", handoffs.queued());
        Responses.ok(res, out);
    }
}
