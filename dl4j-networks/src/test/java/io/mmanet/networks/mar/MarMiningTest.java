package io.mmanet.networks.mar;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.Modality;
import io.mmanet.networks.combination.ModalityCombination;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** MAR mining (spec decision 5, sections 3.2-3.3) with hand-computed values. */
class MarMiningTest {
    private final Modalities mods = Modalities.rgbDepthIr();

    private ModalityCombination c(String s) {
        return ModalityCombination.parse(s, mods);
    }

    @Test
    void candidatesAreTheBimodalCombinationsThenFull() {
        assertEquals(List.of("rgb+depth", "rgb+ir", "depth+ir", "rgb+depth+ir"),
                WeakCombinationMiner.candidates(mods).stream().map(Object::toString).toList());
        Modalities rgbd = Modalities.of(new Modality("rgb", 3), new Modality("depth", 1));
        assertEquals(List.of("rgb", "depth", "rgb+depth"),
                WeakCombinationMiner.candidates(rgbd).stream().map(Object::toString).toList());
    }

    @Test
    void discrepancyIsTheKlOfSmoothedHistograms() {
        // h_c = (0.25, 0.75), h_full = (0.5, 0.5), eps = 0:
        // KL = 0.25 ln(0.5) + 0.75 ln(1.5) = -0.1732868 + 0.3040988 = 0.1308120
        double expected = 0.25 * Math.log(0.25 / 0.5) + 0.75 * Math.log(0.75 / 0.5);
        assertEquals(0.130812035941137, expected, 1e-12);
        assertEquals(expected, WeakCombinationMiner.discrepancy(new long[] {25, 75}, new long[] {50, 50}, 0.0), 1e-15);
        // eps smoothing: (0/4 + 0.1)/1.2 = 1/12 and (4/4 + 0.1)/1.2 = 11/12 against (1/2, 1/2).
        double p0 = 0.1 / 1.2;
        double p1 = 1.1 / 1.2;
        double smoothed = p0 * Math.log(p0 / 0.5) + p1 * Math.log(p1 / 0.5);
        assertEquals(smoothed, WeakCombinationMiner.discrepancy(new long[] {0, 4}, new long[] {2, 2}, 0.1), 1e-15);
        assertTrue(Double.isFinite(WeakCombinationMiner.discrepancy(new long[] {0, 9}, new long[] {9, 0}, 1e-6)));
        assertEquals(0.0, WeakCombinationMiner.discrepancy(new long[] {3, 7}, new long[] {30, 70}, 1e-6), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> WeakCombinationMiner.discrepancy(new long[] {0, 0}, new long[] {1, 1}, 0.1));
    }

    @Test
    void countPredictionsTakesTheArgmax() {
        long[] counts = new long[3];
        WeakCombinationMiner.countPredictions(Nd4j.create(new float[][] {{0.1f, 0.7f, 0.2f}, {0.5f, 0.2f, 0.3f},
                {0.1f, 0.1f, 0.8f}, {0.2f, 0.6f, 0.2f}}), counts);
        assertArrayEquals(new long[] {1, 2, 1}, counts);
    }

    private Map<ModalityCombination, long[]> epoch(long[] rgbDepth, long[] rgbIr, long[] depthIr, long[] full) {
        Map<ModalityCombination, long[]> h = new LinkedHashMap<>();
        h.put(c("rgb+depth"), rgbDepth);
        h.put(c("rgb+ir"), rgbIr);
        h.put(c("depth+ir"), depthIr);
        h.put(c("full"), full);
        return h;
    }

    @Test
    void bankAveragesOverMiningEpochsAndPicksTheArgmax() {
        MarMemoryBank bank = new MarMemoryBank(mods, 0.0);
        long[] full = {50, 50};
        // Epoch 2: rgb+ir is the farthest from full; epoch 3: depth+ir is, but less on average.
        bank.record(2, epoch(new long[] {50, 50}, new long[] {20, 80}, new long[] {40, 60}, full));
        bank.record(3, epoch(new long[] {45, 55}, new long[] {35, 65}, new long[] {30, 70}, full));
        double klRgbIr2 = WeakCombinationMiner.discrepancy(new long[] {20, 80}, full, 0.0);
        double klRgbIr3 = WeakCombinationMiner.discrepancy(new long[] {35, 65}, full, 0.0);
        Map<ModalityCombination, Double> mean = bank.meanDiscrepancies();
        assertEquals((klRgbIr2 + klRgbIr3) / 2, mean.get(c("rgb+ir")), 1e-15);
        assertEquals(0.0 / 2 + WeakCombinationMiner.discrepancy(new long[] {45, 55}, full, 0.0) / 2,
                mean.get(c("rgb+depth")), 1e-15);
        assertEquals(c("rgb+ir"), bank.weakCombination());
        assertEquals(List.of("rgb", "ir", "rgb+ir"), MarMemoryBank.names(bank.weakSet()));
        assertThrows(IllegalStateException.class, () -> bank.record(3, epoch(full, full, full, full)));
    }

    @Test
    void tiesGoToTheFirstCandidate() {
        MarMemoryBank bank = new MarMemoryBank(mods, 1e-6);
        long[] same = {10, 90};
        bank.record(2, epoch(same, same, same, new long[] {50, 50}));
        assertEquals(c("rgb+depth"), bank.weakCombination());
    }

    @Test
    void twoModalitiesGiveTheSingleWeakerModality() {
        Modalities rgbd = Modalities.of(new Modality("rgb", 3), new Modality("depth", 1));
        MarMemoryBank bank = new MarMemoryBank(rgbd, 1e-6);
        Map<ModalityCombination, long[]> h = new LinkedHashMap<>();
        h.put(ModalityCombination.parse("rgb", rgbd), new long[] {48, 52});
        h.put(ModalityCombination.parse("depth", rgbd), new long[] {10, 90});
        h.put(ModalityCombination.full(rgbd), new long[] {50, 50});
        bank.record(1, h);
        assertEquals(List.of("depth"), MarMemoryBank.names(bank.weakSet()));
    }

    @Test
    void stateRoundTripsThroughJson() {
        MarMemoryBank bank = new MarMemoryBank(mods, 1e-6);
        bank.record(2, epoch(new long[] {5, 5}, new long[] {1, 9}, new long[] {4, 6}, new long[] {5, 5}));
        String json = bank.toJson();
        assertTrue(json.contains("\"rgb+ir\""), json);
        MarMemoryBank back = MarMemoryBank.fromJson(json, mods);
        assertEquals(bank.meanDiscrepancies(), back.meanDiscrepancies());
        assertEquals(bank.weakSet(), back.weakSet());
        back.record(3, epoch(new long[] {5, 5}, new long[] {5, 5}, new long[] {5, 5}, new long[] {5, 5}));
        assertEquals(2, back.epochsRecorded());
        Modalities other = Modalities.of(new Modality("rgb", 3), new Modality("depth", 1));
        assertThrows(IllegalArgumentException.class, () -> MarMemoryBank.fromJson(json, other));
        assertThrows(IllegalArgumentException.class, () -> bank.record(4, Map.of()));
    }
}
