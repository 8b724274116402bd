package dev.parley.dialog;

import dev.parley.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page cursors: base64url of the sort key of the last item a page returned. Opaque so that clients do not build
 * them, keyset so that a page costs the same however deep it is and items added meanwhile are neither skipped nor
 * repeated. A cursor this server did not give is a 400 naming the parameter. Stateless.
 */
final class Cursors {

    private Cursors() {
    }

    static String client(long lastActivity, String clientId) {
        return encode(lastActivity + ":" + clientId);
    }

    static ClientPosition client(String cursor) {
        String raw = decode(cursor);
        int colon = raw.indexOf(':');
        if (colon < 1) {
            throw invalid();
        }
        return new ClientPosition(number(raw.substring(0, colon)), raw.substring(colon + 1));
    }

    static String hit(long eventId) {
        return encode(Long.toString(eventId));
    }

    /** The event id a page of search hits continues below. */
    static long hit(String cursor) {
        return number(decode(cursor));
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static long number(String raw) {
        if (!raw.matches("-?[0-9]{1,18}")) {
            throw invalid();
        }
        return Long.parseLong(raw);
    }

    private static ApiException invalid() {
        return ApiException.BadRequest.admin(
                "cursor is not one this server gave; use the nextCursor of the previous page");
    }
}
