package io.mmanet.jobs.input;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigChecks;

import java.io.Serializable;

/**
 * Training augmentation (section {@code train.augment}; MMANET_SPEC.md section 1.5 scaled to the
 * configured input size): resize to {@code resizeRatio} x the input size, rotate by a uniform
 * integer angle in [-rotateDegrees, rotateDegrees], random crop back to the input size,
 * horizontal flip with p = 0.5. Evaluation never augments (plain resize).
 */
public record AugmentSettings(boolean enabled, double resizeRatio, int rotateDegrees, boolean flip)
        implements Serializable {

    public static final AugmentSettings NONE = new AugmentSettings(false, 1.0, 0, false);

    public static AugmentSettings fromConfig(Config c) {
        return new AugmentSettings(
                ConfigChecks.bool(c, "train.augment.enabled"),
                ConfigChecks.doubleInRange(c, "train.augment.resize-ratio", 1.0, 4.0),
                ConfigChecks.intInRange(c, "train.augment.rotate-degrees", 0, 180),
                ConfigChecks.bool(c, "train.augment.flip"));
    }
}
