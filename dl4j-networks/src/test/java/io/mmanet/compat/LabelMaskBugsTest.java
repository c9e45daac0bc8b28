package io.mmanet.compat;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.testing.TinyNetworks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Reproduces the label-mask bugs that make the project use [N, C] per-example masks with
 * {@link PerExampleMaskedMcxent} (FEASIBILITY.md 3(c)), and shows the workaround survives them.
 */
class LabelMaskBugsTest {

    private static MultiDataSet withMask(float[] mask, int classes) {
        int n = mask.length;
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % classes, 1f);
        }
        return new MultiDataSet(new INDArray[] {Nd4j.rand(DataType.FLOAT, n, 4)}, new INDArray[] {labels},
                null, new INDArray[] {Nd4j.create(mask, new long[] {n, 1}, 'c')});
    }

    private static MultiDataSet withWideMask(float[] mask, int classes) {
        MultiDataSet m = withMask(mask, classes);
        INDArray wide = Nd4j.zeros(DataType.FLOAT, mask.length, classes);
        for (int i = 0; i < mask.length; i++) {
            wide.getRow(i).assign(mask[i]);
        }
        m.setLabelsMaskArray(0, wide);
        return m;
    }

    @Test
    void mergeMangles_n1_labelMasks() {
        float[] a = {1, 0, 1};
        float[] b = {0, 0, 1, 1};
        MultiDataSet merged = MultiDataSet.merge(List.of(withMask(a, 2), withMask(b, 2)));
        INDArray expected = Nd4j.create(new float[] {1, 0, 1, 0, 0, 1, 1}, new long[] {7, 1}, 'c');
        INDArray got = merged.getLabelsMaskArray(0);
        boolean correct = got != null && got.length() == 7 && got.reshape(7, 1).equals(expected);
        assertFalse(correct, "upstream bug no longer reproduces: merge kept [n,1] label masks intact: " + got);

        MultiDataSet wide = MultiDataSet.merge(List.of(withWideMask(a, 2), withWideMask(b, 2)));
        assertEquals(expected, wide.getLabelsMaskArray(0).getColumn(0).reshape(7, 1), "[N, C] masks merge correctly");
    }

    private static MultiDataSet loadOnNewThread(byte[] bytes) throws InterruptedException {
        AtomicReference<MultiDataSet> loaded = new AtomicReference<>();
        Thread t = new Thread(() -> {
            MultiDataSet m = new MultiDataSet();
            try {
                m.load(new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            loaded.set(m);
        });
        t.start();
        t.join();
        return loaded.get();
    }

    @Test
    void loadOnAnotherThreadTurnsNullMasksIntoPlaceholders() throws Exception {
        // Two outputs; only the second has a label mask (the first's is null).
        MultiDataSet one = withMask(new float[] {1, 1, 0}, 2);
        MultiDataSet original = new MultiDataSet(one.getFeatures(), new INDArray[] {one.getLabels(0), one.getLabels(0)},
                null, new INDArray[] {null, one.getLabelsMaskArray(0)});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.save(bytes);
        MultiDataSet loaded = loadOnNewThread(bytes.toByteArray());
        assertNotNull(loaded.getLabelsMaskArray(1));
        assertNotNull(loaded.getLabelsMaskArray(0),
                "upstream bug no longer reproduces: the null mask of output 0 stays null after load");
        assertNotEquals(one.getLabels(0).shape()[0], loaded.getLabelsMaskArray(0).length(),
                "output 0 got a placeholder array, not a real mask");
    }

    @Test
    void stockMcxentRejectsWideMasksWithSoftmax() {
        MultiDataSet m = withWideMask(new float[] {1, 0, 1}, 2);
        INDArray pre = Nd4j.rand(DataType.FLOAT, 3, 2);
        Exception e = assertThrows(Exception.class, () -> new LossMCXENT().computeGradient(m.getLabels(0), pre,
                new ActivationSoftmax(), m.getLabelsMaskArray(0)));
        assertTrue(e.getMessage().contains("Per output masking"), e.getMessage());
    }

    @Test
    void stockMcxentTakesAOneExampleMaskForAPerOutputOne() {
        MultiDataSet one = withMask(new float[] {1}, 2);
        INDArray pre = Nd4j.rand(DataType.FLOAT, 1, 2);
        INDArray column = one.getLabelsMaskArray(0);
        Exception e = assertThrows(Exception.class, () -> new LossMCXENT().computeGradient(one.getLabels(0), pre,
                new ActivationSoftmax(), column), "upstream bug no longer reproduces: a [1, 1] mask is accepted");
        assertTrue(e.getMessage().contains("Per output masking"), e.getMessage());

        INDArray unmasked = new LossMCXENT().computeGradient(one.getLabels(0), pre, new ActivationSoftmax(), null);
        for (float on : new float[] {1, 0}) {
            MultiDataSet wide = withWideMask(new float[] {on}, 2);
            INDArray ours = new PerExampleMaskedMcxent(0.5).computeGradient(wide.getLabels(0), pre,
                    new ActivationSoftmax(), wide.getLabelsMaskArray(0));
            assertEquals(unmasked.mul(0.5 * on), ours);
            assertEquals(0.5 * on * new LossMCXENT().computeScore(one.getLabels(0), pre, new ActivationSoftmax(), null, false),
                    new PerExampleMaskedMcxent(0.5).computeScore(wide.getLabels(0), pre, new ActivationSoftmax(),
                            wide.getLabelsMaskArray(0), false), 1e-7);
        }
    }

    @Test
    void perExampleMaskedMcxentEqualsStockWithColumnMask() {
        float[] mask = {1, 0, 1, 1};
        MultiDataSet wide = withWideMask(mask, 3);
        INDArray pre = Nd4j.rand(DataType.FLOAT, 4, 3);
        INDArray column = Nd4j.create(mask, new long[] {4, 1}, 'c');
        INDArray stock = new LossMCXENT().computeGradient(wide.getLabels(0), pre, new ActivationSoftmax(), column);
        INDArray ours = new PerExampleMaskedMcxent(1.0).computeGradient(wide.getLabels(0), pre, new ActivationSoftmax(),
                wide.getLabelsMaskArray(0));
        assertEquals(stock, ours);
        assertEquals(new LossMCXENT().computeScore(wide.getLabels(0), pre, new ActivationSoftmax(), column, true),
                new PerExampleMaskedMcxent(1.0).computeScore(wide.getLabels(0), pre, new ActivationSoftmax(),
                        wide.getLabelsMaskArray(0), true), 1e-6);
        INDArray perOutput = Nd4j.ones(DataType.FLOAT, 4, 3);
        perOutput.putScalar(0, 1, 0f);
        assertThrows(IllegalArgumentException.class, () -> new PerExampleMaskedMcxent(1.0)
                .computeGradient(wide.getLabels(0), pre, new ActivationSoftmax(), perOutput));
    }

    @Test
    void assembledBatchesSurviveMergeAndLoadOnAnotherThread() throws Exception {
        NetworkSpec spec = TinyNetworks.tiny(DataType.FLOAT);
        BatchAssembler a = new BatchAssembler(spec, Methods.get("mmanet"));
        Random r = new Random(2);
        Set<ModalityCombination> weak = Set.copyOf(ModalityCombination.parse("rgb+ir", spec.modalities()).subsets());
        float[][][] p1 = TinyNetworks.randomPixels(spec, 3, r);
        float[][][] p2 = TinyNetworks.randomPixels(spec, 2, r);
        org.nd4j.linalg.dataset.api.MultiDataSet b1 = a.assemble(p1, new int[] {0, 1, 0}, new ModalityCombination[] {
                weak.iterator().next(), ModalityCombination.full(spec.modalities()), ModalityCombination.parse("depth", spec.modalities())},
                weak, true);
        org.nd4j.linalg.dataset.api.MultiDataSet b2 = a.assemble(p2, new int[] {1, 1}, new ModalityCombination[] {
                ModalityCombination.parse("depth", spec.modalities()), ModalityCombination.parse("ir", spec.modalities())},
                weak, true);
        MultiDataSet merged = MultiDataSet.merge(List.of(b1, b2));
        int rows = a.inputNames().indexOf(io.mmanet.networks.graph.GraphNames.MAR_ROWS);
        assertArrayEquals(new float[] {1, 0, 0, 0, 1}, merged.getFeatures(rows).getColumn(0).toFloatVector(),
                "the regularization network's rows");
        assertArrayEquals(new float[] {1, 0, 0, 0, 1}, merged.getLabelsMaskArray(2).getColumn(0).toFloatVector());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        merged.save(bytes);
        MultiDataSet loaded = loadOnNewThread(bytes.toByteArray());
        for (int k = 0; k < 3; k++) {
            assertEquals(merged.getLabelsMaskArray(k), loaded.getLabelsMaskArray(k), "output " + k);
        }
        // The loaded batch scores exactly like the merged one on the MMANet training graph.
        ComputationGraph g = TrainingGraphs.forMethod(spec, MethodSettings.paperDefaults(Methods.get("mmanet")),
                TrainingGraphs.teacher(spec));
        assertEquals(g.score(merged), g.score(loaded), 0.0);
    }
}
