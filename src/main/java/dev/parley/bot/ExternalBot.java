package dev.parley.bot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.observe.LogMask;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A bot that lives elsewhere: each turn is a {@code POST} of the request to its URL, and its JSON answer is the turn.
 * The channel's scenario is then just {@code bot: {type: http, url: …}} (optionally {@code timeout}). Parley keeps
 * the bot's session for it: the {@code session} object the bot answers comes back with the client's next request.
 * Like every script problem, a failing bot never fails the turn: an unreachable bot, a non-2xx answer or a body that
 * is not the expected JSON ends the turn without replies (the client's session is kept), with a warning in the log.
 *
 * <p>Request: {@code {clientId, questionId, query | event, data, session}}. Answer: {@code {replies: [...],
 * session?, endSession?, nlpClass?, confidence?}}, each reply a JSON object with a string {@code type} (those of the
 * Chat API, such as {@code {type: text, text}}, or any other), passed to the client as it is, with {@code state} added
 * when it has none. Immutable and thread-safe.
 */
public record ExternalBot(URI url, Duration timeout) {

    static final Set<String> KEYS = Set.of("type", "url", "timeout");
    static final String STATE = "/external";
    private static final int MAX_DEPTH = 60;
    private static final System.Logger LOG = System.getLogger(ExternalBot.class.getName());
    /**
     * Immutable, so shared. The nesting limit keeps a session the bot answers readable when it comes back from the
     * store, which reads at most 64 levels (and wraps the session in one more). A repeated key or content after the
     * answer makes it ambiguous, so it is refused like any answer that is not the expected JSON.
     */
    private static final ObjectReader JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build()).reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Reads {@code bot: {type: http, url, timeout?}}; reports every problem and answers empty when any. */
    static Optional<ExternalBot> read(YNode node, ProblemList problems) {
        Fields fields = new Fields(problems, "", 0);
        int before = fields.count();
        Optional<YNode.Mapping> bot = fields.mapping(node, "bot");
        if (bot.isEmpty()) {
            return Optional.empty();
        }
        fields.onlyKnownKeys(bot.get(), "bot", KEYS);
        Optional<String> type = required(bot.get(), "type", fields).flatMap(n -> fields.nonBlank(n, "bot type"));
        if (type.isPresent() && !type.get().equals("http")) {
            fields.problem(bot.get().line(), "bot type must be http, not " + type.get());
        }
        Optional<URI> url = required(bot.get(), "url", fields).flatMap(n -> fields.nonBlank(n, "bot url"))
                .flatMap(text -> url(text, bot.get().line(), fields));
        Duration timeout = bot.get().find("timeout").flatMap(n -> fields.duration(n, "bot timeout"))
                .orElse(FlowBlockReader.DEFAULT_HTTP_TIMEOUT);
        if (timeout.compareTo(FlowBlockReader.MAX_HTTP_TIMEOUT) > 0) {
            fields.problem(bot.get().line(), "bot timeout must be at most " + FlowBlockReader.MAX_HTTP_TIMEOUT.toSeconds()
                    + "s: a turn waiting for the bot holds up the client's next ones");
        }
        return fields.count() == before && url.isPresent() ? Optional.of(new ExternalBot(url.get(), timeout))
                : Optional.empty();
    }

    private static Optional<YNode> required(YNode.Mapping mapping, String key, Fields fields) {
        Optional<YNode> value = mapping.find(key);
        if (value.isEmpty()) {
            fields.problem(mapping.line(), "bot needs a " + key);
        }
        return value;
    }

    private static Optional<URI> url(String text, int line, Fields fields) {
        try {
            URI uri = new URI(text);
            if (uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                return Optional.of(uri);
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        fields.problem(line, "bot url must be an absolute http or https URL, not " + text);
        return Optional.empty();
    }

    /** One turn: asks the bot, and reads its answer into the turn. */
    BotTurn run(HttpBlockClient http, BotSession session, BotRequest request) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("clientId", request.clientId());
        body.put("questionId", request.questionId());
        body.put(request.kind() == BotRequest.Kind.QUERY ? "query" : "event", request.value());
        body.set("data", request.data());
        body.set("session", session.variables());
        HttpBlockResponse response = HttpStep.send(http, new HttpBlockRequest("POST", url,
                Map.of("Content-Type", "application/json", "Accept", "application/json"), body.toString(), timeout));
        if (!response.successful()) {
            return failed(session, request, response.error().isEmpty() ? "HTTP " + response.status() : response.error());
        }
        try {
            return answer(JSON.readTree(response.body()), session, request.channel());
        } catch (IOException | IllegalArgumentException e) {
            return failed(session, request, "an answer that is not the expected JSON: " + e.getMessage());
        }
    }

    private BotTurn answer(JsonNode answer, BotSession previous, String channel) {
        if (!answer.isObject() || !answer.path("replies").isArray()) {
            throw new IllegalArgumentException("an object with a replies array is required");
        }
        String state = answer.path("nlpClass").isTextual() ? answer.get("nlpClass").textValue() : STATE;
        ObjectNode variables = answer.path("session").isObject() ? (ObjectNode) answer.get("session")
                : previous.variables();
        return new BotTurn(state, answer.path("confidence").asDouble(1.0), replies(answer.get("replies"), state,
                channel), new BotSession(variables, state, List.of(), null), answer.path("endSession").asBoolean(false),
                List.of(), List.of());
    }

    /**
     * The bot's replies as they are, whatever their type: the Chat API passes unknown types through. Only what cannot
     * be a reply at all (not an object, or no string type) is left out, with one warning for the turn.
     */
    private List<Reply> replies(JsonNode replies, String state, String channel) {
        ReplySink sink = new ReplySink();
        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            JsonNode reply = replies.get(i);
            if (reply instanceof ObjectNode object && reply.path("type").isTextual()) {
                sink.add(new Reply.Custom(object, state));
            } else {
                dropped.add("#" + (i + 1) + " " + abbreviated(reply));
            }
        }
        if (!dropped.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "External bot " + LogMask.mask(url.toString()) + " of " + channel
                    + " answered " + dropped.size() + " repl" + (dropped.size() == 1 ? "y" : "ies") + " that are not JSON objects"
                    + " with a string type; left out: " + String.join(", ", dropped));
        }
        return sink.replies();
    }

    private static String abbreviated(JsonNode reply) {
        String text = reply.toString();
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private BotTurn failed(BotSession session, BotRequest request, String why) {
        LOG.log(System.Logger.Level.WARNING, "External bot " + LogMask.mask(url.toString()) + " of "
                + request.channel() + " failed: " + LogMask.mask(why) + "; the turn ends without replies");
        return new BotTurn(STATE, 1.0, List.of(), session, false, List.of(), List.of());
    }
}
