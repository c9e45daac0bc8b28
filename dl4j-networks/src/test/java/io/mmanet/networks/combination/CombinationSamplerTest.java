package io.mmanet.networks.combination;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Modality dropout statistics (spec decision 2). */
class CombinationSamplerTest {
    private final Modalities mods = Modalities.rgbDepthIr();

    @Test
    void completeSamplesDrawEachOfTheSevenCombinationsUniformly() {
        Random random = new Random(2023);
        ModalityCombination full = ModalityCombination.full(mods);
        Map<ModalityCombination, Integer> counts = new HashMap<>();
        int draws = 70_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(CombinationSampler.draw(random, full), 1, Integer::sum);
        }
        assertEquals(7, counts.size());
        double maxDeviation = 0;
        for (ModalityCombination c : ModalityCombination.all(mods)) {
            double freq = counts.get(c) / (double) draws;
            maxDeviation = Math.max(maxDeviation, Math.abs(freq - 1.0 / 7));
            // Within 1 percentage point of 1/7 (one binomial standard deviation is 0.13 points).
            assertEquals(1.0 / 7, freq, 0.01, c + " drawn with frequency " + freq);
        }
        LoggerFactory.getLogger(CombinationSamplerTest.class).info(
                "70,000 draws: largest deviation from 1/7 is {} (absolute)", String.format("%.5f", maxDeviation));
    }

    @Test
    void aSampleLackingIrNeverDrawsIr() {
        Random random = new Random(7);
        ModalityCombination rgbDepth = ModalityCombination.parse("rgb+depth", mods);
        Map<ModalityCombination, Integer> counts = new HashMap<>();
        for (int i = 0; i < 30_000; i++) {
            ModalityCombination c = CombinationSampler.draw(random, rgbDepth);
            assertFalse(c.contains(mods.indexOf("ir")), "drew " + c);
            counts.merge(c, 1, Integer::sum);
        }
        assertEquals(3, counts.size(), "rgb, depth and rgb+depth all occur");
        for (int n : counts.values()) {
            assertEquals(1.0 / 3, n / 30_000.0, 0.01);
        }
        assertEquals(ModalityCombination.parse("ir", mods),
                CombinationSampler.draw(random, ModalityCombination.parse("ir", mods)));
    }
}
