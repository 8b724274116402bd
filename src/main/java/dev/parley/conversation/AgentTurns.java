package dev.parley.conversation;

import dev.parley.bot.BotTurn;
import dev.parley.events.ClientClock.ClientRow;
import dev.parley.events.NewEvent;
import dev.parley.json.StampedJson;
import dev.parley.events.EventType;
import dev.parley.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns of a client who is with an agent: the bot stays silent, the request is logged for the agent (and the
 * agents' stream told of it), and a close phrase gives the client back to the bot. Thread-safe.
 */
final class AgentTurns {

    static final String CLOSED_NOTICE = "The conversation was closed";

    /** The client's open hand-off, if its row points at one that is still open. */
    static Optional<HandoffView> openHandoff(ClientRow row, TurnAccess access) {
        return row.withAgent() ? access.handoff(row.handoffId()).filter(HandoffView::isOpen) : Optional.empty();
    }

    /**
     * One optimistic try of a request to the agent.
     *
     * @return the silent envelope, or empty when another turn moved the session first (the caller retries)
     */
    Optional<String> attempt(TurnPlan plan, ClientRow row, HandoffView handoff, long now,
            TurnAccess access) {
        TurnRequest r = plan.request();
        boolean closes = r.isQuery() && handoff.closedBy(r.text());
        BotTurn silent = new BotTurn("", 0.0, List.of(), dev.parley.bot.BotSession.empty(), false, List.of(),
                List.of());
        int count = (plan.logsRequest() ? 1 : 0) + (closes ? 1 : 0);
        String closedId = UUID.randomUUID().toString();
        StampedJson replyJson = Envelopes.replyTemplate(r, silent, false);
        StampedJson requestJson = Envelopes.requestTemplate(r);
        String[] envelope = new String[1];
        long[] ts = new long[1];
        boolean committed = access.commitTurn(r, Optional.of(row), row.session(),
                row.sessionEnded(), count, count, now, plan.pendingEventId(),
                new ConversationStore.TimerChange("", true, row.hasTimer(), Optional.empty()), tx -> {
                    plan.alsoCommit().accept(tx);
                    if (closes) {
                        HandoffStore.close(tx.handle(), handoff, now);
                    }
                    tx.note(new HandoffNotices.Message(handoff, HandoffService.item(r.questionId(), "CLIENT", r.text(),
                            ts[0])));
                    if (closes) {
                        tx.note(new HandoffNotices.Changed(new HandoffView(handoff.id(), handoff.channelId(),
                                handoff.clientId(), HandoffView.CLOSED, handoff.agentId(), handoff.firstMessage(),
                                handoff.closePhrases(), now)));
                    }
                }, last -> {
                    envelope[0] = replyJson.at(last);
                    List<NewEvent> events = new ArrayList<>();
                    long requestTs = closes ? last - 1 : last;
                    ts[0] = requestTs;
                    if (plan.logsRequest()) {
                        events.add(BotTurns.requestEvent(r, requestJson, requestTs, false));
                    }
                    String notice = "";
                    if (closes) {
                        notice = Json.write(HandoffService.envelope(r.channel(), r.client(), closedId, CLOSED_NOTICE,
                                new HandoffService.Agent(handoff.agentId(), ""), last));
                        events.add(new NewEvent(r.client(), last, EventType.HUMAN_RESPONSE, closedId, "", true,
                                "SYSTEM", CLOSED_NOTICE, "SENT", false, notice));
                    }
                    return new ConversationStore.TurnWrite(events, envelope[0], closedId, notice);
                });
        return committed ? Optional.of(envelope[0]) : Optional.empty();
    }
}
