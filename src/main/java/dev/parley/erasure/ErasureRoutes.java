package dev.parley.erasure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.channel.ChannelDirectory;
import dev.parley.events.ClientKey;
import dev.parley.http.RawPaths;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code DELETE /api/v1/channels/{id}/clients/{clientId}}: the erasure of a client. Registered without a prefix: the
 * path carries a client id, matched on the raw path (see {@link RawPaths}).
 */
public final class ErasureRoutes implements HttpService {

    public static final String CLIENT = "/api/v1/channels/{id}/clients/{clientId}";

    private final ChannelDirectory channels;
    private final ErasureService erasure;
    private final Handler adminAuth;

    public ErasureRoutes(ChannelDirectory channels, ErasureService erasure, Handler adminAuth) {
        this.channels = channels;
        this.erasure = erasure;
        this.adminAuth = adminAuth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.route(method -> true, RawPaths.matcher(CLIENT), adminAuth)
                .route(Method.DELETE, RawPaths.matcher(CLIENT), this::erase);
    }

    private void erase(ServerRequest req, ServerResponse res) {
        long channelId = channels.byId(Requests.idParam(req, "admin.channel.not_found", "Channel")).id();
        Removed removed = erasure.erase(new ClientKey(channelId, Requests.pathParam(req, "clientId")));
        ObjectNode body = Json.object();
        ObjectNode counts = body.putObject("removed");
        removed.byName().forEach(counts::put);
        Responses.ok(res, body);
    }
}
