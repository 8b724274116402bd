/** Parley's entry point and composition root; every feature lives in its own sub-package. */
package dev.parley;
