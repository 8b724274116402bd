package dev.parley.channel;

import dev.parley.bot.ExternalBot;
import dev.parley.bot.InvalidScenarioException;
import dev.parley.bot.Scenario;
import dev.parley.bot.ScenarioCompiler;
import dev.parley.bot.ScenarioValidation;
import dev.parley.http.ApiException;
import dev.parley.outbound.OutboundPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Creates and changes channels. A scenario is compiled, validated and its tests run before anything is stored, so a
 * stored channel always has a working bot. Thread-safe.
 */
public final class ChannelService {

    private final ChannelStore store;
    private final ChannelDirectory directory;
    private final ScenarioCompiler compiler;
    private final Tokens tokens;
    private final Clock clock;
    private final OutboundPolicy policy;

    public ChannelService(ChannelStore store, ChannelDirectory directory, ScenarioCompiler compiler, Tokens tokens,
            Clock clock, OutboundPolicy policy) {
        this.store = store;
        this.directory = directory;
        this.compiler = compiler;
        this.tokens = tokens;
        this.clock = clock;
        this.policy = policy;
    }

    /** Creates a channel whose scenario is its version 1, deployed by {@code actor}. */
    public Channel create(ChannelSettings settings, String actor) {
        String name = validName(settings.name().orElseThrow(() -> ApiException.BadRequest.admin("name is required")));
        String source = settings.scenarioSource().orElseThrow(() ->
                ApiException.BadRequest.admin("scenario is required"));
        Scenario scenario = compile(source);
        String token = settings.token().filter(t -> !t.isEmpty()).map(ChannelService::validToken)
                .orElseGet(tokens::generate);
        requireFreeToken(token, -1);
        long now = clock.millis();
        Channel channel = store.insert(new Channel(0, name, token, settings.blockForm().orElse(false),
                validWebhook(settings.webhookUrl().orElse("")), settings.webhookSecret().orElse(""), source, 1,
                Channel.CONNECTED, now, now, validIdentitySecret(settings.identitySecret().orElse("")),
                validRetention(settings.historyRetention().orElse(""))), actor);
        directory.remember(channel, scenario);
        return channel;
    }

    public List<Channel> list() {
        return store.list();
    }

    public Channel get(long id) {
        return store.findById(id).orElseThrow(() -> notFound(id));
    }

    /**
     * Applies the given settings; a new scenario becomes a new version, deployed by {@code actor}, that sessions in
     * progress continue on.
     */
    public Channel update(long id, ChannelSettings settings, String actor) {
        Channel current = get(id);
        String source = settings.scenarioSource().orElse(current.scenarioSource());
        Scenario scenario = settings.scenarioSource().isPresent() ? compile(source) : null;
        String token = settings.token().map(ChannelService::validToken).orElse(current.token());
        if (!token.equals(current.token())) {
            requireFreeToken(token, id);
        }
        Channel changed = new Channel(id, settings.name().map(ChannelService::validName).orElse(current.name()),
                token, settings.blockForm().orElse(current.blockForm()),
                settings.webhookUrl().map(this::validWebhook).orElse(current.webhookUrl()),
                settings.webhookSecret().orElse(current.webhookSecret()), source,
                current.scenarioVersion() + (scenario == null ? 0 : 1), Channel.CONNECTED, current.createdAt(),
                clock.millis(), settings.identitySecret().map(ChannelService::validIdentitySecret)
                        .orElse(current.identitySecret()),
                settings.historyRetention().map(ChannelService::validRetention).orElse(current.historyRetention()));
        return save(current, changed, scenario, actor);
    }

    /** Deploys the source of an earlier version as a new current version. */
    public Channel restore(long id, long version, String actor) {
        String source = version(id, version).source();
        return update(id, ChannelSettings.scenarioOnly(source), actor);
    }

    /** The channel's scenario versions, newest first. */
    public List<ScenarioVersion> versions(long id) {
        get(id);
        return store.versions(id);
    }

    public ScenarioVersion.WithSource version(long id, long version) {
        get(id);
        return store.version(id, version).orElseThrow(() -> new ApiException.NotFound(
                "admin.scenario_version.not_found", "Version " + version + " of channel " + id + " not found"));
    }

    /** Checks a scenario for the channel as a deploy would, deploying nothing. */
    public ScenarioValidation validate(long id, String source) {
        get(id);
        return compiler.validate(source);
    }

    public ChannelOverview overview(long id) {
        return overview(get(id), store.activity(id));
    }

    public List<ChannelOverview> overviews() {
        Map<Long, ClientActivity> activity = store.activity();
        return store.list().stream()
                .map(channel -> overview(channel, activity.getOrDefault(channel.id(), ClientActivity.NONE)))
                .toList();
    }

