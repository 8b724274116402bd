package dev.parley;

import dev.parley.admin.AdminAuth;
import dev.parley.agent.AccountRoutes;
import dev.parley.agent.AgentAdminRoutes;
import dev.parley.agent.AgentHub;
import dev.parley.agent.PostgresAgentRelay;
import dev.parley.agent.AgentRoutes;
import dev.parley.agent.PresenceRoutes;
import dev.parley.agent.AgentService;
import dev.parley.agent.AgentStore;
import dev.parley.admin.AdminToken;
import dev.parley.bot.BotEngine;
import dev.parley.bot.JdkHttpBlockClient;
import dev.parley.bot.ScenarioCompiler;
import dev.parley.campaign.CampaignRoutes;
import dev.parley.campaign.CampaignService;
import dev.parley.campaign.CampaignStore;
import dev.parley.campaign.CampaignWorker;
import dev.parley.channel.Channel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.channel.ChannelRoutes;
import dev.parley.channel.ChannelService;
import dev.parley.channel.JdbiChannelStore;
import dev.parley.channel.ScenarioTemplateRoutes;
import dev.parley.channel.ScenarioTemplates;
import dev.parley.channel.Tokens;
import dev.parley.chatapi.ChatApiRoutes;
import dev.parley.chatapi.TypingRoutes;
import dev.parley.config.Config;
import dev.parley.console.ConsoleAssets;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.HandoffNotices;
import dev.parley.conversation.TimerSet;
import dev.parley.conversation.HandoffService;
import dev.parley.conversation.TryRoutes;
import dev.parley.delivery.Backoff;
import dev.parley.delivery.DeadLetterRoutes;
import dev.parley.delivery.DeliveryStore;
import dev.parley.delivery.DeliveryWorker;
import dev.parley.delivery.WebhookSender;
import dev.parley.delivery.WebhookTestRoutes;
import dev.parley.delivery.WebhookTester;
import dev.parley.dialog.DialogRoutes;
import dev.parley.dialog.DialogService;
import dev.parley.dialog.DialogStore;
import dev.parley.dialog.SearchIndex;
import dev.parley.erasure.ErasureRoutes;
import dev.parley.erasure.ErasureService;
import dev.parley.erasure.ErasureStore;
import dev.parley.events.EventStore;
import dev.parley.export.ExportRoutes;
import dev.parley.export.ExportStore;
import dev.parley.events.EventWriter;
import dev.parley.events.ClientTyping;
import dev.parley.files.FileLinkRoutes;
import dev.parley.files.FileRoutes;
import dev.parley.files.FileService;
import dev.parley.files.FileStore;
import dev.parley.events.EventsRoutes;
import dev.parley.events.EventsService;
import dev.parley.events.PostgresWakeUpRelay;
import dev.parley.events.WakeUps;
import dev.parley.history.HistoryRoutes;
import dev.parley.history.HistoryStore;
import dev.parley.home.DemoChannels;
import dev.parley.home.HomeRoutes;
import dev.parley.http.Cors;
import dev.parley.http.ErrorMapper;
import dev.parley.http.Fallbacks;
import dev.parley.http.Connections;
import dev.parley.http.HeadDeadlines;
import dev.parley.http.SecurityHeaders;
import dev.parley.observe.CachedGauges;
import dev.parley.observe.DocsRoutes;
import dev.parley.observe.HealthRoutes;
import dev.parley.observe.MaskingLogFilter;
import dev.parley.observe.MetricsRoutes;
import dev.parley.observe.OpenApiRoutes;
import dev.parley.outbound.OutboundPolicy;
import dev.parley.retention.RetentionStore;
import dev.parley.retention.RetentionWorker;
import dev.parley.schedule.TimerStore;
import dev.parley.schedule.TimerWorker;
import dev.parley.sdk.SdkRoutes;
import dev.parley.state.StateRoutes;
import dev.parley.stats.StatsCounter;
import dev.parley.stats.StatsRoutes;
import dev.parley.stats.StatsService;
import dev.parley.stats.StatsStore;
import dev.parley.state.StateStore;
import dev.parley.status.StatusRoutes;
import dev.parley.status.StatusStore;
import dev.parley.streams.StreamsListener;
import dev.parley.streams.StreamsPort;
import dev.parley.store.Database;
import dev.parley.store.WorkSignal;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.StaticContentService;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The composition root: builds every part with {@code new}, starts the HTTP server and stops it all again. Tests
 * start the same thing on port 0 with a temporary data dir.
 */
