package io.mmanet.tasks.segmentation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.Modality;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.mar.MarMemoryBank;
import io.mmanet.networks.mar.WeakCombinationMiner;
import io.mmanet.networks.metrics.ConfusionMatrix;
import io.mmanet.networks.metrics.SegmentationMetrics;
import io.mmanet.networks.task.Tasks;
import io.mmanet.networks.testing.SegmentationProblem;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Labels, masks, counting, settings, class weights and MAR mining of the segmentation task. */
class SegmentationTaskTest {
    private static final NetworkSpec SPEC = SegmentationProblem.spec(DataType.FLOAT);
    private static final SegmentationTask TASK = (SegmentationTask) SPEC.task();

    @Test
    void registeredByName() {
        assertSame(SegmentationTask.class, Tasks.get("segmentation").getClass());
        assertTrue(TASK.labelFollowsGeometry());
        assertEquals(32 * 32, TASK.labelsPerSample(SPEC));
    }

    @Test
    void labelsAreOneHotPerPixelWithIgnoredPixelsAllZero() {
        int hw = 32 * 32;
        int[] labels = new int[2 * hw];
        labels[0] = 2;
        labels[1] = SegmentationProblem.IGNORE;
        labels[hw + 5] = 1;
        INDArray y = TASK.labels(labels, SPEC);
        assertArrayEquals(new long[] {2, 3, 32, 32}, y.shape());
        assertEquals(1.0, y.getDouble(0, 2, 0, 0));
        assertEquals(0.0, y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(1)).sumNumber().doubleValue(),
                "the ignored pixel has no class");
        assertEquals(1.0, y.getDouble(1, 1, 0, 5));
        assertEquals(2 * hw - 1, y.sumNumber().intValue(), "every other pixel has exactly one class");
        labels[7] = 3;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TASK.labels(labels, SPEC));
        assertTrue(e.getMessage().contains("pixel 7") && e.getMessage().contains("label 3"), e.getMessage());
    }

    @Test
    void exampleMasksHaveTheLabelsShape() {
        INDArray m = TASK.exampleMask(new float[] {1, 0, 1}, SPEC);
        assertArrayEquals(new long[] {3, 3, 32, 32}, m.shape());
        assertEquals(3 * 32 * 32, m.slice(0).sumNumber().intValue());
        assertEquals(0, m.slice(1).sumNumber().intValue());
    }

    @Test
    void countsEveryLabelledPixelOnce() {
        // Output [1, 3, 32, 32]: class 1 everywhere except pixel 0, which is class 2.
        INDArray out = Nd4j.zeros(DataType.FLOAT, 1, 3, 32, 32);
        out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(1);
        out.putScalar(new long[] {0, 2, 0, 0}, 5);
        int[] labels = new int[32 * 32];
        labels[1] = SegmentationProblem.IGNORE;
        labels[2] = 1;
        ConfusionMatrix cm = new ConfusionMatrix(3);
        TASK.countPredictions(out, labels, cm);
        assertEquals(32 * 32 - 1, cm.total());
        assertEquals(1, cm.count(0, 2));
        assertEquals(1, cm.count(1, 1));
        assertEquals(32 * 32 - 3, cm.count(0, 1));
    }

    @Test
    void settingsComeFromTheConfigAndBadValuesNameTheirKey() {
        Config c = ConfigFactory.parseString("model.segmentation { ignore-label = 0, class-weights = [1, 2], mad-max-height = 4 }");
        SegmentationTask t = (SegmentationTask) TASK.configure(c);
        assertEquals(0, t.ignoreLabel());
        assertArrayEquals(new double[] {1, 2}, t.classWeights());
        assertEquals(4, t.madMaxHeight());
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> TASK.configure(
                ConfigFactory.parseString("model.segmentation { ignore-label = 255, class-weights = [1, -2], mad-max-height = 30 }")));
        assertTrue(e.getMessage().contains("model.segmentation.class-weights"), e.getMessage());
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> SPEC.toBuilder().input(48, 40).build());
        assertTrue(odd.getMessage().contains("model.input-height"), odd.getMessage());
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                () -> SPEC.toBuilder().task(TASK.withClassWeights(new double[] {1, 1})).build());
        assertTrue(weights.getMessage().contains("model.segmentation.class-weights"), weights.getMessage());
    }

    @Test
    void selectedByModelTaskWithItsSettingsFromTheConfiguration() {
        NetworkSpec spec = NetworkSpec.fromConfig(io.mmanet.config.MmanetConfig.load(null, List.of("model.task=segmentation",
                "model.input-height=64", "model.input-width=96", "model.num-classes=3",
                "model.segmentation.class-weights=[0.5, 1, 2]", "model.segmentation.ignore-label=7")));
        SegmentationTask t = (SegmentationTask) spec.task();
        assertArrayEquals(new double[] {0.5, 1, 2}, t.classWeights());
        assertEquals(7, t.ignoreLabel());
        assertEquals(30, t.madMaxHeight(), "reference.conf default");
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> NetworkSpec.fromConfig(
                io.mmanet.config.MmanetConfig.load(null, List.of("model.task=segmentation", "model.input-height=40"))));
        assertTrue(e.getMessage().contains("model.input-height"), e.getMessage());
    }

    @Test
    void medianFrequencyWeights() {
        // freq = {100/1000, 10/500, 40/200, 0} = {0.1, 0.02, 0.2, absent}; median of present = 0.1.
        double[] w = ClassWeights.medianFrequency(new long[] {100, 10, 40, 0}, new long[] {1000, 500, 200, 0});
        assertArrayEquals(new double[] {1.0, 5.0, 0.5, 0.0}, w, 1e-12);
    }

    @Test
    void miningRanksByTheSquaredMiouDifferenceAndWeakensOneModalityForRgbD() {
        Modalities mods = SPEC.modalities();
        ModalityCombination rgb = ModalityCombination.parse("rgb", mods);
        ModalityCombination depth = ModalityCombination.parse("depth", mods);
        ModalityCombination full = ModalityCombination.full(mods);
        assertEquals(List.of(rgb, depth, full), WeakCombinationMiner.candidates(mods));
        MarMemoryBank bank = new MarMemoryBank(mods, 1e-8);
        // full: perfect; rgb: confuses class 2 with 0 (depth-only class); depth: confuses class 1 a little.
        bank.record(1, Map.of(full, matrix(10, 10, 10, 0, 0), rgb, matrix(10, 10, 0, 10, 0),
                depth, matrix(10, 8, 10, 0, 2)), TASK);
        double rgbMiou = SegmentationMetrics.meanIou(matrix(10, 10, 0, 10, 0));
        double depthMiou = SegmentationMetrics.meanIou(matrix(10, 8, 10, 0, 2));
        Map<String, Double> recorded = bank.state().epochs.get(0).discrepancies;
        assertEquals((rgbMiou - 1) * (rgbMiou - 1), recorded.get("rgb"), 1e-15);
        assertEquals((depthMiou - 1) * (depthMiou - 1), recorded.get("depth"), 1e-15);
        assertEquals(rgb, bank.weakCombination());
        assertEquals(Set.of(rgb), bank.weakSet(), "M = 2: W is the single weaker modality (spec 3.6)");
    }

    @Test
    void forThreeModalitiesTheWeakSetIsTheSubsetsOfTheWeakestPair() {
        Modalities mods = Modalities.of(new Modality("rgb", 3), new Modality("depth", 1), new Modality("ir", 1));
        MarMemoryBank bank = new MarMemoryBank(mods, 1e-8);
        Map<ModalityCombination, ConfusionMatrix> cms = new LinkedHashMap<>();
        cms.put(ModalityCombination.parse("rgb+depth", mods), matrix(10, 9, 10, 0, 1));
        cms.put(ModalityCombination.parse("rgb+ir", mods), matrix(10, 5, 10, 0, 5));
        cms.put(ModalityCombination.parse("depth+ir", mods), matrix(10, 10, 9, 1, 0));
        cms.put(ModalityCombination.full(mods), matrix(10, 10, 10, 0, 0));
        bank.record(2, cms, TASK);
        assertEquals(ModalityCombination.parse("rgb+ir", mods), bank.weakCombination());
        assertEquals(Set.copyOf(ModalityCombination.parse("rgb+ir", mods).subsets()), bank.weakSet());
    }

    /** 3 classes: t0 right, t1 n1 right and m1 as 0, t2 n2 right, k2 as 0. */
    private static ConfusionMatrix matrix(int n0, int n1, int n2, int k2, int m1) {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        for (int i = 0; i < n0; i++) {
            cm.add(0, 0);
        }
        for (int i = 0; i < n1; i++) {
            cm.add(1, 1);
        }
        for (int i = 0; i < m1; i++) {
            cm.add(1, 0);
        }
        for (int i = 0; i < n2; i++) {
            cm.add(2, 2);
        }
        for (int i = 0; i < k2; i++) {
            cm.add(2, 0);
        }
        return cm;
    }
}
