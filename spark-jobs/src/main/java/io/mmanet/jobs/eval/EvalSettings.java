package io.mmanet.jobs.eval;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigChecks;
import io.mmanet.jobs.train.TrainSettings;

/**
 * Section {@code eval}: the forward passes' batch size and how many samples' predicted masks a
 * segmentation report draws (a classification report draws none, whatever this says).
 */
public record EvalSettings(int batchSize, int maskSamples) {
    /** {@code eval.mask-samples} of reference.conf, for callers without a configuration. */
    public static final int DEFAULT_MASK_SAMPLES = 4;
    /** More would make the report's grid unwieldy and the driver-side forward slow. */
    static final int MAX_MASK_SAMPLES = 64;

    public EvalSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("eval batch size must be positive, got " + batchSize);
        }
        if (maskSamples < 0 || maskSamples > MAX_MASK_SAMPLES) {
            throw new IllegalArgumentException("eval.mask-samples must be within [0, " + MAX_MASK_SAMPLES + "], got "
                    + maskSamples);
        }
    }

    /** {@code eval.batch-size} and {@code eval.mask-samples}, validated (failing with a message naming the key). */
    public static EvalSettings fromConfig(Config c) {
        return new EvalSettings(TrainSettings.evalBatchSize(c),
                ConfigChecks.intInRange(c, "eval.mask-samples", 0, MAX_MASK_SAMPLES));
    }
}
