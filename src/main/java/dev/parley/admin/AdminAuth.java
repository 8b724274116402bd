package dev.parley.admin;

import dev.parley.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Lets a request through to the admin API only with {@code Authorization: Bearer <admin token>}. Thread-safe. */
public final class AdminAuth implements Handler {

    private final byte[] token;

    public AdminAuth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException.Unauthorized("Admin API requires the header Authorization: Bearer <admin token>");
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            throw new ApiException.Unauthorized("Invalid admin token");
        }
        res.next();
    }
}
