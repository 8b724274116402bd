/** The Chat API's request methods (sync, simplified GET, async) with per-client rate limiting. */
package dev.parley.chatapi;
