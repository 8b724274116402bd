/**
 * The scenario engine: {@link dev.parley.bot.ScenarioCompiler} turns YAML or JSON scenarios
 * (docs/scenarios.md) into immutable {@link dev.parley.bot.Scenario}s, reporting every problem at
 * once, and {@link dev.parley.bot.BotEngine} runs one turn at a time over them, resolving a request
 * by buttons, input, patterns and a Lucene-based phrase classifier.
 * Pure logic with no server or database: the conversation layer stores the
 * {@link dev.parley.bot.BotSession} between turns and turns each {@link dev.parley.bot.BotTurn} into a
 * Chat API envelope. Scenarios and the engine are thread-safe and shared by all conversations.
 */
package dev.parley.bot;
