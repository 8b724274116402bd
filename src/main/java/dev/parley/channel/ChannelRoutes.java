package dev.parley.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.admin.Actor;
import dev.parley.bot.ScenarioValidation;
import dev.parley.http.ApiException;
import dev.parley.http.Fields;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import dev.parley.json.Times;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

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
                .post("/{id}/scenario/validate", this::validate)
                .get("/{id}/scenario/versions", this::versions)
                .get("/{id}/scenario/versions/{version}", this::version)
                .post("/{id}/scenario/versions/{version}/restore", this::restore)
                .post("/{id}/token", this::rotateToken);
    }

    /** Who makes this request, as scenario versions record it: {@code admin-token} or {@code account:<id>}. */
    static String actor(ServerRequest req) {
        return Actor.of(req).label();
    }

    private void create(ServerRequest req, ServerResponse res) {
        Channel channel = channels.create(settings(Requests.jsonObject(req, ADMIN_BODY_LIMIT)), actor(req));
        Responses.json(res, 201, view(channels.overview(channel.id()), false));
    }

    private void list(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object();
        channels.overviews().forEach(c -> body.withArray("items").add(view(c, false)));
        body.withArray("items");
        Responses.ok(res, body);
    }

    private void get(ServerRequest req, ServerResponse res) {
        Responses.ok(res, view(channels.overview(id(req)), true));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Channel channel = channels.update(id(req), settings(Requests.jsonObject(req, ADMIN_BODY_LIMIT)), actor(req));
        Responses.ok(res, view(channels.overview(channel.id()), false));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        channels.delete(id(req));
        res.status(204).send();
    }

    /** The body is the scenario itself: YAML text, or a JSON object. */
    private void putScenario(ServerRequest req, ServerResponse res) {
        ChannelSettings settings = ChannelSettings.scenarioOnly(scenarioBody(req));
        Channel channel = channels.update(id(req), settings, actor(req));
        Responses.ok(res, view(channels.overview(channel.id()), false));
    }

    /** Like {@link #putScenario}, but answers what is wrong (200 even when something is) and deploys nothing. */
    private void validate(ServerRequest req, ServerResponse res) {
        long id = id(req);
        ScenarioValidation validation = channels.validate(id, scenarioBody(req));
        ObjectNode body = Json.object().put("valid", validation.valid());
        ArrayNode problems = body.putArray("problems");
        validation.problems().forEach(p -> problems.addObject().put("line", p.line()).put("state", p.state())
                .put("message", p.message()));
        ArrayNode tests = body.putArray("tests");
        validation.tests().forEach(t -> tests.addObject().put("index", t.index()).put("say", t.say())
                .put("ok", t.ok()).put("message", t.message()));
        Responses.ok(res, body);
    }

    private void versions(ServerRequest req, ServerResponse res) {
        long id = id(req);
        List<ScenarioVersion> versions = channels.versions(id);
        long current = channels.get(id).scenarioVersion();
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        versions.forEach(v -> items.addObject().put("version", v.version()).put("createdAt", Times.iso(v.createdAt()))
                .put("createdBy", v.createdBy()).put("current", v.version() == current));
        Responses.ok(res, body);
    }

    private void version(ServerRequest req, ServerResponse res) {
        ScenarioVersion.WithSource found = channels.version(id(req), version(req));
        Responses.ok(res, Json.object().put("version", found.version().version()).put("source", found.source())
                .put("createdAt", Times.iso(found.version().createdAt()))
                .put("createdBy", found.version().createdBy()));
    }

    private void restore(ServerRequest req, ServerResponse res) {
        Channel channel = channels.restore(id(req), version(req), actor(req));
        Responses.ok(res, view(channels.overview(channel.id()), false));
    }

    private void rotateToken(ServerRequest req, ServerResponse res) {
        Channel channel = channels.rotateToken(id(req));
        Responses.ok(res, view(channels.overview(channel.id()), false));
    }

    /** A scenario sent as the body itself: YAML text, or a JSON object with a JSON content type. */
    private static String scenarioBody(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
        return type.contains("json")
                ? scenarioSource(Requests.jsonObject(req, ADMIN_BODY_LIMIT))
                : new String(Requests.body(req, ADMIN_BODY_LIMIT), StandardCharsets.UTF_8);
    }

    private static ChannelSettings settings(ObjectNode body) {
        JsonNode scenario = body.get("scenario");
        Optional<String> source = scenario == null || scenario.isNull() ? Optional.empty()
                : Optional.of(scenario.isTextual() ? scenario.textValue() : scenarioSource(scenarioObject(scenario)));
        Optional<String> bot = externalBot(body.get("bot"));
        if (bot.isPresent() && source.isPresent()) {
            throw ApiException.BadRequest.admin(
                    "give either scenario or bot, not both");
        }
        return new ChannelSettings(Fields.string(body, "name"), Fields.string(body, "token"),
                Fields.bool(body, "blockForm"), Fields.string(body, "webhookUrl"),
                Fields.string(body, "webhookSecret"), source.or(() -> bot), Fields.string(body, "identitySecret"),
                historyRetention(body));
    }

    /** An explicit {@code null} keeps messages forever, like {@code ""}; an absent field changes nothing. */
    private static Optional<String> historyRetention(ObjectNode body) {
        JsonNode node = body.get("historyRetention");
        return node != null && node.isNull() ? Optional.of("") : Fields.string(body, "historyRetention");
    }

    /** {@code bot: {type: "http", url}} is the scenario {@code {bot: …}}: the compiler validates it like any other. */
    private static Optional<String> externalBot(JsonNode bot) {
        if (bot == null || bot.isNull()) {
            return Optional.empty();
        }
        if (!bot.isObject()) {
            throw ApiException.BadRequest.admin(
                    "bot must be an object such as {\"type\": \"http\", \"url\": \"https://…\"}");
        }
        ObjectNode scenario = Json.object();
        scenario.set("bot", bot);
        return Optional.of(scenarioSource(scenario));
    }

    private static ObjectNode scenarioObject(JsonNode scenario) {
        if (!scenario.isObject()) {
            throw ApiException.BadRequest.admin(
                    "scenario must be YAML text or a JSON object");
        }
        return (ObjectNode) scenario;
    }

    private static String scenarioSource(ObjectNode scenario) {
        return scenario.toPrettyString();
    }


    private static long id(ServerRequest req) {
        return Requests.idParam(req, "admin.channel.not_found", "Channel");
    }

    /** A version number; anything else names no version, so it is a 404 like an unknown one. */
    private static long version(ServerRequest req) {
        String raw = Requests.pathParam(req, "version");
        if (!raw.matches("[0-9]{1,18}")) {
            throw new ApiException.NotFound("admin.scenario_version.not_found", "Version " + raw + " not found");
        }
        return Long.parseLong(raw);
    }

    static ObjectNode view(ChannelOverview overview, boolean withScenario) {
        Channel channel = overview.channel();
        ObjectNode node = Json.object();
        node.put("id", channel.id());
        node.put("name", channel.name());
        node.put("token", channel.token());
        node.put("blockForm", channel.blockForm());
        node.put("webhookUrl", channel.webhookUrl().isEmpty() ? null : channel.webhookUrl());
        node.put("hasWebhookSecret", !channel.webhookSecret().isEmpty());
        node.put("identityVerification", !channel.identitySecret().isEmpty());
        node.put("historyRetention", channel.historyRetention().isEmpty() ? null : channel.historyRetention());
        node.put("status", overview.status());
        ArrayNode problems = node.putArray("problems");
        overview.problems().forEach(problems::add);
        node.put("clients", overview.activity().clients());
        OptionalLong last = overview.activity().lastActivityAt();
        node.put("lastActivityAt", last.isPresent() ? Times.iso(last.getAsLong()) : null);
        ObjectNode bot = node.putObject("bot");
        overview.externalBot().ifPresentOrElse(url -> bot.put("type", "http").put("url", url.toString()),
                () -> bot.put("type", "scenario"));
        node.put("scenarioVersion", channel.scenarioVersion());
        if (withScenario) {
            node.put("scenario", channel.scenarioSource());
        }
        return node;
    }
}
