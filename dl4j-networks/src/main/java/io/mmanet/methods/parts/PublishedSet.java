package io.mmanet.methods.parts;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.method.MethodState;

/**
 * The set an epoch hook fixed on the driver and broadcast to the workers
 * ({@code EpochContext.publishWeakSet}, read as {@link MethodState#weakSet()}): MMANet's mined weak
 * set W, DMRNet's hard combinations.
 */
public final class PublishedSet implements Regularization.RegularizedSet {
    private static final long serialVersionUID = 1L;

    private final String description;

    /** {@code description} names the set in the error raised when it is missing after warm-up. */
    public PublishedSet(String description) {
        this.description = description;
    }

    @Override
    public void check(MethodState state) {
        if (state.weakSet().isEmpty()) {
            throw new IllegalStateException(description + " is needed after warm-up; got none");
        }
    }

    @Override
    public boolean contains(ModalityCombination drawn, MethodState state) {
        return state.weakSet().contains(drawn);
    }
}
