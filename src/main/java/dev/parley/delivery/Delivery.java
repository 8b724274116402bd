package dev.parley.delivery;

import java.util.List;
import java.util.Objects;

/**
 * A claimed webhook call.
 *
 * @param deliveryId stable across retries: receivers use it to drop duplicates
 * @param attempts the attempts made before this one
 */
public record Delivery(long id, String deliveryId, long channelId, String clientId, List<String> questionIds,
        String body, int attempts, long createdAt) {

    public Delivery {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(clientId, "clientId");
        questionIds = List.copyOf(questionIds);
        Objects.requireNonNull(body, "body");
    }
}
