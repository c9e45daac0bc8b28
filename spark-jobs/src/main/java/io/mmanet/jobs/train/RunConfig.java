package io.mmanet.jobs.train;

import com.typesafe.config.Config;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.MethodSettings;

/**
 * A run's configuration, resolved and validated once from HOCON and passed down: the network
 * (sections {@code model}, {@code modalities}), the method and optimizer, the training and
 * evaluation settings. The raw configuration is kept only to be written next to the run
 * ({@code config.conf}) and for the data-prep jobs, which read their own sections.
 */
public record RunConfig(Config raw, NetworkSpec network, MethodSettings methodSettings, TrainSettings train) {

    /** Resolves and validates every section a training or evaluation run needs (fails naming the key). */
    public static RunConfig resolve(Config cfg) {
        return new RunConfig(cfg, NetworkSpec.fromConfig(cfg), MethodSettings.fromConfig(cfg),
                TrainSettings.fromConfig(cfg));
    }

    /** Minibatch size of evaluation and MAR mining passes ({@code eval.batch-size}). */
    public int evalBatchSize() {
        return train.evalBatchSize();
    }
}
