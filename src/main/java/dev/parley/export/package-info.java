/**
 * Exports for admins: one client's transcript, and a channel's messages over a time span, streamed from a database
 * cursor straight to the response, so that an export of any size costs the same memory.
 */
package dev.parley.export;
