package io.mmanet.networks.method;

/**
 * Driver-side work a method runs after an epoch's training pass: MAR mining (MMANet), or a step
 * that updates method state and broadcasts it to the workers for the next epoch (MetaKD's
 * modality weights). The Spark job and {@code LocalTrainer}-based tests provide the
 * {@link EpochContext}.
 */
public interface EpochHook extends java.io.Serializable {

    /** Runs after the training pass of 1-based epoch {@code epoch}. */
    void afterEpoch(int epoch, EpochContext context);
}
