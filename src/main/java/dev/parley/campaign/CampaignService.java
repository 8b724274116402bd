package dev.parley.campaign;

import dev.parley.channel.ChannelDirectory;
import dev.parley.events.ClientIds;
import dev.parley.http.ApiException;
import dev.parley.json.Json;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Starts, reports and cancels campaigns; the sending itself is {@link CampaignWorker}'s. Thread-safe. */
public final class CampaignService {

    public static final int MAX_RECIPIENTS = 100_000;
    public static final int MAX_RATE = 10_000;

    private final CampaignStore store;
    private final ChannelDirectory channels;
    private final CampaignWorker worker;
    private final Clock clock;

    public CampaignService(CampaignStore store, ChannelDirectory channels, CampaignWorker worker, Clock clock) {
        this.store = store;
        this.channels = channels;
        this.worker = worker;
        this.clock = clock;
    }

    public Campaign start(long channelId, NewCampaign request) {
        channels.byId(channelId);
        validate(request);
        long id = store.create(channelId, request.text(), request.event(), Json.write(request.data()),
                request.ratePerSecond(), request.clientIds(), clock.millis());
        worker.nudge();
        return get(id);
    }

    public Campaign get(long id) {
        return store.find(id).orElseThrow(() -> new ApiException.NotFound("admin.campaign.not_found",
                "Campaign " + id + " not found"));
    }

    /**
     * The channel's campaigns below {@code beforeId} (a previous page's {@link CampaignPage#nextBefore()}, or
     * {@link Long#MAX_VALUE} for the first page), newest first.
     */
    public CampaignPage list(long channelId, long beforeId, int limit) {
        channels.byId(channelId);
        List<Campaign> found = store.list(channelId, beforeId, limit + 1);
        return new CampaignPage(found.subList(0, Math.min(limit, found.size())), found.size() > limit);
    }

    /** Stops sending; messages already on their way still arrive. Cancelling a finished campaign is a 409. */
    public Campaign cancel(long id) {
        Campaign campaign = get(id);
        if (!store.finish(id, Campaign.CANCELLED, clock.millis())) {
            throw new ApiException.Conflict("admin.campaign.finished", "Campaign " + id + " is already "
                    + campaign.status());
        }
        return get(id);
    }

    private static void validate(NewCampaign request) {
        if (request.clientIds().isEmpty()) {
            throw ApiException.BadRequest.admin("clientIds must list at least one client");
        }
        if (request.clientIds().size() > MAX_RECIPIENTS) {
            throw ApiException.BadRequest.admin("clientIds may list at most " + MAX_RECIPIENTS
                    + " clients in one campaign");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < request.clientIds().size(); i++) {
            try {
                ClientIds.key(0, Optional.ofNullable(request.clientIds().get(i)));
            } catch (ApiException e) {
                throw ApiException.BadRequest.admin("clientIds[" + i + "]: "
                        + e.getMessage().replace("Invalid request payload: ", ""));
            }
            if (!seen.add(request.clientIds().get(i))) {
                throw ApiException.BadRequest.admin("clientIds[" + i + "]: " + request.clientIds().get(i)
                        + " is listed twice; each client"
                        + " gets the message once");
            }
        }
        if (request.text().isEmpty() == request.event().isEmpty()) {
            throw ApiException.BadRequest.admin("exactly one of text and event is required");
        }
        if (request.ratePerSecond() < 1 || request.ratePerSecond() > MAX_RATE) {
            throw ApiException.BadRequest.admin("ratePerSecond must be from 1 to " + MAX_RATE);
        }
    }
}
