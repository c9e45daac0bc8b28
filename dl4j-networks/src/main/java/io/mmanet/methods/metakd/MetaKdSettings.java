package io.mmanet.methods.metakd;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigChecks;
import io.mmanet.networks.method.MethodSettings;

import java.io.Serializable;

/** Keys {@code method.metakd.*} (reference.conf documents each and its source in the authors' code). */
public record MetaKdSettings(double kdWeight, int metaSteps, int metaBatchSize, int metaRows, double metaLearningRate,
                             double metaWeightDecay) implements Serializable {

    static final String PREFIX = "method.metakd.";

    /** The run's MetaKD settings ({@code MetaKdMethod.options}, read once with the run configuration). */
    public static MetaKdSettings of(MethodSettings settings) {
        return settings.options(MetaKdSettings.class);
    }

    /** Reads and validates the keys; a bad value fails with a message naming its key. */
    static MetaKdSettings parse(Config c) {
        int batch = ConfigChecks.intInRange(c, PREFIX + "meta-batch-size", 1, 100000);
        return new MetaKdSettings(
                ConfigChecks.doubleInRange(c, PREFIX + "kd-weight", 0.0, 1e6),
                ConfigChecks.intInRange(c, PREFIX + "meta-steps", 0, 100000),
                batch,
                ConfigChecks.intInRange(c, PREFIX + "meta-rows", batch, 10000000),
                ConfigChecks.doubleInRange(c, PREFIX + "meta-learning-rate", 0.0, 10.0),
                ConfigChecks.doubleInRange(c, PREFIX + "meta-weight-decay", 0.0, 1.0));
    }
}
