package dev.parley.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.HandoffService;
import dev.parley.conversation.HandoffView;
import dev.parley.events.ClientKey;
import dev.parley.history.HistoryRoutes;
import dev.parley.history.HistoryStore;
import dev.parley.http.ApiException;
import dev.parley.http.Fields;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import dev.parley.json.Times;
import io.helidon.http.HeaderNames;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.util.Locale;
import java.util.Set;

/** The agent API under {@code /api/v1/agent}: login, the conversation queue, replies, and the live stream. */
public final class AgentRoutes implements HttpService {

    private static final int BODY_LIMIT = 64 * 1024;
    private static final long HEARTBEAT_MILLIS = 15_000;
    private static final Set<String> STATUSES = Set.of(HandoffView.QUEUED, HandoffView.ASSIGNED, HandoffView.CLOSED);

    private final AgentService agents;
    private final HandoffService handoffs;
    private final HistoryStore history;
    private final AgentHub hub;

    public AgentRoutes(AgentService agents, HandoffService handoffs, HistoryStore history, AgentHub hub) {
        this.agents = agents;
        this.handoffs = handoffs;
        this.history = history;
        this.hub = hub;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/login", this::login)
                .post("/logout", this::logout)
                .get("/conversations", this::list)
                .post("/conversations/{id}/accept", this::accept)
                .post("/conversations/{id}/messages", this::message)
                .get("/conversations/{id}/history", this::history)
                .post("/conversations/{id}/close", this::close)
                .post("/conversations/{id}/typing", this::typing)
                .get("/stream", this::stream);
    }

    private void login(ServerRequest req, ServerResponse res) {
        ObjectNode body = Requests.jsonObject(req, BODY_LIMIT);
        AgentService.Login login = agents.login(Fields.string(body, "login").orElse(""),
                Fields.string(body, "password").orElse(""), req.remotePeer().host());
        ObjectNode out = Json.object().put("token", login.token());
        out.putObject("agent").put("id", login.account().id()).put("name", login.account().name());
        out.put("role", login.account().role().wire());
        Responses.ok(res, out);
    }

    private void logout(ServerRequest req, ServerResponse res) {
        agents.authenticate(bearer(req));
        agents.logout(bearer(req));
        res.status(204).send();
    }

    private void list(ServerRequest req, ServerResponse res) {
        Account agent = agents.authenticate(bearer(req));
        String status = Requests.query(req, "status").orElse(HandoffView.QUEUED).toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(status)) {
            throw new ApiException.BadRequest("agent.request.invalid",
                    "Invalid request: status must be QUEUED, ASSIGNED or CLOSED");
        }
        long only = status.equals(HandoffView.QUEUED) ? 0 : agent.id();
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        handoffs.list(status, only).forEach(h -> items.add(view(h)));
        Responses.ok(res, out);
    }

    private void accept(ServerRequest req, ServerResponse res) {
        Account agent = agents.authenticate(bearer(req));
        Responses.ok(res, view(handoffs.accept(id(req), ref(agent))));
    }

    private void message(ServerRequest req, ServerResponse res) {
        Account agent = agents.authenticate(bearer(req));
        ObjectNode body = Requests.jsonObject(req, BODY_LIMIT);
        String questionId = handoffs.message(id(req), ref(agent), Fields.string(body, "text").orElse(""));
        Responses.json(res, 201, Json.object().put("questionId", questionId));
    }

    private void history(ServerRequest req, ServerResponse res) {
        Account agent = agents.authenticate(bearer(req));
        HandoffView handoff = handoffs.get(id(req));
        handoffs.requireReadable(handoff, ref(agent));
        ClientKey key = new ClientKey(handoff.channelId(), handoff.clientId());
        Responses.ok(res, history.page(HistoryRoutes.query(req, key)));
    }

    private void close(ServerRequest req, ServerResponse res) {
        Account agent = agents.authenticate(bearer(req));
        Responses.ok(res, view(handoffs.close(id(req), ref(agent))));
    }

    /** The agent is typing: shown on the client's event stream at once, stored nowhere. */
    private void typing(ServerRequest req, ServerResponse res) {
        Account agent = agents.authenticate(bearer(req));
        hub.agentTyping(handoffs.typingIn(id(req), ref(agent)), agent.id(), agent.name());
        res.status(204).send();
    }

    /**
     * Server-Sent Events of queue and conversation changes; browsers may pass the token as {@code access_token}. The
     * stream ends as soon as the account's sessions are ended (deactivated or deleted), and at the first heartbeat
     * after the session is gone otherwise (logged out, expired).
     */
    private void stream(ServerRequest req, ServerResponse res) throws InterruptedException {
        String header = bearer(req);
        String token = header.isEmpty() ? Requests.query(req, "access_token").orElse("") : header;
        Account agent = agents.authenticate(token);
        try (AgentHub.Subscription subscription = hub.subscribe(agent.id());
                SseSink sink = res.sink(SseSink.TYPE)) {
            sink.emit(SseEvent.builder().comment("connected").build());
            while (true) {
                AgentHub.Routed event = subscription.next(HEARTBEAT_MILLIS);
                if (event == null ? agents.findSession(token).isEmpty() : event.name().equals(AgentHub.SESSIONS_ENDED)) {
                    return;
                }
                sink.emit(event == null ? SseEvent.builder().comment("heartbeat").build()
                        : SseEvent.builder().name(event.name()).data(event.data()).build());
            }
        } catch (RuntimeException gone) {
            // the agent closed the console: the subscription is gone with the try block
        }
    }

    private static HandoffService.Agent ref(Account agent) {
        return new HandoffService.Agent(agent.id(), agent.name());
    }

    private static String bearer(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
    }


    private static long id(ServerRequest req) {
        return Requests.idParam(req, "agent.conversation.not_found", "Conversation");
    }

    static ObjectNode view(HandoffView h) {
        ObjectNode node = Json.object();
        node.put("id", h.id());
        node.put("channelId", h.channelId());
        node.put("clientId", h.clientId());
        node.put("status", h.status());
        if (h.agentId() == 0) {
            node.putNull("agentId");
        } else {
            node.put("agentId", h.agentId());
        }
        node.put("firstMessage", h.firstMessage());
        node.put("updatedAt", Times.iso(h.updatedAt()));
        return node;
    }
}
