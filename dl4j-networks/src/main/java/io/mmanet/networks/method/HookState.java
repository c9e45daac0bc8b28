package io.mmanet.networks.method;

import io.mmanet.networks.mar.MarMemoryBank;

/**
 * Persistent, checkpointed state of a method's epoch hooks: MAR's memory bank, and named vectors
 * for any other hook (MetaKD's optimiser moments). A hook with structured state adds a field here
 * (and to the checkpoint's {@code TrainingState}).
 */
public interface HookState {

    /** The MAR memory bank of the run (created empty on first use). */
    MarMemoryBank marBank();

    /**
     * Named numeric vectors of a hook's state, e.g. {@code metakd.adam-m}; mutable: what a hook
     * puts here is checkpointed after the epoch and restored on resume, bit for bit.
     */
    java.util.Map<String, double[]> vectors();
}
