package dev.parley.events;

import dev.parley.channel.Channel;
import dev.parley.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one gate of every client-API call: a widget's token is public, so on a channel with an identity secret a client
 * id alone must not open a client's conversation. The integrator's backend signs the id with HMAC-SHA256 under the
 * secret; a call whose signature is missing or wrong is refused before it reads or changes anything. Stateless and
 * thread-safe.
 */
public final class ClientIdentity {

    public static final String HEADER = "X-Client-Signature";
    public static final String QUERY_PARAM = "clientSignature";

    private ClientIdentity() {
    }

    /**
     * The client's key once its id is valid and, when the channel requires it, its signature matches.
     *
     * @param signature the hex signature the call carried, if any
     */
    public static ClientKey verified(Channel channel, Optional<String> clientId, Optional<String> signature) {
        ClientKey key = ClientIds.key(channel.id(), clientId);
        if (channel.identitySecret().isEmpty()) {
            return key;
        }
        String given = signature.map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("");
        if (given.isEmpty()) {
            throw refused("A signature is required: send the header " + HEADER + " (or the query parameter "
                    + QUERY_PARAM + ") with the hex HMAC-SHA256 of the clientId under the channel's identity secret");
        }
        byte[] expected = sign(channel.identitySecret(), key.clientId()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            throw refused("The " + HEADER + " header (or " + QUERY_PARAM + " query parameter) does not match the"
                    + " clientId: it must be the hex HMAC-SHA256 of the clientId under the channel's identity secret");
        }
        return key;
    }

    /** The hex HMAC-SHA256 of {@code clientId} (as UTF-8) under {@code secret} (as UTF-8). */
    public static String sign(String secret, String clientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(clientId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static ApiException refused(String message) {
        return new ApiException(401, "chatapi.client.signature_invalid", message);
    }
}
