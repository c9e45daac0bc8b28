package io.mmanet.networks.method;

import io.mmanet.networks.mar.MarMemoryBank;

/**
 * Persistent, checkpointed state of a method's epoch hooks. Today: MAR's memory bank. A new hook
 * with its own state adds a field here (and to the checkpoint's {@code TrainingState}).
 */
public interface HookState {

    /** The MAR memory bank of the run (created empty on first use). */
    MarMemoryBank marBank();
}