public final class Parley implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Parley.class.getName());

    private final Database db;
    private final Clock clock;
    private final ErrorMapper errors;
    private final String adminToken;
    private final ChannelDirectory directory;
    private final ChannelService channels;
    private final WakeUps wakeUps = new WakeUps();
    private final ClientTyping clientTyping = new ClientTyping(wakeUps);
    private final EventsService events;
    private final AgentHub agentHub;
    private final AgentService agents;
    private final HandoffService handoffs;
    private final EventWriter eventWriter;
    private final StatsCounter statsCounter;
    private final SearchIndex searchIndex;
    private final DeliveryStore deliveryStore;
    private final DeliveryWorker deliveries;
    private final ConversationService conversations;
    private final BotEngine engine;
    private final WebhookTester webhookTester;
    private final TimerStore timerStore;
    private final TimerWorker timers;
    /** Nudged by every commit that sets a bot timer: the timer worker sleeps until the next one it knows of. */
    private final WorkSignal timersSet = new WorkSignal();
    private final CampaignStore campaignStore;
    private final CampaignWorker campaigns;
    private final Optional<PostgresWakeUpRelay> relay;
    private final ScheduledExecutorService housekeeping;
    private final Connections connections;
    private final CachedGauges databaseGauges;
    private final Optional<Channel> demo;
    private final DemoChannels demoChannels;
    private final WebServer server;
    /** The listener of waiting polls and streams without a thread each, when {@code PARLEY_STREAMS_PORT} is set. */
    private final Optional<StreamsListener> streams;
    /** What this start opened, the last first: closed in that order, by {@link #close()} or a failed start. */
    private final Deque<AutoCloseable> opened;

    private Parley(Config config, Clock clock, Deque<AutoCloseable> opened) {
        MaskingLogFilter.installOnRootHandlers();
        this.opened = opened;
        this.db = Database.open(config, clock);
        opened.push(db);
        Optional<PostgresAgentRelay> agentRelay = config.usesPostgres() ? Optional.of(new PostgresAgentRelay(db))
                : Optional.empty();
        this.agentHub = new AgentHub(event -> agentRelay.ifPresent(across -> across.send(event)), clientTyping);
        this.clock = clock;
        this.errors = new ErrorMapper(clock);
        this.adminToken = AdminToken.forStart(config.adminToken(), config.dataDir());
        this.agents = new AgentService(new AgentStore(db), clock, agentHub::endSessions);
        // one generator for node ids and retry jitter; java.util.Random because many threads share it, which
        // RandomGenerator.getDefault() does not allow
        RandomGenerator random = new Random();
        OutboundPolicy outbound = new OutboundPolicy(config.httpAllowPrivate());
        this.engine = new BotEngine(new JdkHttpBlockClient(outbound), agents::anyOnline);
        ScenarioCompiler compiler = new ScenarioCompiler(engine, outbound);
        JdbiChannelStore channelStore = new JdbiChannelStore(db);
        this.directory = new ChannelDirectory(channelStore, compiler, clock);
        this.channels = new ChannelService(channelStore, directory, compiler, Tokens.secure(), clock, outbound);
        this.deliveryStore = new DeliveryStore(db);
        WebhookSender webhooks = new WebhookSender(config.webhookTimeout(), clock, outbound);
        this.deliveries = new DeliveryWorker(deliveryStore, directory, webhooks, new Backoff(random), clock,
                config.webhookTimeout(), config.webhookRetryFor(), config.webhookMaxAttempts());
        opened.push(deliveries);
        this.webhookTester = new WebhookTester(directory, webhooks, clock);
        this.events = new EventsService(new EventStore(db), wakeUps, clock, config.eventRetention());
        this.eventWriter = eventWriter(statsCounter = new StatsCounter(new StatsStore(db), clock),
                searchIndex = new SearchIndex(db));
        this.relay = agentRelay.map(agentsAcross -> wakeUpRelay(config, agentsAcross));
        this.conversations = new ConversationService(db, eventWriter, directory, engine, clock, config.syncDeadline(),
                config.sessionIdle(), random);
        opened.push(conversations);
        this.handoffs = new HandoffService(db, eventWriter, directory, agentHub, clock);
        this.timerStore = new TimerStore(db);
        this.timers = new TimerWorker(timerStore, conversations, clock, timersSet);
        this.campaignStore = new CampaignStore(db);
        this.campaigns = new CampaignWorker(campaignStore, directory, conversations, clock);
        opened.push(campaigns);
        opened.push(timers);
        this.demoChannels = new DemoChannels(db);
        this.demo = config.demo() && channelStore.isEmpty() ? Optional.of(demoChannels.create(channels)) : Optional.empty();
        // two threads: an hour's idempotency expiry must not hold up the database gauges
        this.housekeeping = Executors.newScheduledThreadPool(2, Thread.ofVirtual().factory());
        opened.push(housekeeping::shutdownNow);
        this.databaseGauges = new CachedGauges(clock);
        this.connections = new Connections(config.maxConnections(), config.maxConnectionsPerAddress(),
                config.httpHeaderTimeout(), config.httpReadTimeout());
        opened.push(connections);
        this.server = startServer(config);
        this.streams = StreamsPort.start(config, connections.guard(), directory, events, wakeUps, clientTyping, errors,
                clock);
        streams.ifPresent(opened::push);
        startBackgroundWork(config);
        connections.startSweeping();
        databaseGauges.start(housekeeping);
    }

    /** Brings other nodes' wake-ups and agent notices (PostgreSQL), from the start on. */
    private PostgresWakeUpRelay wakeUpRelay(Config config, PostgresAgentRelay agentsAcross) {
        PostgresWakeUpRelay relay = new PostgresWakeUpRelay(config.dbUrl(), config.dbUser(), config.dbPassword(),
                db::sentHere, wakeUps, eventWriter.committedRows(), PostgresAgentRelay.CHANNEL,
                notice -> agentsAcross.receive(notice).ifPresent(agentHub::deliver));
        opened.push(relay);
        return relay;
    }

    /** The server starts before any background work, so that a start that fails (its port taken) has run nothing. */
    private WebServer startServer(Config config) {
        HeadDeadlines heads = new HeadDeadlines(connections.guard());
        WebServer started = ServerStart.start(config, heads, errors, connections.guard(), routing(config, heads));
        opened.push(started::stop);
        return started;
    }

    /** Every message is written through this writer; what must follow a commit is one listener each, in this order. */
    private EventWriter eventWriter(StatsCounter counter, SearchIndex index) {
        opened.push(counter); // its last flush comes after the turns that finish while the node stops
        return new EventWriter(db, List.of(
                committed -> committed.clients().forEach(wakeUps::fire),
                committed -> {
                    if (committed.deliveries()) {
                        deliveries.nudge();
                    }
                },
                committed -> {
                    if (!committed.notes(TimerSet.class).isEmpty()) {
                        timersSet.nudge(); // the timer worker sleeps until the next timer it knew of
                    }
                },
                new HandoffNotices(agentHub),
                committed -> index.written(),
                counter));
    }

    /** Every endpoint of the server, feature by feature; the fallbacks for unknown paths and methods come last. */
    private HttpRouting.Builder routing(Config config, HeadDeadlines heads) {
        HttpRouting.Builder routing = HttpRouting.builder();
        errors.register(routing);
        routing.addFilter(heads);
        routing.addFilter(new SecurityHeaders());
        routing.addFilter(new Cors(KnownPaths.CHAT_PREFIXES));
        FileService files = new FileService(new FileStore(db), clock, new SecureRandom(), config.uploadMax(),
                config.uploadTypes(), config.uploadsPerMinute());
        for (String prefix : KnownPaths.CHAT_PREFIXES) {
            routing.register(prefix, new ChatApiRoutes(directory, conversations, clock, config.clientRatePerSecond()),
                    new EventsRoutes(directory, events, clientTyping));
            // without a prefix: they match the raw path, which keeps a client id's encoded slash (%2F) in its segment
            routing.register(new HistoryRoutes(prefix, directory, new HistoryStore(db)),
                    new StateRoutes(prefix, directory, new StateStore(db, eventWriter), clock),
                    new StatusRoutes(prefix, directory, new StatusStore(db)),
                    new TypingRoutes(prefix, directory, handoffs::clientTyping, clock, config.clientRatePerSecond()),
                    new FileRoutes(prefix, directory, files, config.publicUrl()));
        }
        AdminAuth adminAuth = new AdminAuth(adminToken, token -> agents.findSession(token)
                .map(account -> new AdminAuth.Session(account.id(), account.isActiveAdmin())));
        // before the channels' routes, whose filter would check the credentials a second time on the way
        routing.register(new DialogRoutes(new DialogService(directory, new DialogStore(db, searchIndex),
                new StateStore(db, eventWriter)), new HistoryStore(db), adminAuth));
        routing.register(new ExportRoutes(directory, new ExportStore(db), adminAuth),
                new ErasureRoutes(directory, new ErasureService(new ErasureStore(db), wakeUps, agentHub), adminAuth));
        routing.register("/api/v1/channels", new ChannelRoutes(channels, adminAuth));
        routing.register("/api/v1/scenario-templates", new ScenarioTemplateRoutes(ScenarioTemplates.bundled(),
                adminAuth));
        routing.register("/api/v1", new TryRoutes(directory, conversations, engine, adminAuth),
                new WebhookTestRoutes(webhookTester, adminAuth),
                new DeadLetterRoutes(deliveryStore, directory, deliveries, adminAuth, clock),
                new CampaignRoutes(new CampaignService(campaignStore, directory, campaigns, clock), adminAuth),
                new StatsRoutes(new StatsService(new StatsStore(db), statsCounter, conversations.stats().syncSeconds(),
                        clock), directory, adminAuth, clock));
        routing.register("/api/v1/agents", new AgentAdminRoutes(agents, adminAuth));
        routing.register("/api/v1/accounts", new AccountRoutes(agents, adminAuth));
        routing.register("/api/v1/presence", new PresenceRoutes(agents, handoffs, adminAuth));
        routing.register("/api/v1/agent", new AgentRoutes(agents, handoffs, new HistoryStore(db), agentHub));
        routing.register("/console/vendor", new ConsoleAssets());
        routing.register("/console", StaticContentService.builder("console").welcomeFileName("index.html").build());
        routing.register("/metrics", new MetricsRoutes(ServerMetrics.of(conversations, events, deliveries,
                deliveryStore, timerStore, connections.guard(), databaseGauges, db::unavailableWrites)));
        routing.register("/health", new HealthRoutes(db::problem));
        routing.register(new OpenApiRoutes(), new DocsRoutes());
        routing.register(new SdkRoutes());
        routing.register(new FileLinkRoutes(files));
        routing.register(new HomeRoutes(() -> demoChannels.find().flatMap(directory::findById)
                .map(active -> active.channel().token())));
        routing.register(new Fallbacks(KnownPaths.knownPaths()));
        return routing;
    }

    /** Resumes what a previous run left: deliveries, timers, campaigns and async turns accepted but not run. */
    private void startBackgroundWork(Config config) {
        relay.ifPresent(r -> r.listen(WorkSignal.NOTIFY_CHANNEL, notice -> lookForWork(), this::lookForWork));
        relay.ifPresent(PostgresWakeUpRelay::start);
        deliveries.start();
        timers.start();
        campaigns.start();
        RetentionWorker retention = new RetentionWorker(new RetentionStore(db), clock, config.retentionInterval());
        opened.push(retention);
        retention.start();
        int adopted = conversations.start();
        if (adopted > 0) {
            LOG.log(System.Logger.Level.INFO, "Running " + adopted + " pending async request(s) left by a previous run"
                    + " or by nodes that are gone");
        }
        housekeeping.scheduleWithFixedDelay(conversations::expireIdempotency, 1, 60, TimeUnit.MINUTES);
        housekeeping.scheduleWithFixedDelay(statsCounter::flush, 1, 1, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(searchIndex::catchUpIfBehind, 1, 250, TimeUnit.MILLISECONDS);
    }

    /** Wakes every background worker: another node left, or notices may have been missed while not listening. */
    private void lookForWork() {
        deliveries.nudge();
        timersSet.nudge();
        campaigns.nudge();
        conversations.adoptSoon();
    }

    /**
     * Starts a server with the given configuration; the caller closes it. A start that fails closes what it opened
     * before it throws.
     */
    public static Parley start(Config config, Clock clock) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            return new Parley(config, clock, opened);
        } catch (RuntimeException | Error e) {
            closeAll(opened);
            throw e;
        }
    }

    public static Parley start(Config config) {
        return start(config, Clock.systemUTC());
    }

    public int port() {
        return server.port();
    }

    /** The port of the listener of waiting polls and streams, if it runs. */
    public OptionalInt streamsPort() {
        return streams.map(listener -> OptionalInt.of(listener.port())).orElseGet(OptionalInt::empty);
    }

    public String adminToken() {
        return adminToken;
    }

    /** The database, for tests that play a failing disk underneath a running server. */
    Database database() {
        return db;
    }

    /** The demo channel created by this start, if the database was empty. */
    public Optional<Channel> demo() {
        return demo;
    }

    /** Stops the server, then the background work, then the database. */
    @Override
    public void close() {
        closeAll(opened);
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        for (AutoCloseable part = opened.poll(); part != null; part = opened.poll()) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "Could not close " + part, e);
            }
        }
    }
}
