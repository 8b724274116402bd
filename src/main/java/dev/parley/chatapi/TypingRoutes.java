package dev.parley.chatapi;

import dev.parley.channel.ActiveChannel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.events.ClientIdentity;
import dev.parley.events.ClientKey;
import dev.parley.http.RawPaths;
import dev.parley.http.Requests;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code POST /chatapi/{token}/client/{clientId}/typing}: the client is typing, shown to the agent handling the client
 * (or, while the client waits in the queue, to every agent). Never stored; rate-limited like other client calls.
 */
public final class TypingRoutes implements HttpService {

    private final String prefix;
    private final ChannelDirectory channels;
    private final Consumer<ClientKey> typing;
    private final RateLimiter limiter;

    /**
     * @param prefix the Chat API prefix these routes are under, such as {@code /chatapi}
     * @param typing tells the agents; does nothing for a client that is with the bot
     */
    public TypingRoutes(String prefix, ChannelDirectory channels, Consumer<ClientKey> typing, Clock clock,
            int ratePerSecond) {
        this.prefix = prefix;
        this.channels = channels;
        this.typing = typing;
        this.limiter = new RateLimiter(clock, ratePerSecond);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.route(Method.POST, RawPaths.matcher(prefix + "/{token}/client/{clientId}/typing"), this::typing);
    }

    private void typing(ServerRequest req, ServerResponse res) {
        ActiveChannel channel = channels.resolve(Requests.pathParam(req, "token"));
        ClientKey key = ClientIdentity.verified(channel.channel(), Optional.of(Requests.pathParam(req, "clientId")),
                Requests.clientSignature(req));
        limiter.acquire(key);
        typing.accept(key);
        res.status(204).send();
    }
}
