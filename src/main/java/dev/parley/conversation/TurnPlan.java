package dev.parley.conversation;

import dev.parley.bot.BotSession;
import dev.parley.bot.BotTurn;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import dev.parley.events.EventTx;

/**
 * What one turn runs and records: a client request (sync or async) or a push such as a fired timer.
 *
 * @param logsRequest true when the turn appends the client's request event too (a sync turn)
 * @param pendingEventId the async request event this turn answers, or 0
 * @param firedTimerId the timer this turn fires, or empty; the turn is dropped if the timer is gone
 * @param alsoCommit more work for the turn's transaction, such as marking a campaign recipient sent
 */
record TurnPlan(TurnRequest request, Function<BotSession, BotTurn> bot, boolean logsRequest, long pendingEventId,
        String firedTimerId, Consumer<EventTx> alsoCommit) {

    static final Consumer<EventTx> NOTHING = tx -> { };

    TurnPlan {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(bot, "bot");
        Objects.requireNonNull(firedTimerId, "firedTimerId");
        Objects.requireNonNull(alsoCommit, "alsoCommit");
    }
}
