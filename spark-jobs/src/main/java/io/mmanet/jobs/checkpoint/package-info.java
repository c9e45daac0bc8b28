/**
 * Per-epoch checkpoints under a run directory on any Hadoop file system: model with updater state,
 * training state (epoch, seed, MAR memory bank and weak set, metrics history). Written to a
 * temporary directory, renamed, then marked {@code _COMPLETE}; a half-written or corrupt
 * checkpoint is never resumed from.
 */
package io.mmanet.jobs.checkpoint;
