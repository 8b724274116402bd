package dev.parley.history;

import dev.parley.channel.ActiveChannel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.events.ClientIdentity;
import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import dev.parley.http.RawPaths;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Times;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code GET /chatapi/{token}/client/{clientId}/history}, matched on the raw path (see {@link RawPaths}). */
public final class HistoryRoutes implements HttpService {

    private final String prefix;
    private final ChannelDirectory channels;
    private final HistoryStore history;

    /** @param prefix the Chat API prefix these routes are under, such as {@code /chatapi} */
    public HistoryRoutes(String prefix, ChannelDirectory channels, HistoryStore history) {
        this.prefix = prefix;
        this.channels = channels;
        this.history = history;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.route(Method.GET, RawPaths.matcher(prefix + "/{token}/client/{clientId}/history"), this::history);
    }

    private void history(ServerRequest req, ServerResponse res) {
        ActiveChannel channel = channels.resolve(Requests.pathParam(req, "token"));
        ClientKey key = ClientIdentity.verified(channel.channel(),
                Optional.of(Requests.pathParam(req, "clientId")), Requests.clientSignature(req));
        Responses.ok(res, history.page(query(req, key)));
    }

    /** The page a request asks for: time span, {@code limit}, {@code offset} and {@code order}, with aliases. */
    public static HistoryQuery query(ServerRequest req, ClientKey key) {
        return new HistoryQuery(key, time(req, "from", "fromTimestamp"), time(req, "to", "toTimestamp"),
                number(req, "limit", 100), number(req, "offset", 0), newestFirst(req));
    }

    private static OptionalLong time(ServerRequest req, String name, String alias) {
        Optional<String> raw = Requests.query(req, name).or(() -> Requests.query(req, alias))
                .filter(s -> !s.isBlank());
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        return Times.parse(raw.get()).map(OptionalLong::of)
                .orElseThrow(() -> HistoryQuery.invalid(name + " must be epoch milliseconds or a timestamp, got '"
                        + raw.get() + "'"));
    }

    private static int number(ServerRequest req, String name, int fallback) {
        Optional<String> raw = Requests.query(req, name).filter(s -> !s.isBlank());
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.get().trim());
        } catch (NumberFormatException e) {
            throw HistoryQuery.invalid(name + " must be a whole number, got '" + raw.get() + "'");
        }
    }

    private static boolean newestFirst(ServerRequest req) {
        String order = Requests.query(req, "order").orElse("asc").trim().toLowerCase(Locale.ROOT);
        return switch (order) {
            case "asc", "" -> false;
            case "desc" -> true;
            default -> throw new ApiException.BadRequest("Invalid date range or pagination parameters: order must be"
                    + " asc or desc, got '" + order + "'");
        };
    }
}
