package io.mmanet.jobs.checkpoint;

/**
 * What one training epoch measured, kept in the metrics history of every checkpoint.
 *
 * @param epoch            1-based epoch number
 * @param seconds          wall time of the epoch's training (export + averaging rounds)
 * @param samples          training samples seen
 * @param samplesPerSecond samples / seconds
 * @param score            mean training loss reported by parameter averaging over the epoch's rounds
 * @param ce               cross-entropy term on the epoch's probe batch (NaN when the graph has none)
 * @param mad              MAD term on the probe batch, unweighted (NaN when absent)
 * @param mar              MAR term on the probe batch, unweighted (NaN when absent)
 * @param learningRate     learning rate used by the epoch's first step
 */
public record EpochRecord(int epoch, double seconds, long samples, double samplesPerSecond, double score,
                          double ce, double mad, double mar, double learningRate) {
}
