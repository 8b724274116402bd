/**
 * Each client's append-only event log (requests, replies, state saves), the client clock that orders it, the
 * in-memory wake-up registry that long polls and streams park on, and the {@code /events} routes.
 */
package dev.parley.events;
