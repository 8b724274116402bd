/** The chat application's saved state per client, versioned with ETags; saves also go to the event log. */
package dev.parley.state;
