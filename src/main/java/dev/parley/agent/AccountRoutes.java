package dev.parley.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.http.ApiException;
import dev.parley.http.Fields;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/** The admin API for console accounts of every role, under {@code /api/v1/accounts}. */
public final class AccountRoutes implements HttpService {

    private static final int BODY_LIMIT = 64 * 1024;

    private final AgentService accounts;
    private final Handler adminAuth;

    public AccountRoutes(AgentService accounts, Handler adminAuth) {
        this.accounts = accounts;
        this.adminAuth = adminAuth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(adminAuth)
                .post("/", this::create)
                .get("/", this::list)
                .patch("/{id}", this::update)
                .delete("/{id}", this::delete);
    }

    private void create(ServerRequest req, ServerResponse res) {
        ObjectNode body = Requests.jsonObject(req, BODY_LIMIT);
        Role role = role(Fields.string(body, "role")).orElseThrow(() -> invalidRole());
        Account account = accounts.create(Fields.string(body, "login").orElse(""),
                Fields.string(body, "password").orElse(""), Fields.string(body, "name").orElse(""), role);
        Responses.json(res, 201, view(account));
    }

    private void list(ServerRequest req, ServerResponse res) {
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        accounts.list().forEach(a -> items.add(view(a)));
        Responses.ok(res, out);
    }

    private void update(ServerRequest req, ServerResponse res) {
        long id = id(req);
        ObjectNode body = Requests.jsonObject(req, BODY_LIMIT);
        Account account = accounts.update(id, Fields.string(body, "name"), Fields.string(body, "password"),
                role(Fields.string(body, "role")), Fields.bool(body, "active"));
        Responses.ok(res, view(account));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        accounts.delete(id(req));
        res.status(204).send();
    }

    /** An absent role stays empty; one that is neither {@code admin} nor {@code agent} is a 400. */
    private static Optional<Role> role(Optional<String> given) {
        return given.map(wire -> Role.parse(wire).orElseThrow(AccountRoutes::invalidRole));
    }

    private static ApiException invalidRole() {
        return ApiException.BadRequest.admin("role must be admin or agent");
    }

    private static long id(ServerRequest req) {
        return Requests.idParam(req, "admin.account.not_found", "Account");
    }

    private static ObjectNode view(Account account) {
        return Json.object().put("id", account.id()).put("login", account.login()).put("name", account.name())
                .put("role", account.role().wire()).put("active", account.active());
    }
}
