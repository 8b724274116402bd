package dev.parley.campaign;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A campaign as an admin asks for it, before validation.
 *
 * @param text the message, or empty (a blank one counts as none)
 * @param event the client event to run for each recipient, or empty (a blank one counts as none)
 */
public record NewCampaign(List<String> clientIds, String text, String event, ObjectNode data, int ratePerSecond) {

    public NewCampaign {
        clientIds = List.copyOf(clientIds);
        text = Objects.requireNonNull(text, "text").isBlank() ? "" : text;
        event = Objects.requireNonNull(event, "event").isBlank() ? "" : event;
        Objects.requireNonNull(data, "data");
    }
}
