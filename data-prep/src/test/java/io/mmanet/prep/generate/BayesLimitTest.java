package io.mmanet.prep.generate;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BayesLimitTest {
    private static final Modalities RGB_DEPTH_IR = Modalities.rgbDepthIr();

    @Test
    void theDefaultCorpusIsLimitedByItsMostInformativeModality() {
        // reference.conf: rgb 0.35, depth 0.9, ir 0.45. A modality shows the wrong class with
        // probability (1 - q) / 2: rgb 32.5 %, depth 5 %, ir 27.5 %. With two or three present, a
        // disagreement is always settled by the most informative one (its likelihood ratio is the
        // largest, and the others together never outweigh depth), so every combination's limit
        // is its best modality's: the mean over the 7 is (32.5 + 5 + 27.5 + 5 + 27.5 + 5 + 5) / 7.
        Map<String, Double> limits = BayesLimit.perCombination(GenerateSettings.fromConfig(CorpusGeneratorTest.config()));
        assertEquals(List.of("rgb", "depth", "ir", "rgb+depth", "rgb+ir", "depth+ir", "rgb+depth+ir"),
                List.copyOf(limits.keySet()));
        double[] expected = {0.325, 0.05, 0.275, 0.05, 0.275, 0.05, 0.05};
        int i = 0;
        for (double limit : limits.values()) {
            assertEquals(expected[i++], limit, 1e-12);
        }
        assertEquals(107.5 / 7 / 100, limits.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                1e-12);
    }

    @Test
    void equallyInformativeModalitiesVoteByMajority() {
        // Each wrong with probability 0.2, independently: the majority of three is wrong when two or
        // three are, 3 * 0.2^2 * 0.8 + 0.2^3 = 0.104; two that disagree are a coin flip: 0.2.
        double[] q = {0.6, 0.6, 0.6};
        assertEquals(0.104, BayesLimit.acer(q, ModalityCombination.full(RGB_DEPTH_IR)), 1e-12);
        assertEquals(0.2, BayesLimit.acer(q, ModalityCombination.of(RGB_DEPTH_IR, 0, 2)), 1e-12);
    }

    @Test
    void aFullyInformativeModalityLeavesNoErrorAndAnUninformativeOneLeavesChance() {
        double[] q = {1.0, 0.0, 0.0};
        assertEquals(0.0, BayesLimit.acer(q, ModalityCombination.of(RGB_DEPTH_IR, 0, 1)), 1e-12);
        assertEquals(0.5, BayesLimit.acer(q, ModalityCombination.of(RGB_DEPTH_IR, 1, 2)), 1e-12);
    }
}
