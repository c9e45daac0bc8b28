package io.mmanet.networks.metrics;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CombinationMetricsTest {

    /** 10 bona fide (label 1), 20 attacks (label 0): 2 bona fide rejected, 5 attacks accepted. */
    private static ConfusionMatrix binary() {
        ConfusionMatrix cm = new ConfusionMatrix(2);
        for (int i = 0; i < 8; i++) cm.add(1, 1);
        for (int i = 0; i < 2; i++) cm.add(1, 0);
        for (int i = 0; i < 15; i++) cm.add(0, 0);
        for (int i = 0; i < 5; i++) cm.add(0, 1);
        return cm;
    }

    @Test
    void binaryAntiSpoofingMetricsFollowIsoWithTheConfiguredBonaFideLabel() {
        CombinationMetrics m = CombinationMetrics.of("rgb", binary(), 1);
        assertEquals(30, m.n());
        assertEquals(23.0 / 30, m.accuracy(), 1e-12);
        assertEquals(5.0 / 20, m.apcer(), 1e-12);
        assertEquals(2.0 / 10, m.bpcer(), 1e-12);
        assertEquals((0.25 + 0.2) / 2, m.acer(), 1e-12);
        assertEquals(m.acer(), m.error(), 1e-12);

        // Same counts, bona fide = 0: the roles swap (CeFA convention), ACER unchanged.
        CombinationMetrics swapped = CombinationMetrics.of("rgb", binary(), 0);
        assertEquals(2.0 / 10, swapped.apcer(), 1e-12);
        assertEquals(5.0 / 20, swapped.bpcer(), 1e-12);
        assertEquals(m.acer(), swapped.acer(), 1e-12);
    }

    @Test
    void multiClassUsesAccuracyAndMacroF1() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.add(0, 0); cm.add(0, 0); cm.add(0, 1);
        cm.add(1, 1); cm.add(1, 1);
        cm.add(2, 2); cm.add(2, 0);
        CombinationMetrics m = CombinationMetrics.of("rgb+ir", cm, -1);
        assertEquals(5.0 / 7, m.accuracy(), 1e-12);
        double f0 = 2.0 * 2 / (3 + 3);
        double f1 = 2.0 * 2 / (2 + 3);
        double f2 = 2.0 * 1 / (2 + 1);
        assertEquals((f0 + f1 + f2) / 3, m.macroF1(), 1e-12);
        assertTrue(Double.isNaN(m.acer()));
        assertEquals(1 - m.accuracy(), m.error(), 1e-12);
    }

    @Test
    void undefinedRatiosAreNaNAndSkippedInTheMean() {
        ConfusionMatrix onlyBonaFide = new ConfusionMatrix(2);
        onlyBonaFide.add(1, 1);
        CombinationMetrics m = CombinationMetrics.of("ir", onlyBonaFide, 1);
        assertTrue(Double.isNaN(m.apcer()));
        Map<String, ConfusionMatrix> all = new LinkedHashMap<>();
        all.put("rgb", binary());
        all.put("ir", onlyBonaFide);
        ModelMetrics mm = ModelMetrics.fromConfusion("mmanet", all, 1);
        assertEquals(0.25, mm.mean(CombinationMetrics::apcer), 1e-12);
        assertEquals((0.2 + 0.0) / 2, mm.mean(CombinationMetrics::bpcer), 1e-12);
    }

    @Test
    void mergeAddsPartitionCountsAndRejectsOtherShapes() {
        ConfusionMatrix a = binary();
        ConfusionMatrix b = binary();
        a.merge(b);
        assertEquals(60, a.total());
        assertEquals(10, a.count(0, 1));
        assertThrows(IllegalArgumentException.class, () -> a.merge(new ConfusionMatrix(3)));
        assertThrows(IllegalArgumentException.class, () -> a.add(2, 0));
    }
}
