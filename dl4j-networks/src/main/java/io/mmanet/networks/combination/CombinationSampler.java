package io.mmanet.networks.combination;

import java.util.List;
import java.util.Random;

/**
 * Modality dropout draw (spec decision 2, official {@code modality_drop}): per sample, one combination
 * uniformly among the non-empty subsets of what the sample has. A complete sample therefore draws
 * each of the 2^M - 1 combinations with probability 1/(2^M - 1); it is not a Bernoulli draw per modality.
 */
public final class CombinationSampler {

    private CombinationSampler() {
    }

    public static ModalityCombination draw(Random random, ModalityCombination available) {
        List<ModalityCombination> candidates = available.subsets();
        return candidates.get(random.nextInt(candidates.size()));
    }
}
