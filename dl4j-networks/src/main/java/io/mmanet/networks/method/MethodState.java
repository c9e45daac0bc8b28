package io.mmanet.networks.method;

import io.mmanet.networks.combination.ModalityCombination;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The run state a minibatch is planned from: the 1-based epoch, whether warm-up is over (MAD/SP
 * and MAR on, spec decision 7), and the weak set W fixed by MAR mining (empty before that or for
 * methods that do not mine). Workers receive it from the driver every epoch.
 */
public record MethodState(int epoch, boolean afterWarmup, Set<ModalityCombination> weakSet) implements Serializable {

    public MethodState {
        weakSet = weakSet == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(weakSet));
    }

    /** State for tests and tools that plan a batch outside a run. */
    public static MethodState of(boolean afterWarmup, Set<ModalityCombination> weakSet) {
        return new MethodState(0, afterWarmup, weakSet);
    }
}
