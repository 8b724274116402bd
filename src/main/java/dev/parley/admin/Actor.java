package dev.parley.admin;

import io.helidon.webserver.http.ServerRequest;

/**
 * Who performs an admin request: an admin account, by id, or the holder of the admin token, which is no account.
 * {@link AdminAuth} puts it on the context of every request it lets through, so that a feature can record who acted.
 */
public record Actor(long accountId) {

    /** The holder of the admin token. */
    public static final Actor ADMIN_TOKEN = new Actor(0);

    public Actor {
        if (accountId < 0) {
            throw new IllegalArgumentException("accountId must not be negative: " + accountId);
        }
    }

    public boolean isAdminToken() {
        return accountId == 0;
    }

    /** How to record the actor: {@code admin-token}, or {@code account:<id>}. */
    public String label() {
        return isAdminToken() ? "admin-token" : "account:" + accountId;
    }

    /**
     * The actor of a request that {@link AdminAuth} let through.
     *
     * @throws IllegalStateException on a route that is not behind {@link AdminAuth}, a wiring mistake
     */
    public static Actor of(ServerRequest req) {
        return req.context().get(Actor.class)
                .orElseThrow(() -> new IllegalStateException("No actor: the route is not behind AdminAuth"));
    }
}
