/**
 * The operator console's third-party files: the page itself is static ({@code src/main/resources/console}), plain ES
 * modules with no build step; the code editor it uses comes from a pinned WebJar and is served from here, a fixed list
 * of files, so the console works without reaching any other site.
 */
package dev.parley.console;
