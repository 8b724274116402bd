package dev.parley.campaign;

import java.util.List;

/**
 * One page of a channel's campaigns, newest first.
 *
 * @param more whether older campaigns follow the last item
 */
public record CampaignPage(List<Campaign> items, boolean more) {

    public CampaignPage {
        items = List.copyOf(items);
    }

    /** Where the next page starts: the id of the last item, which the next page stays below. */
    public long nextBefore() {
        return items.getLast().id();
    }
}
