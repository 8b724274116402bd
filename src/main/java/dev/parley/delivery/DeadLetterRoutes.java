package dev.parley.delivery;

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

/** The admin API for webhook deliveries that gave up, under {@code /api/v1}. */
public final class DeadLetterRoutes implements HttpService {

    private final DeliveryStore store;
    private final ChannelDirectory channels;
    private final DeliveryWorker worker;
    private final Handler adminAuth;
    private final Clock clock;

    public DeadLetterRoutes(DeliveryStore store, ChannelDirectory channels, DeliveryWorker worker, Handler adminAuth,
            Clock clock) {
        this.store = store;
        this.channels = channels;
        this.worker = worker;
        this.adminAuth = adminAuth;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/channels/{id}/dead-letters", adminAuth)
                .any("/channels/{id}/dead-letters/redeliver", adminAuth)
                .any("/dead-letters/{id}/redeliver", adminAuth)
                .get("/channels/{id}/dead-letters", this::list)
                .post("/channels/{id}/dead-letters/redeliver", this::redeliverAll)
                .post("/dead-letters/{id}/redeliver", this::redeliver);
    }

    private void list(ServerRequest req, ServerResponse res) {
        long channelId = channels.byId(Requests.idParam(req, "admin.channel.not_found", "Channel")).id();
        int limit = Requests.adminIntQuery(req, "limit", 100, 1, 1000);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        for (DeliveryStore.DeadLetter dead : store.deadLetters(channelId, limit)) {
            ObjectNode item = items.addObject();
            item.put("id", dead.id());
            item.put("clientId", dead.clientId());
            item.set("questionIds", Json.mapper().valueToTree(dead.questionIds()));
            item.put("attempts", dead.attempts());
            item.put("lastError", dead.lastError());
            item.put("failedAt", Times.iso(dead.failedAt()));
        }
        Responses.ok(res, body);
    }

    private void redeliverAll(ServerRequest req, ServerResponse res) {
        long channelId = channels.byId(Requests.idParam(req, "admin.channel.not_found", "Channel")).id();
        int count = store.redeliverAll(channelId, clock.millis());
        if (count > 0) {
            worker.nudge();
        }
        Responses.json(res, 202, Json.object().put("redelivered", count));
    }

    private void redeliver(ServerRequest req, ServerResponse res) {
        long id = Requests.idParam(req, "admin.dead_letter.not_found", "Dead letter");
        if (!store.redeliver(id, clock.millis())) {
            throw new ApiException.NotFound("admin.dead_letter.not_found", "Dead letter " + id + " not found");
        }
        worker.nudge();
        Responses.json(res, 202, Json.object().put("id", id).put("status", "PENDING"));
    }

}
