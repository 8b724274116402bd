package dev.parley.campaign;

import dev.parley.channel.ActiveChannel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.PushMessage;
import dev.parley.events.ClientKey;
import dev.parley.json.Json;
import dev.parley.store.WorkSignal;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends running campaigns at their rate. Recipients are read from the table a page at a time, so a campaign of
 * 100,000 clients is never held in memory; each message commits together with its recipient's SENT mark, so a
 * restart resumes with the recipients still PENDING and nobody gets a message twice. Of several nodes, the one holding
 * a campaign's lease sends it; another takes over when that lease runs out. Without a running campaign the worker
 * sleeps until nudged (a campaign was started on this node) or, at the latest, for a safety poll's interval
 * ({@link WorkSignal#SAFETY_POLL_MILLIS}), after which it also finds campaigns started or left by other nodes.
 * Thread-safe.
 */
public final class CampaignWorker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CampaignWorker.class.getName());
    private static final long TICK_MILLIS = 50;
    private static final int MAX_IN_FLIGHT = 500;
    private static final long LEASE_MILLIS = 10_000;

    /** Where this node stands in one campaign. Touched by the worker thread only, but for the in-flight count. */
    private static final class Progress {
        long lastSeq;
        double allowance;
        long refilledAt;
        final AtomicInteger inFlight = new AtomicInteger();
    }

    private final CampaignStore store;
    private final ChannelDirectory channels;
    private final ConversationService conversations;
    private final Clock clock;
    private final String node = UUID.randomUUID().toString();
    private final Map<Long, Progress> progress = new ConcurrentHashMap<>();
    private final WorkSignal work = new WorkSignal();
    private final Thread loop;
    private volatile boolean running = true;

    public CampaignWorker(CampaignStore store, ChannelDirectory channels, ConversationService conversations,
            Clock clock) {
        this.store = store;
        this.channels = channels;
        this.conversations = conversations;
        this.clock = clock;
        this.loop = Thread.ofVirtual().name("parley-campaigns").unstarted(this::run);
    }

    public void start() {
        store.releaseStaleLeases();
        loop.start();
    }

    /** Wakes the worker at once, as when a campaign was created. */
    public void nudge() {
        work.nudge();
    }

    private void run() {
        while (running) {
            try {
                List<Campaign> campaigns = store.lease(node, clock.millis(), LEASE_MILLIS);
                progress.keySet().retainAll(campaigns.stream().map(Campaign::id).toList());
                campaigns.forEach(this::advance);
                work.await(campaigns.isEmpty() ? WorkSignal.SAFETY_POLL_MILLIS : TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // closing: the database went away under the round, nothing to report
                }
                LOG.log(System.Logger.Level.ERROR, "Campaign round failed; retrying in a second", e);
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void advance(Campaign campaign) {
        Optional<ActiveChannel> channel = channels.findById(campaign.channelId());
        if (channel.isEmpty()) {
            store.finish(campaign.id(), Campaign.CANCELLED, clock.millis());
            return;
        }
        Progress p = progress.computeIfAbsent(campaign.id(), id -> fresh(campaign));
        refill(p, campaign.ratePerSecond());
        int room = (int) Math.min(Math.floor(p.allowance), MAX_IN_FLIGHT - p.inFlight.get());
        if (room <= 0) {
            return;
        }
        List<CampaignStore.Recipient> next = store.pending(campaign.id(), p.lastSeq, room);
        if (next.isEmpty() && p.inFlight.get() == 0 && store.pending(campaign.id(), 0, 1).isEmpty()) {
            store.finish(campaign.id(), Campaign.DONE, clock.millis());
            return;
        }
        PushMessage message = message(campaign);
        for (CampaignStore.Recipient recipient : next) {
            p.lastSeq = recipient.seq();
            p.allowance -= 1;
            send(campaign, channel.get(), recipient, message, p);
        }
    }

    private void send(Campaign campaign, ActiveChannel channel, CampaignStore.Recipient recipient,
            PushMessage message, Progress p) {
        p.inFlight.incrementAndGet();
        String questionId = UUID.randomUUID().toString();
        ClientKey key = new ClientKey(channel.id(), recipient.clientId());
        conversations.push(channel, key, questionId, message,
                        h -> CampaignStore.markSent(h, campaign.id(), key, recipient.seq(), questionId, clock.millis()))
                .whenComplete((sent, error) -> {
                    p.inFlight.decrementAndGet();
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause != null && !(cause instanceof CampaignStore.AlreadySent)) {
                        String why = cause instanceof CampaignStore.TestClient ? cause.getMessage()
                                : String.valueOf(cause);
                        store.markFailed(campaign.id(), recipient.seq(), why, clock.millis());
                    }
                });
    }

    private Progress fresh(Campaign campaign) {
        Progress p = new Progress();
        p.allowance = 1;
        p.refilledAt = clock.millis();
        return p;
    }

    /** A token bucket holding at most one second of sending. */
    private void refill(Progress p, int rate) {
        long now = clock.millis();
        p.allowance = Math.min(rate, p.allowance + (now - p.refilledAt) * rate / 1000.0);
        p.refilledAt = now;
    }

    private static PushMessage message(Campaign campaign) {
        ObjectNode data = (ObjectNode) Json.readTrusted(campaign.data());
        return campaign.text().isEmpty() ? PushMessage.event(campaign.event(), data)
                : PushMessage.text(campaign.text(), data);
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
    }
}
