/**
 * HTTP plumbing shared by every feature's routes: the exception hierarchy and its one mapper to the JSON error
 * body (also given to requests Helidon refuses before routing), request body reading with limits, JSON writing, CORS
 * and the fallbacks for unknown paths and methods; and the transport's guards: how many connections the server holds
 * (in all, per client address, and never the last file descriptor) and how long a request's head may take.
 */
package dev.parley.http;
