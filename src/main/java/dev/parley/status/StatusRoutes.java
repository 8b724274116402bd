package dev.parley.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.channel.ActiveChannel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.events.ClientIdentity;
import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import dev.parley.http.RawPaths;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Message statuses and the unread count, under {@code /chatapi/{token}/client/{clientId}/}. */
public final class StatusRoutes implements HttpService {

    private static final int MAX_BULK = 1000;

    private final String prefix;
    private final ChannelDirectory channels;
    private final StatusStore statuses;

    /** @param prefix the Chat API prefix these routes are under, such as {@code /chatapi} */
    public StatusRoutes(String prefix, ChannelDirectory channels, StatusStore statuses) {
        this.prefix = prefix;
        this.channels = channels;
        this.statuses = statuses;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.route(Method.GET, path("/{token}/client/{clientId}/message/{questionId}/status"), this::get)
                .route(Method.POST, path("/{token}/client/{clientId}/message/{questionId}/status"), this::set)
                .route(Method.POST, path("/{token}/client/{clientId}/message-statuses"), this::setMany)
                .route(Method.GET, path("/{token}/client/{clientId}/message-not-read-count"), this::unread);
    }

    /** Matched on the raw path, so that a client id with an encoded slash stays one segment (see {@link RawPaths}). */
    private PathMatcher path(String pattern) {
        return RawPaths.matcher(prefix + pattern);
    }

    private void get(ServerRequest req, ServerResponse res) {
        String questionId = Requests.pathParam(req, "questionId");
        MessageStatus status = statuses.find(client(req), questionId).orElseThrow(() -> new ApiException.NotFound(
                "chatapi.message.not_found", "Message " + questionId + " not found for this client"));
        Responses.ok(res, view(new StatusStore.Current(questionId, status)));
    }

    private void set(ServerRequest req, ServerResponse res) {
        ClientKey key = client(req);
        ObjectNode body = Requests.jsonObject(req, Requests.CLIENT_BODY_LIMIT);
        StatusStore.Change change = new StatusStore.Change(Requests.pathParam(req, "questionId"),
                MessageStatus.fromClient(text(body, "status", "status"), "status"), 0);
        Responses.ok(res, view(statuses.apply(key, List.of(change), false).getFirst()));
    }

    private void setMany(ServerRequest req, ServerResponse res) {
        ClientKey key = client(req);
        JsonNode items = Requests.jsonObject(req, Requests.CLIENT_BODY_LIMIT).get("statuses");
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_BULK) {
            throw new ApiException.BadRequest("Invalid request payload: statuses must be an array of 1 to "
                    + MAX_BULK + " items");
        }
        List<StatusStore.Change> changes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "statuses[" + i + "]";
            if (!items.get(i).isObject()) {
                throw new ApiException.BadRequest("Invalid request payload: " + at + " must be an object");
            }
            ObjectNode item = (ObjectNode) items.get(i);
            changes.add(new StatusStore.Change(text(item, "questionId", at + ".questionId"),
                    MessageStatus.fromClient(text(item, "status", at + ".status"), at + ".status"), i));
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("statuses");
        statuses.apply(key, changes, true).forEach(c -> list.add(view(c)));
        Responses.ok(res, out);
    }

    private void unread(ServerRequest req, ServerResponse res) {
        Responses.ok(res, Json.object().put("count", statuses.unread(client(req))));
    }

    private ClientKey client(ServerRequest req) {
        ActiveChannel channel = channels.resolve(Requests.pathParam(req, "token"));
        return ClientIdentity.verified(channel.channel(), Optional.of(Requests.pathParam(req, "clientId")),
                Requests.clientSignature(req));
    }

    private static String text(ObjectNode node, String field, String name) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new ApiException.BadRequest("Invalid request payload: " + name + " is required and must be a string");
        }
        return value.textValue();
    }

    private static ObjectNode view(StatusStore.Current current) {
        return Json.object().put("questionId", current.questionId()).put("status", current.status().name());
    }
}
