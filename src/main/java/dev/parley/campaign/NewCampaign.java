package dev.parley.campaign;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A campaign as an admin asks for it, before validation.
 *
 * @param text the message, or empty
 * @param event the client event to run for each recipient, or empty
 */
public record NewCampaign(List<String> clientIds, String text, String event, ObjectNode data, int ratePerSecond) {

    public NewCampaign {
        clientIds = List.copyOf(clientIds);
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
