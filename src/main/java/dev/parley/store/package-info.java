/**
 * The database: JDBI over HikariCP, Flyway migrations per dialect, SQLite by default and PostgreSQL for many nodes.
 * Feature stores build on {@link dev.parley.store.Database}'s write and read callbacks.
 */
package dev.parley.store;
