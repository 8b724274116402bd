/**
 * Configuration: one immutable record loaded once from defaults, {@code parley.yaml}, environment and flags, and
 * validated loudly at start so that a bad value never surfaces later as an odd runtime failure.
 */
package dev.parley.config;
