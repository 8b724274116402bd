package dev.parley.dialog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.events.ClientKey;
import dev.parley.history.HistoryRoutes;
import dev.parley.history.HistoryStore;
import dev.parley.http.ApiException;
import dev.parley.http.RawPaths;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import dev.parley.json.Times;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * The admin API of the console's Dialogs view: a channel's clients, search over its messages, and one client's
 * detail and history. Matched on the raw path (see {@link RawPaths}), so a client id with an encoded slash stays one
 * segment; registered without a prefix for that reason.
 */
public final class DialogRoutes implements HttpService {

    private static final String CHANNEL = "/api/v1/channels/{id}";
    private static final int MAX_PREFIX = 1000;

    private final DialogService dialogs;
    private final HistoryStore history;
    private final Handler adminAuth;

    public DialogRoutes(DialogService dialogs, HistoryStore history, Handler adminAuth) {
        this.dialogs = dialogs;
        this.history = history;
        this.adminAuth = adminAuth;
    }

    @Override
    public void routing(HttpRules rules) {
        get(rules, CHANNEL + "/clients", this::clients);
        get(rules, CHANNEL + "/search", this::search);
        get(rules, CHANNEL + "/clients/{clientId}", this::client);
        get(rules, CHANNEL + "/clients/{clientId}/history", this::history);
    }

    private void get(HttpRules rules, String pattern, Handler handler) {
        rules.route(Method.GET, RawPaths.matcher(pattern), adminAuth)
                .route(Method.GET, RawPaths.matcher(pattern), handler);
    }

    private void clients(ServerRequest req, ServerResponse res) {
        Page<ClientSummary> page = dialogs.clients(channel(req), prefix(req), cursor(req), limit(req));
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        page.items().forEach(c -> items.add(summary(c)));
        body.put("nextCursor", page.nextCursor().orElse(null));
        Responses.ok(res, body);
    }

    private void search(ServerRequest req, ServerResponse res) {
        String text = Requests.query(req, "text").filter(t -> !t.isBlank()).orElseThrow(() ->
                ApiException.BadRequest.admin("text is required"));
        Page<SearchHit> page = dialogs.search(channel(req), text, cursor(req), limit(req));
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        page.items().forEach(hit -> items.addObject().put("clientId", hit.clientId())
                .put("questionId", hit.questionId().isEmpty() ? null : hit.questionId())
                .put("author", hit.author()).put("text", hit.text()).put("timestamp", Times.iso(hit.ts())));
        body.put("nextCursor", page.nextCursor().orElse(null));
        Responses.ok(res, body);
    }

    private void client(ServerRequest req, ServerResponse res) {
        ClientDetail detail = dialogs.client(client(req));
        ObjectNode body = summary(detail.summary());
        body.set("state", Json.readTrusted(detail.state()));
        body.put("stateVersion", detail.stateVersion());
        ArrayNode handoffs = body.putArray("handoffs");
        detail.handoffs().forEach(h -> {
            ObjectNode item = handoffs.addObject().put("id", h.id()).put("status", h.status());
            item.set("agent", h.agentId() == 0 ? null
                    : Json.object().put("id", h.agentId()).put("name", h.agentName()));
            item.put("firstMessage", h.firstMessage()).put("createdAt", Times.iso(h.createdAt()))
                    .put("updatedAt", Times.iso(h.updatedAt()));
        });
        Responses.ok(res, body);
    }

    /** The client's messages, paged like the Chat API's history ({@code limit}, {@code offset}, {@code order}…). */
    private void history(ServerRequest req, ServerResponse res) {
        ClientKey key = client(req);
        dialogs.requireClient(key);
        Responses.ok(res, history.page(HistoryRoutes.query(req, key)));
    }

    private static ObjectNode summary(ClientSummary c) {
        ObjectNode node = Json.object().put("clientId", c.clientId());
        node.set("lastMessage", c.lastMessage().map(m -> Json.object().put("author", m.author())
                .put("text", m.text()).put("timestamp", Times.iso(m.ts()))).orElse(null));
        return node.put("lastActivityAt", Times.iso(c.lastActivity())).put("messageCount", c.messageCount())
                .put("unread", c.unread()).put("withAgent", c.withAgent());
    }

    private static long channel(ServerRequest req) {
        return Requests.idParam(req, "admin.channel.not_found", "Channel");
    }

    private static ClientKey client(ServerRequest req) {
        return new ClientKey(channel(req), Requests.pathParam(req, "clientId"));
    }

    private static String prefix(ServerRequest req) {
        String prefix = Requests.query(req, "prefix").orElse("");
        if (prefix.length() > MAX_PREFIX || prefix.indexOf('\u0000') >= 0) {
            throw ApiException.BadRequest.admin("prefix must be at most "
                    + MAX_PREFIX + " characters, without the NUL character");
        }
        return prefix;
    }

    private static Optional<String> cursor(ServerRequest req) {
        return Requests.query(req, "cursor").filter(c -> !c.isBlank());
    }

    private static int limit(ServerRequest req) {
        return Requests.adminIntQuery(req, "limit", DialogService.DEFAULT_LIMIT, 1, DialogService.MAX_LIMIT);
    }
}
