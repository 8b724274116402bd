/**
 * The JavaScript client, served to the sites that embed a chat. Its source lives in {@code clients/js/}, the npm
 * package, and the build copies it into the jar, so the server always serves the client of its own version.
 */
package dev.parley.sdk;
