/**
 * The operator's read of a channel's dialogs: its clients, most recently active first; full-text search over what was
 * said; and one client's summary, saved state and hand-offs. Pages are keyset pages behind opaque cursors.
 */
package dev.parley.dialog;
