package dev.parley.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.channel.ChannelDirectory;
import dev.parley.http.ApiException;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import dev.parley.json.Times;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** The admin API of the console's overview, under {@code /api/v1}: message series and the overview's figures. */
public final class StatsRoutes implements HttpService {

    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();

    private final StatsService stats;
    private final ChannelDirectory channels;
    private final Handler adminAuth;
    private final Clock clock;

    public StatsRoutes(StatsService stats, ChannelDirectory channels, Handler adminAuth, Clock clock) {
        this.stats = stats;
        this.channels = channels;
        this.adminAuth = adminAuth;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/stats", adminAuth)
                .any("/overview", adminAuth)
                .get("/stats", this::series)
                .get("/overview", this::overview);
    }

    private void series(ServerRequest req, ServerResponse res) {
        OptionalLong channelId = channel(req);
        String bucket = Requests.query(req, "bucket").orElse(Span.HOUR.wire());
        Span span = Span.fromWire(bucket).orElseThrow(() -> ApiException.BadRequest.admin(
                "bucket must be hour or day, got '" + bucket + "'"));
        ObjectNode body = Json.object();
        body.put("bucket", span.wire());
        ArrayNode series = body.putArray("series");
        for (StatsService.Point point : stats.series(channelId, span, instant(req, "from"), instant(req, "to"))) {
            Counts c = point.counts();
            series.addObject().put("t", Times.iso(point.start())).put("clientMessages", c.clientMessages())
                    .put("botMessages", c.botMessages()).put("agentMessages", c.agentMessages())
                    .put("activeClients", c.activeClients());
        }
        Responses.ok(res, body);
    }

    private void overview(ServerRequest req, ServerResponse res) {
        StatsService.Overview o = stats.overview(channel(req));
        ObjectNode body = Json.object();
        body.put("activeClients24h", o.activeClients());
        ObjectNode waiting = body.putObject("waitingForAgent");
        waiting.put("conversations", o.waiting().conversations());
        long oldest = o.waiting().oldestSince();
        waiting.put("longestWaitSeconds", oldest == 0 ? 0 : Math.max(0, (clock.millis() - oldest) / 1000));
        ObjectNode webhooks = body.putObject("webhooks");
        webhooks.put("pending", o.webhooks().pending()).put("dead", o.webhooks().dead());
        o.webhooks().lastError().ifPresentOrElse(e -> webhooks.putObject("lastError").put("message", e.message())
                .put("at", Times.iso(e.at())), () -> webhooks.putNull("lastError"));
        body.putObject("syncTurns").put("count", o.syncTurns().count())
                .put("p50Ms", Math.round(o.syncTurns().p50Millis() * 10) / 10.0)
                .put("p99Ms", Math.round(o.syncTurns().p99Millis() * 10) / 10.0);
        Responses.ok(res, body);
    }

    /** The {@code channelId} parameter: empty for all channels; one that names no channel is a 404. */
    private OptionalLong channel(ServerRequest req) {
        Optional<String> raw = Requests.query(req, "channelId").filter(v -> !v.isBlank());
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!raw.get().matches("[0-9]{1,18}")) {
            throw ApiException.BadRequest.admin("channelId must be a channel"
                    + " id, got '" + raw.get() + "'");
        }
        return OptionalLong.of(channels.byId(Long.parseLong(raw.get())).id());
    }

    /**
     * A time parameter, read as every time input of the API is (epoch ms, the envelope's zone-less UTC timestamp, or
     * ISO-8601 with a zone); empty when absent.
     */
    private static OptionalLong instant(ServerRequest req, String name) {
        Optional<String> raw = Requests.query(req, name).filter(v -> !v.isBlank());
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        Optional<Long> at = Times.parse(raw.get()).filter(ms -> ms >= 0 && ms < YEAR_10000);
        if (at.isEmpty()) {
            throw ApiException.BadRequest.admin(name + " must be a time"
                    + " from 1970 to 9999 in epoch milliseconds or ISO-8601 such as 2026-12-03T10:00:00Z, got '"
                    + raw.get() + "'");
        }
        return OptionalLong.of(at.get());
    }
}
