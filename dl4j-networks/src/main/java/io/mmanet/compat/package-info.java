/**
 * Workarounds for DL4J / ND4J 1.0.0-M2.1 and dl4j-spark 1.0.0-M2 bugs (measured in shared/FEASIBILITY.md).
 * Each class names its bug; each has a test in this package that reproduces the upstream bug.
 */
package io.mmanet.compat;
