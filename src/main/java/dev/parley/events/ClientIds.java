package dev.parley.events;

import dev.parley.http.ApiException;
import java.util.Optional;

/** The rule for integrator-chosen client ids: 1 to 256 characters, not blank, no NUL (PostgreSQL cannot store one). */
public final class ClientIds {

    public static final int MAX_LENGTH = 256;

    private ClientIds() {
    }

    public static ClientKey key(long channelId, Optional<String> clientId) {
        String id = clientId.orElseThrow(() -> invalid("clientId is required"));
        if (id.isBlank()) {
            throw invalid("clientId must not be blank");
        }
        if (id.length() > MAX_LENGTH) {
            throw invalid("clientId must be at most " + MAX_LENGTH + " characters");
        }
        if (id.indexOf('\u0000') >= 0) {
            throw invalid("clientId must not contain the NUL character");
        }
        return new ClientKey(channelId, id);
    }

    private static ApiException invalid(String message) {
        return new ApiException.BadRequest("Invalid request payload: " + message);
    }
}
