/**
 * History retention: a background worker that deletes the messages of channels with a {@code historyRetention} once
 * they are older than it, in small batches that never keep the writer from turns for long.
 */
package dev.parley.retention;
