package dev.parley.conversation;

import dev.parley.bot.BotTurn;
import java.util.Objects;
import java.util.Optional;

/**
 * A turn run from the scenario studio.
 *
 * @param envelope the reply envelope, as a sync turn answers it
 * @param bot the bot's turn, empty when an agent had the client and the bot did not run
 */
public record TriedTurn(String envelope, Optional<BotTurn> bot) {

    public TriedTurn {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(bot, "bot");
    }
}