    /**
     * What keeps the channel from connecting now: its stored scenario no longer compiles, or the outbound policy
     * (which may have changed since the channel was saved) refuses its webhook or its external bot. Whether those
     * answer is found out when they are called, not here.
     */
    private ChannelOverview overview(Channel channel, ClientActivity activity) {
        List<String> problems = new ArrayList<>();
        Optional<URI> external = Optional.empty();
        try {
            external = directory.byId(channel.id()).scenario().external().map(ExternalBot::url);
        } catch (InvalidScenarioException e) {
            problems.add("the scenario no longer compiles: " + e.problems().getFirst().describe());
        }
        absoluteHttp(channel.webhookUrl()).flatMap(policy::problem)
                .ifPresent(problem -> problems.add("webhookUrl is refused: " + problem));
        external.flatMap(policy::problem).ifPresent(problem -> problems.add("bot url is refused: " + problem));
        return new ChannelOverview(channel, activity, problems, external);
    }

    /** Issues a fresh generated token; the old one stops working at once on this node. */
    public Channel rotateToken(long id) {
        Channel current = get(id);
        Channel changed = new Channel(id, current.name(), tokens.generate(), current.blockForm(),
                current.webhookUrl(), current.webhookSecret(), current.scenarioSource(), current.scenarioVersion(),
                current.status(), current.createdAt(), clock.millis(), current.identitySecret(),
                current.historyRetention());
        return save(current, changed, null, "");
    }

    public void delete(long id) {
        Channel current = get(id);
        if (!store.delete(id)) {
            throw notFound(id);
        }
        directory.forget(current.token());
    }

    private Channel save(Channel current, Channel changed, Scenario scenario, String actor) {
        // conditional on the version read, so that no change (a rename either) undoes a deploy made meanwhile
        if (!store.deploy(changed, current.scenarioVersion(), actor)) {
            get(current.id());
            throw new ApiException.Conflict("admin.scenario.changed",
                    "The channel's scenario changed meanwhile; reload the channel and try again");
        }
        directory.forget(current.token());
        if (scenario != null) {
            directory.remember(changed, scenario);
        }
        return changed;
    }

    private Scenario compile(String source) {
        try {
            return compiler.compileToDeploy(source);
        } catch (InvalidScenarioException e) {
            throw new ApiException.WithDetails(422, "admin.scenario.invalid",
                    "Invalid scenario: " + e.problems().size() + " problem(s), see problems", e.problems());
        }
    }

    private void requireFreeToken(String token, long ownerId) {
        store.findByToken(token).filter(other -> other.id() != ownerId).ifPresent(other -> {
            throw new ApiException.Conflict("admin.channel.token_taken", "token is already used by another channel");
        });
    }

    private static String validName(String name) {
        if (name.isBlank() || name.length() > 200) {
            throw ApiException.BadRequest.admin("name must be 1 to 200 characters and not blank");
        }
        return name.trim();
    }

    /** Empty turns verification off; a short secret would let signatures be guessed offline from one leaked pair. */
    private static String validIdentitySecret(String secret) {
        if (!secret.isEmpty() && (secret.length() < 16 || secret.length() > 256 || secret.isBlank())) {
            throw ApiException.BadRequest.admin("identitySecret must be empty (no verification) or 16 to 256 characters");
        }
        return secret;
    }

    private static String validRetention(String retention) {
        try {
            return HistoryRetention.normalized(retention);
        } catch (IllegalArgumentException e) {
            throw ApiException.BadRequest.admin(e.getMessage());
        }
    }

    private static String validToken(String token) {
        if (!Tokens.isValidChosen(token)) {
            throw ApiException.BadRequest.admin("token must be 8 to 200 characters from A-Z a-z 0-9 : _ . -");
        }
        return token;
    }

    private String validWebhook(String url) {
        if (url.isEmpty()) {
            return url;
        }
        URI uri = absoluteHttp(url).filter(u -> url.length() <= 2000)
                .orElseThrow(() -> ApiException.BadRequest.admin("webhookUrl must be an absolute http or https URL"));
        policy.problem(uri).ifPresent(problem -> {
            throw new ApiException.Unprocessable("admin.channel.webhook_refused", "webhookUrl is refused: " + problem);
        });
        return url;
    }

    private static Optional<URI> absoluteHttp(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? Optional.of(uri)
                    : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static ApiException notFound(long id) {
        return new ApiException.NotFound("admin.channel.not_found", "Channel " + id + " not found");
    }
}
