/**
 * Message statistics for the console's overview: counters per channel and per hour and day, kept up by a commit
 * listener of the event log's one write path, and the figures of the overview (waiting conversations, webhook health,
 * sync turn latency). Read by admins under {@code /api/v1/stats} and {@code /api/v1/overview}.
 */
package dev.parley.stats;
