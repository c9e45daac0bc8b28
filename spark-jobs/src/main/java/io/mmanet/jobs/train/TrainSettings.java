package io.mmanet.jobs.train;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigChecks;
import io.mmanet.jobs.input.AugmentSettings;

import java.io.Serializable;
import java.util.List;

/**
 * Distributed-training settings (section {@code train}), checked before any Spark work.
 *
 * @param workers            parameter-averaging workers; 0 = Spark's default parallelism
 * @param approach           export (batches written as files, fitPaths) or direct (RDD of batches)
 */
public record TrainSettings(int epochs, long seed, int workers, int batchSizePerWorker, int averagingFrequency,
                            int prefetchBatches, int aggregationDepth, String approach, int checkpointKeep,
                            AugmentSettings augment, int evalBatchSize) implements Serializable {

    public static final List<String> APPROACHES = List.of("export", "direct");

    public static TrainSettings fromConfig(Config c) {
        return new TrainSettings(
                ConfigChecks.intInRange(c, "train.epochs", 1, 100_000),
                ConfigChecks.longInRange(c, "train.seed", Long.MIN_VALUE, Long.MAX_VALUE),
                ConfigChecks.intInRange(c, "train.workers", 0, 100_000),
                ConfigChecks.intInRange(c, "train.batch-size-per-worker", 1, 1 << 16),
                ConfigChecks.intInRange(c, "train.averaging-frequency", 1, 1 << 16),
                ConfigChecks.intInRange(c, "train.prefetch-batches", 0, 1024),
                ConfigChecks.intInRange(c, "train.aggregation-depth", 1, 16),
                ConfigChecks.oneOf(c, "train.rdd-training-approach", APPROACHES),
                ConfigChecks.intInRange(c, "train.checkpoint-keep", 2, 1000),
                AugmentSettings.fromConfig(c),
                evalBatchSize(c));
    }

    /** {@code eval.batch-size}, for jobs that evaluate without training (eval, predict). */
    public static int evalBatchSize(Config c) {
        return ConfigChecks.intInRange(c, "eval.batch-size", 1, 1 << 16);
    }

    public int resolvedWorkers(int defaultParallelism) {
        return workers > 0 ? workers : Math.max(1, defaultParallelism);
    }
}
