/**
 * Human agents and admins: console accounts with a role and slow salted password hashes, login sessions, the admin
 * API over accounts, the agent API over hand-offs, the live stream the console listens to, and the console itself
 * (static files served at {@code /console}).
 */
package dev.parley.agent;
