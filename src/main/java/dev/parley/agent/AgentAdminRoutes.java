package dev.parley.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * The admin API for agent accounts, under {@code /api/v1/agents}: the accounts of role agent, as before roles existed.
 * {@link AccountRoutes} manages every role.
 */
public final class AgentAdminRoutes implements HttpService {

    private final AgentService agents;
    private final Handler adminAuth;

    public AgentAdminRoutes(AgentService agents, Handler adminAuth) {
        this.agents = agents;
        this.adminAuth = adminAuth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(adminAuth)
                .post("/", this::create)
                .get("/", this::list)
                .delete("/{id}", this::delete);
    }

    private void create(ServerRequest req, ServerResponse res) {
        ObjectNode body = Requests.jsonObject(req, 64 * 1024);
        Account agent = agents.create(Fields.string(body, "login").orElse(""),
                Fields.string(body, "password").orElse(""), Fields.string(body, "name").orElse(""), Role.AGENT);
        Responses.json(res, 201, view(agent));
    }

    private void list(ServerRequest req, ServerResponse res) {
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        agents.list(Role.AGENT).forEach(a -> items.add(view(a)));
        Responses.ok(res, out);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        agents.deleteAgent(Requests.idParam(req, "admin.agent.not_found", "Agent"));
        res.status(204).send();
    }

    private static ObjectNode view(Account agent) {
        return Json.object().put("id", agent.id()).put("login", agent.login()).put("name", agent.name());
    }
}
