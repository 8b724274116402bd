package dev.parley.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.http.ApiException;
import dev.parley.http.Fields;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** The admin API for channels, under {@code /api/v1/channels}. */
public final class ChannelRoutes implements HttpService {

    /** Scenarios may be large; the client API's 64 KiB limit does not apply here. */
    private static final int ADMIN_BODY_LIMIT = 2 * 1024 * 1024;

    private final ChannelService channels;
    private final Handler adminAuth;

    public ChannelRoutes(ChannelService channels, Handler adminAuth) {
        this.channels = channels;
        this.adminAuth = adminAuth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(adminAuth)
                .post("/", this::create)
                .get("/", this::list)
                .get("/{id}", this::get)
                .patch("/{id}", this::update)
                .delete("/{id}", this::delete)
                .put("/{id}/scenario", this::putScenario)
                .post("/{id}/token", this::rotateToken);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Channel channel = channels.create(settings(Requests.jsonObject(req, ADMIN_BODY_LIMIT)));
        Responses.json(res, 201, view(channel, false));
    }

    private void list(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object();
        channels.list().forEach(c -> body.withArray("items").add(view(c, false)));
        body.withArray("items");
        Responses.ok(res, body);
    }

    private void get(ServerRequest req, ServerResponse res) {
        Responses.ok(res, view(channels.get(id(req)), true));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Responses.ok(res, view(channels.update(id(req), settings(Requests.jsonObject(req, ADMIN_BODY_LIMIT))), false));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        channels.delete(id(req));
        res.status(204).send();
    }

    /** The body is the scenario itself: YAML text, or a JSON object. */
    private void putScenario(ServerRequest req, ServerResponse res) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
        String source = type.contains("json")
                ? scenarioSource(Requests.jsonObject(req, ADMIN_BODY_LIMIT))
                : new String(Requests.body(req, ADMIN_BODY_LIMIT), StandardCharsets.UTF_8);
        ChannelSettings settings = new ChannelSettings(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(source));
        Responses.ok(res, view(channels.update(id(req), settings), false));
    }

    private void rotateToken(ServerRequest req, ServerResponse res) {
        Responses.ok(res, view(channels.rotateToken(id(req)), false));
    }

    private static ChannelSettings settings(ObjectNode body) {
        JsonNode scenario = body.get("scenario");
        Optional<String> source = scenario == null || scenario.isNull() ? Optional.empty()
                : Optional.of(scenario.isTextual() ? scenario.textValue() : scenarioSource(scenarioObject(scenario)));
        Optional<String> bot = externalBot(body.get("bot"));
        if (bot.isPresent() && source.isPresent()) {
            throw new ApiException.BadRequest("admin.request.invalid",
                    "Invalid request: give either scenario or bot, not both");
        }
        return new ChannelSettings(Fields.string(body, "name"), Fields.string(body, "token"),
                Fields.bool(body, "blockForm"), Fields.string(body, "webhookUrl"),
                Fields.string(body, "webhookSecret"), source.or(() -> bot));
    }

    /** {@code bot: {type: "http", url}} is the scenario {@code {bot: …}}: the compiler validates it like any other. */
    private static Optional<String> externalBot(JsonNode bot) {
        if (bot == null || bot.isNull()) {
            return Optional.empty();
        }
        if (!bot.isObject()) {
            throw new ApiException.BadRequest("admin.request.invalid",
                    "Invalid request: bot must be an object such as {\"type\": \"http\", \"url\": \"https://…\"}");
        }
        ObjectNode scenario = Json.object();
        scenario.set("bot", bot);
        return Optional.of(scenarioSource(scenario));
    }

    private static ObjectNode scenarioObject(JsonNode scenario) {
        if (!scenario.isObject()) {
            throw new ApiException.BadRequest("admin.request.invalid",
                    "Invalid request: scenario must be YAML text or a JSON object");
        }
        return (ObjectNode) scenario;
    }

    private static String scenarioSource(ObjectNode scenario) {
        return scenario.toPrettyString();
    }


    private static long id(ServerRequest req) {
        return Requests.idParam(req, "admin.channel.not_found", "Channel");
    }

    static ObjectNode view(Channel channel, boolean withScenario) {
        ObjectNode node = Json.object();
        node.put("id", channel.id());
        node.put("name", channel.name());
        node.put("token", channel.token());
        node.put("blockForm", channel.blockForm());
        node.put("webhookUrl", channel.webhookUrl().isEmpty() ? null : channel.webhookUrl());
        node.put("hasWebhookSecret", !channel.webhookSecret().isEmpty());
        node.put("status", channel.status());
        node.put("scenarioVersion", channel.scenarioVersion());
        if (withScenario) {
            node.put("scenario", channel.scenarioSource());
        }
        return node;
    }
}
