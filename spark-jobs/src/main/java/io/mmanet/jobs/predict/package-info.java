/**
 * Batch scoring: a run's deployment model over a data set, each row through the modalities it has.
 */
package io.mmanet.jobs.predict;
