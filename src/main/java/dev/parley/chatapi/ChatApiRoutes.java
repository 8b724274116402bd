package dev.parley.chatapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.channel.ActiveChannel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.TurnRequest;
import dev.parley.events.ClientIdentity;
import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import dev.parley.http.Fields;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** Sending client requests: {@code POST /{token}}, {@code GET /{token}} and {@code POST /{token}/async}. */
public final class ChatApiRoutes implements HttpService {

    private static final int MAX_IDEMPOTENCY_KEY = 200;

    private final ChannelDirectory channels;
    private final ConversationService conversations;
    private final RateLimiter limiter;

    public ChatApiRoutes(ChannelDirectory channels, ConversationService conversations, Clock clock, int ratePerSecond) {
        this.channels = channels;
        this.conversations = conversations;
        this.limiter = new RateLimiter(clock, ratePerSecond);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{token}", this::sync)
                .get("/{token}", this::simplified)
                .post("/{token}/async", this::async);
    }

    private void sync(ServerRequest req, ServerResponse res) throws InterruptedException {
        TurnRequest turn = fromBody(req);
        sendJson(res, conversations.sync(turn));
    }

    private void simplified(ServerRequest req, ServerResponse res) throws InterruptedException {
        ActiveChannel channel = channels.resolve(Requests.pathParam(req, "token"));
        ClientKey key = ClientIdentity.verified(channel.channel(), Requests.query(req, "clientId"),
                Requests.clientSignature(req));
        limiter.acquire(key);
        TurnRequest turn = turn(channel, key, Requests.query(req, "query"), Requests.query(req, "event"),
                Json.object(), Requests.query(req, "cid"), idempotencyKey(req, Optional.empty()));
        sendJson(res, conversations.sync(turn));
    }

    private void async(ServerRequest req, ServerResponse res) {
        TurnRequest turn = fromBody(req);
        sendJson(res, conversations.async(turn));
    }

    private TurnRequest fromBody(ServerRequest req) {
        ActiveChannel channel = channels.resolve(Requests.pathParam(req, "token"));
        ObjectNode body = Requests.jsonObject(req, Requests.CLIENT_BODY_LIMIT);
        ClientKey key = ClientIdentity.verified(channel.channel(), Fields.id(body, "clientId"),
                Requests.clientSignature(req));
        limiter.acquire(key);
        ObjectNode data = Fields.object(body, "data").orElseGet(Json::object);
        return turn(channel, key, Fields.string(body, "query"), Fields.string(body, "event"), data,
                Fields.string(body, "cid"), idempotencyKey(req, Fields.string(body, "requestId")));
    }

    private static TurnRequest turn(ActiveChannel channel, ClientKey key, Optional<String> query,
            Optional<String> event, ObjectNode data, Optional<String> cid, String idempotencyKey) {
        Optional<String> text = query.filter(q -> !q.isBlank());
        Optional<String> name = event.filter(e -> !e.isBlank());
        if (text.isEmpty() && name.isEmpty()) {
            throw new ApiException.BadRequest("Invalid request payload: query or event is required");
        }
        String c = Requests.cid(cid.orElse(""));
        String kind = text.isPresent() ? TurnRequest.QUERY : TurnRequest.EVENT;
        return new TurnRequest(channel, key, UUID.randomUUID().toString(), kind, text.orElseGet(name::get), data,
                c, idempotencyKey);
    }

    private static String idempotencyKey(ServerRequest req, Optional<String> requestId) {
        String key = req.headers().first(HeaderNames.create("Idempotency-Key")).or(() -> requestId).orElse("");
        if (key.length() > MAX_IDEMPOTENCY_KEY) {
            throw new ApiException.BadRequest("Invalid request payload: Idempotency-Key (or requestId) must be at"
                    + " most " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        return key.trim();
    }

    private static void sendJson(ServerResponse res, String json) {
        Responses.json(res, 200, json.getBytes(StandardCharsets.UTF_8));
    }
}
