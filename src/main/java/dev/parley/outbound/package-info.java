/**
 * What the server may call: every outbound request (webhooks, scenario {@code http} blocks, external bots) is checked
 * by one {@link dev.parley.outbound.OutboundPolicy}, when its URL is saved and again when it is called. A resolver
 * installed in the JVM filters each lookup of a name being called, so the address connected to is one that passed
 * the check even if the name's DNS answer changes between the check and the connection.
 */
package dev.parley.outbound;
