/** Delivery statuses of messages to the client (forward-only) and the unread count. */
package dev.parley.status;
