/**
 * One turn of one client: session, bot, event log, in per-client arrival order. Turns of a client run one at a time
 * ({@code ClientLanes}); each commits its session and events in one transaction before anything is answered.
 */
package dev.parley.conversation;
