/**
 * The training/evaluation input pipeline (MMANET_SPEC.md decisions 2 and 8, section 1.5): shard
 * rows are decoded from uint8 HWC, geometrically augmented with one transform shared by every
 * modality of a sample, normalised with (x - 127.5) / 128, and assembled into MultiDataSets per
 * partition. Every random choice comes from a generator seeded by (run seed, epoch, partition),
 * so an epoch's batches are the same whenever it is re-run (resume).
 */
package io.mmanet.jobs.input;
