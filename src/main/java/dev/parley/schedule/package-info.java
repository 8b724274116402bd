/**
 * Durable bot timers: rows in a table, claimed when due by whichever node gets there first, fired as turns of their
 * client. Timers due while the server was down fire after it starts.
 */
package dev.parley.schedule;
