/**
 * Text campaigns: a message (or a scenario event) sent to a list of clients at a set rate, each recipient exactly
 * once even across restarts, with live progress and cancellation.
 */
package dev.parley.campaign;
