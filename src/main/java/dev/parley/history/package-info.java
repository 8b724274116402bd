/** A client's message history, read from the event log by indexed pages. */
package dev.parley.history;
