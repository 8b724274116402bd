package dev.parley.channel;

import dev.parley.http.ApiException;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The scenarios a channel form can start from, under {@code /api/v1/scenario-templates}. */
public final class ScenarioTemplateRoutes implements HttpService {

    private final ScenarioTemplates templates;
    private final Handler adminAuth;

    public ScenarioTemplateRoutes(ScenarioTemplates templates, Handler adminAuth) {
        this.templates = templates;
        this.adminAuth = adminAuth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(adminAuth)
                .get("/{name}", this::template);
    }

    private void template(ServerRequest req, ServerResponse res) {
        String name = Requests.pathParam(req, "name");
        String source = templates.find(name).orElseThrow(() -> new ApiException.NotFound(
                "admin.template.not_found", "Scenario template " + name + " not found"));
        Responses.ok(res, Json.object().put("name", name).put("source", source));
    }
}
