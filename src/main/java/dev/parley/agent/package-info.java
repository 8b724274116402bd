/**
 * Human agents: accounts with slow salted password hashes, login sessions, the agent API over hand-offs, the live
 * stream the console listens to, and the console itself (static files served at {@code /console}).
 */
package dev.parley.agent;
