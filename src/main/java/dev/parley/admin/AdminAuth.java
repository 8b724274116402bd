package dev.parley.admin;

import dev.parley.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Lets a request through to the admin API with {@code Authorization: Bearer <credential>}, where the credential is the
 * admin token or the console session token of an active admin account; puts the {@link Actor} on the request's
 * context. No or an unknown credential is a {@code 401}, the session of an account that is no admin a {@code 403}.
 * Thread-safe.
 */
public final class AdminAuth implements Handler {

    /** Finds the account behind a console session token. */
    @FunctionalInterface
    public interface Sessions {
        /** The session's account; empty for an unknown, expired or ended session, or a deactivated account. */
        Optional<Session> find(String token);
    }

    /** The account of a live session, and whether it is an admin. */
    public record Session(long accountId, boolean admin) {
    }

    private final byte[] token;
    private final Sessions sessions;

    public AdminAuth(String token, Sessions sessions) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.sessions = sessions;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        req.context().register(actor(req));
        res.next();
    }

    private Actor actor(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw new ApiException.Unauthorized(
                    "Admin API requires the header Authorization: Bearer <admin token or an admin's session token>");
        }
        String given = header.substring(7).trim();
        if (MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token)) {
            return Actor.ADMIN_TOKEN;
        }
        Session session = sessions.find(given).orElseThrow(
                () -> new ApiException.Unauthorized("Invalid admin token, or the session is invalid or expired"));
        if (!session.admin()) {
            throw new ApiException.Forbidden("The admin API is for admin accounts; this account is an agent");
        }
        return new Actor(session.accountId());
    }
}
