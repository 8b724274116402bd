/**
 * Webhook delivery: an outbox written in the same transaction as the events it carries, a worker that claims due
 * deliveries and POSTs them in per-client order with retries and back-off, and dead letters an admin can redeliver.
 */
package dev.parley.delivery;
