/**
 * Workarounds for upstream DL4J / dl4j-spark bugs met on the Spark side. Each class names the bug
 * it works around and has a test that reproduces the bug, so it can be deleted when upstream fixes it.
 */
package io.mmanet.compat;
