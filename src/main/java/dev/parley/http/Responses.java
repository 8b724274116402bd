package dev.parley.http;

import dev.parley.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/** Writes JSON answers. */
public final class Responses {

    private Responses() {
    }

    public static void json(ServerResponse res, int status, Object body) {
        json(res, status, Json.bytes(body));
    }

    public static void json(ServerResponse res, int status, byte[] body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body);
    }

    public static void ok(ServerResponse res, Object body) {
        json(res, 200, body);
    }
}
