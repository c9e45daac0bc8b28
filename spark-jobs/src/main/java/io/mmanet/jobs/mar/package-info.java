/**
 * The driver-side MAR aggregator (MMANET_SPEC.md decision 5, section 3.2): distributed prediction
 * passes over the mining split, reduced to the driver into the pure {@code MarMemoryBank}; the
 * weak set is fixed at the end of warm-up, logged, persisted with the run and broadcast.
 */
package io.mmanet.jobs.mar;
