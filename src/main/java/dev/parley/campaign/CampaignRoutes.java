package dev.parley.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.http.ApiException;
import dev.parley.http.Fields;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import dev.parley.json.Times;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;

/** The admin API for campaigns, under {@code /api/v1}. */
public final class CampaignRoutes implements HttpService {

    /** Room for 100,000 client ids of ordinary length. */
    public static final int BODY_LIMIT = 16 * 1024 * 1024;
    private static final int DEFAULT_RATE = 50;
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;

    private final CampaignService campaigns;
    private final Handler adminAuth;

    public CampaignRoutes(CampaignService campaigns, Handler adminAuth) {
        this.campaigns = campaigns;
        this.adminAuth = adminAuth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/channels/{id}/campaigns", adminAuth)
                .any("/campaigns/{id}", adminAuth)
                .any("/campaigns/{id}/cancel", adminAuth)
                .post("/channels/{id}/campaigns", this::start)
                .get("/channels/{id}/campaigns", this::list)
                .get("/campaigns/{id}", this::get)
                .post("/campaigns/{id}/cancel", this::cancel);
    }

    private void start(ServerRequest req, ServerResponse res) {
        long channelId = Requests.idParam(req, "admin.channel.not_found", "Channel");
        ObjectNode body = Requests.jsonObject(req, BODY_LIMIT);
        NewCampaign request = new NewCampaign(clientIds(body), Fields.string(body, "text").orElse(""),
                Fields.string(body, "event").orElse(""), Fields.object(body, "data").orElseGet(Json::object),
                rate(body));
        Responses.json(res, 201, view(campaigns.start(channelId, request)));
    }

    private void list(ServerRequest req, ServerResponse res) {
        long channelId = Requests.idParam(req, "admin.channel.not_found", "Channel");
        int limit = Requests.adminIntQuery(req, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        CampaignPage page = campaigns.list(channelId, before(req), limit);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        page.items().forEach(c -> items.add(view(c)));
        if (page.more()) {
            body.put("nextCursor", Long.toString(page.nextBefore()));
        } else {
            body.putNull("nextCursor");
        }
        Responses.ok(res, body);
    }

    /** The cursor is the last id of the previous page; none starts from the newest campaign. */
    private static long before(ServerRequest req) {
        String cursor = Requests.query(req, "cursor").orElse("");
        if (cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            long id = Long.parseLong(cursor);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.BadRequest.admin("cursor must be the nextCursor of a previous page, got '" + cursor + "'");
    }

    private void get(ServerRequest req, ServerResponse res) {
        Responses.ok(res, view(campaigns.get(Requests.idParam(req, "admin.campaign.not_found", "Campaign"))));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        Responses.ok(res, view(campaigns.cancel(Requests.idParam(req, "admin.campaign.not_found", "Campaign"))));
    }

    private static List<String> clientIds(ObjectNode body) {
        JsonNode ids = body.get("clientIds");
        if (ids == null || !ids.isArray()) {
            throw ApiException.BadRequest.admin("clientIds must be an array of client ids");
        }
        List<String> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            int index = i;
            out.add(Fields.id(ids.get(i)).orElseThrow(() -> ApiException.BadRequest.admin("clientIds[" + index
                    + "] must be a string or a whole number")));
        }
        return out;
    }

    private static int rate(ObjectNode body) {
        JsonNode rate = body.get("ratePerSecond");
        if (rate == null || rate.isNull()) {
            return DEFAULT_RATE;
        }
        if (!rate.canConvertToInt() || !rate.isIntegralNumber()) {
            throw ApiException.BadRequest.admin("ratePerSecond must be a whole number");
        }
        return rate.intValue();
    }

    private static ObjectNode view(Campaign c) {
        ObjectNode view = Json.object().put("id", c.id()).put("channelId", c.channelId()).put("status", c.status())
                .put("total", c.total()).put("sent", c.sent()).put("failed", c.failed())
                .put("ratePerSecond", c.ratePerSecond());
        if (c.event().isEmpty()) {
            view.put("text", c.text()).putNull("event");
        } else {
            view.putNull("text").put("event", c.event());
        }
        return view.put("createdAt", Times.iso(c.createdAt())).put("updatedAt", Times.iso(c.updatedAt()));
    }
}
