package io.mmanet.networks.method;

import io.mmanet.networks.mar.MarMemoryBank;

/**
 * Persistent, checkpointed state of a method's epoch hooks: MAR's memory bank (a dedicated field),
 * and any other method's state as JSON-mappable values under a key (checkpointed with every
 * epoch in the run's training state, restored on resume).
 */
public interface HookState {

    /** The MAR memory bank of the run (created empty on first use). */
    MarMemoryBank marBank();

    /**
     * The value stored under {@code key} (after a resume: read back from the checkpoint's JSON as
     * {@code type}), or null when none was stored. The same instance is returned until the next
     * {@link #put}, and its contents at the end of each epoch are what the checkpoint keeps.
     */
    <T> T get(String key, Class<T> type);

    /** Stores {@code value}, a plain JSON-mappable bean (public fields or getters), under {@code key}. */
    void put(String key, Object value);
}
