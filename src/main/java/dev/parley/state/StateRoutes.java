package dev.parley.state;

import dev.parley.channel.ActiveChannel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.events.ClientIdentity;
import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import dev.parley.http.RawPaths;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code GET} and {@code POST /chatapi/{token}/client/{clientId}/state}, with {@code ETag} / {@code If-Match}. */
public final class StateRoutes implements HttpService {

    private final String prefix;
    private final ChannelDirectory channels;
    private final StateStore states;
    private final Clock clock;

    /** @param prefix the Chat API prefix these routes are under, such as {@code /chatapi} */
    public StateRoutes(String prefix, ChannelDirectory channels, StateStore states, Clock clock) {
        this.prefix = prefix;
        this.channels = channels;
        this.states = states;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.route(Method.GET, RawPaths.matcher(prefix + "/{token}/client/{clientId}/state"), this::load)
                .route(Method.POST, RawPaths.matcher(prefix + "/{token}/client/{clientId}/state"), this::save);
    }

    private void load(ServerRequest req, ServerResponse res) {
        StateStore.Saved saved = states.load(client(req));
        res.header(HeaderNames.ETAG, etag(saved.version()));
        Responses.json(res, 200, saved.body().getBytes(StandardCharsets.UTF_8));
    }

    private void save(ServerRequest req, ServerResponse res) {
        ClientKey key = client(req);
        OptionalLong expected = ifMatch(req);
        String body;
        try {
            body = Requests.jsonObjectText(req, Requests.CLIENT_BODY_LIMIT);
        } catch (ApiException.BadRequest e) {
            throw new ApiException.BadRequest("Invalid state format: " + e.getMessage());
        }
        long version = states.save(key, Requests.cidQuery(req), body, expected,
                clock.millis());
        res.header(HeaderNames.ETAG, etag(version));
        Responses.ok(res, Json.object());
    }

    private ClientKey client(ServerRequest req) {
        ActiveChannel channel = channels.resolve(Requests.pathParam(req, "token"));
        return ClientIdentity.verified(channel.channel(), Optional.of(Requests.pathParam(req, "clientId")),
                Requests.clientSignature(req));
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static OptionalLong ifMatch(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.IF_MATCH).map(String::trim);
        if (header.isEmpty() || header.get().equals("*")) {
            return OptionalLong.empty();
        }
        String tag = header.get().replaceFirst("^W/", "").replace("\"", "");
        try {
            return OptionalLong.of(Long.parseLong(tag));
        } catch (NumberFormatException e) {
            throw new ApiException.PreconditionFailed("If-Match " + header.get() + " is not a state ETag of this"
                    + " server");
        }
    }
}
