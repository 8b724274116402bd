package dev.parley.outbound;

import java.io.IOException;

/** An outbound call the policy refused before connecting; retrying cannot help until the URL or the setting changes. */
public final class RefusedAddressException extends IOException {

    public RefusedAddressException(String message) {
        super(message);
    }
}
