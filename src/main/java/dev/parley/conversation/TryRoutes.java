package dev.parley.conversation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.BotEngine;
import dev.parley.bot.BotTurn;
import dev.parley.channel.ActiveChannel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.events.ClientIds;
import dev.parley.events.ClientKey;
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
import java.util.UUID;

/**
 * The scenario studio's <em>Try it</em> pane, {@code POST /api/v1/channels/{id}/try}: a real turn of the channel for
 * a test client, answered with the usual envelope plus how the bot resolved it.
 */
public final class TryRoutes implements HttpService {

    /** How many classifier candidates the debug view shows. */
    static final int CANDIDATES = 3;

    private final ChannelDirectory channels;
    private final ConversationService conversations;
    private final BotEngine engine;
    private final Handler adminAuth;

    public TryRoutes(ChannelDirectory channels, ConversationService conversations, BotEngine engine,
            Handler adminAuth) {
        this.channels = channels;
        this.conversations = conversations;
        this.engine = engine;
        this.adminAuth = adminAuth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/channels/{id}/try", adminAuth)
                .post("/channels/{id}/try", this::tryTurn);
    }

    private void tryTurn(ServerRequest req, ServerResponse res) throws InterruptedException {
        ActiveChannel channel = channels.byId(Requests.idParam(req, "admin.channel.not_found", "Channel"));
        ObjectNode body = Requests.jsonObject(req, Requests.CLIENT_BODY_LIMIT);
        TurnRequest turn = turn(channel, body);
        TriedTurn tried = conversations.tryTurn(turn);
        ObjectNode answer = (ObjectNode) Json.readTrusted(tried.envelope());
        answer.set("debug", debug(channel, turn, tried.bot()));
        Responses.ok(res, answer);
    }

    private static TurnRequest turn(ActiveChannel channel, ObjectNode body) {
        Optional<String> clientId = Fields.id(body, "clientId").filter(id -> !id.isBlank());
        if (clientId.isEmpty()) {
            throw ApiException.BadRequest.admin("clientId is required");
        }
        ClientKey key = ClientIds.key(channel.id(), clientId);
        Optional<String> query = Fields.string(body, "query").filter(q -> !q.isBlank());
        Optional<String> event = Fields.string(body, "event").filter(e -> !e.isBlank());
        if (query.isPresent() == event.isPresent()) {
            throw ApiException.BadRequest.admin("give exactly one of query or event");
        }
        ObjectNode data = Fields.object(body, "data").orElseGet(Json::object);
        return new TurnRequest(channel, key, UUID.randomUUID().toString(),
                query.isPresent() ? TurnRequest.QUERY : TurnRequest.EVENT, query.or(() -> event).orElseThrow(), data,
                "", "");
    }

    /** How the bot resolved the turn; what is not known (an agent answered) is null. */
    private ObjectNode debug(ActiveChannel channel, TurnRequest turn, Optional<BotTurn> bot) {
        ObjectNode debug = Json.object();
        debug.put("state", bot.map(b -> b.session().state()).orElse(null));
        debug.put("nlpClass", bot.map(BotTurn::nlpClass).orElse(null));
        debug.put("confidence", bot.map(BotTurn::confidence).orElse(null));
        ArrayNode candidates = debug.putArray("candidates");
        if (turn.isQuery()) {
            engine.candidates(channel.scenario(), turn.text(), CANDIDATES).forEach(candidate ->
                    candidates.addObject().put("state", candidate.state()).put("confidence", candidate.confidence()));
        }
        debug.set("variables", bot.map(b -> b.session().variables().deepCopy()).orElse(null));
        return debug;
    }
}
