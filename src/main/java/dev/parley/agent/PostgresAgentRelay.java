package dev.parley.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.parley.json.Json;
import dev.parley.store.Database;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Carries the agents' live events between nodes that share one PostgreSQL database: every event this node publishes
 * goes out with {@code pg_notify} on {@link #CHANNEL}, and the notices of other nodes come back, through the node's
 * listening connection, as events for its own streams. PostgreSQL limits a notice to 8,000 bytes, so an event with
 * long texts travels with each text cut to {@value #CUT_TO} characters and {@code "truncated": true}; the full text
 * is in the conversation's history. Thread-safe.
 */
public final class PostgresAgentRelay {

    /** The PostgreSQL notification channel of agent events. */
    public static final String CHANNEL = "parley_agents";

    private static final System.Logger LOG = System.getLogger(PostgresAgentRelay.class.getName());
    private static final int MAX_PAYLOAD_BYTES = 7_900;
    private static final int CUT_TO = 1_000;

    private final Database db;
    private final String node = UUID.randomUUID().toString();

    public PostgresAgentRelay(Database db) {
        this.db = db;
    }

    /**
     * Publishes an event of this node to the others, after its commit, in one autocommit statement; a failure is
     * logged (the other nodes' consoles re-read their lists when they reconnect).
     */
    public void send(AgentHub.Routed event) {
        String payload = payload(event, new RawValue(event.data()));
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            ObjectNode cut = (ObjectNode) cut(Json.readTrusted(event.data()));
            payload = payload(event, cut.put("truncated", true));
        }
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            LOG.log(System.Logger.Level.WARNING, "An agent event too large for the other nodes was not sent to them");
            return;
        }
        String notice = payload;
        try {
            db.read(h -> h.createQuery("SELECT pg_notify(:channel, :payload)").bind("channel", CHANNEL)
                    .bind("payload", notice).mapTo(String.class).one());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not send an agent event to the other nodes", e);
        }
    }

    /** The event in another node's notice, or empty for this node's own notices and malformed ones. */
    public Optional<AgentHub.Routed> receive(String payload) {
        try {
            JsonNode notice = Json.readTrusted(payload);
            if (notice.path("node").asText().equals(node) || !notice.path("data").isObject()) {
                return Optional.empty();
            }
            return Optional.of(new AgentHub.Routed(notice.path("name").asText(), Json.write(notice.get("data")),
                    notice.path("agentId").asLong(), notice.path("open").asBoolean()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Ignoring a malformed agent notice");
            return Optional.empty();
        }
    }

    /** @param data the event's data: a JSON node, or the JSON text as it is ({@link RawValue}) */
    private String payload(AgentHub.Routed event, Object data) {
        return Json.write(Map.of("node", node, "name", event.name(), "agentId", event.agentId(), "open",
                event.open(), "data", data));
    }

    /** The same JSON with every text longer than {@value #CUT_TO} characters cut to that length. */
    private static JsonNode cut(JsonNode node) {
        if (node.isTextual() && node.textValue().codePointCount(0, node.textValue().length()) > CUT_TO) {
            String text = node.textValue();
            return Json.mapper().getNodeFactory().textNode(text.substring(0, text.offsetByCodePoints(0, CUT_TO)));
        }
        if (node.isObject()) {
            ObjectNode copy = Json.object();
            node.properties().forEach(e -> copy.set(e.getKey(), cut(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.mapper().createArrayNode();
            node.forEach(item -> copy.add(cut(item)));
            return copy;
        }
        return node;
    }
}
