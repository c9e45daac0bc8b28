package io.mmanet.networks.data;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.testing.TinyNetworks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class BatchAssemblerTest {
    private final NetworkSpec spec = TinyNetworks.tiny(DataType.FLOAT);
    private final ModalityCombination rgb = ModalityCombination.parse("rgb", spec.modalities());
    private final ModalityCombination ir = ModalityCombination.parse("ir", spec.modalities());
    private final ModalityCombination depth = ModalityCombination.parse("depth", spec.modalities());
    private final ModalityCombination rgbIr = ModalityCombination.parse("rgb+ir", spec.modalities());
    private final ModalityCombination full = ModalityCombination.full(spec.modalities());
    private final Set<ModalityCombination> weak = Set.of(rgb, ir, rgbIr);

    private float[][][] pixels(int n) {
        float[][][] p = TinyNetworks.randomPixels(spec, n, new Random(1));
        p[1][2] = null; // sample 1 lacks IR
        return p;
    }

    @Test
    void mmanetBatchCarriesMasksGateAndMarMask() {
        BatchAssembler a = new BatchAssembler(spec, Methods.get("mmanet"));
        assertEquals(List.of("in_rgb", "in_depth", "in_ir", "mask", "teacher_mask", "mar_rows"), a.inputNames());
        assertEquals(List.of("out", "kd_out", "mar_out"), a.outputNames());
        ModalityCombination[] drawn = {rgbIr, depth, full, ir};
        MultiDataSet mds = a.assemble(pixels(4), new int[] {0, 1, 1, 0}, drawn, weak, true);
        assertEquals(6, mds.getFeatures().length);
        assertArrayEquals(new float[] {1, 0, 0, 1}, mds.getFeatures(5).getColumn(0).toFloatVector(),
                "the regularization network runs on the weak rows only");
        assertArrayEquals(new long[] {4, 3, 16, 16}, mds.getFeatures(0).shape());
        assertArrayEquals(new long[] {4, 1, 16, 16}, mds.getFeatures(2).shape());
        assertEquals(0.0, mds.getFeatures(2).get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).amaxNumber().doubleValue(), "missing IR fed as zeros");
        assertArrayEquals(new float[] {1, 0, 1}, mds.getFeatures(3).getRow(0).toFloatVector());
        assertArrayEquals(new float[] {1, 1, 0}, mds.getFeatures(4).getRow(1).toFloatVector(), "teacher sees what sample 1 has");
        assertArrayEquals(new float[] {1, 1, 1}, mds.getFeatures(4).getRow(0).toFloatVector());
        assertArrayEquals(new float[] {0, 1}, mds.getLabels(0).getRow(1).toFloatVector());
        assertEquals(4.0, mds.getLabels(1).sumNumber().doubleValue(), "MAD gate on");
        INDArray marMask = mds.getLabelsMaskArray(2);
        assertArrayEquals(new long[] {4, 2}, marMask.shape(), "[N, C] per-example mask");
        assertArrayEquals(new float[] {1, 1}, marMask.getRow(0).toFloatVector(), "rgb+ir is weak");
        assertArrayEquals(new float[] {0, 0}, marMask.getRow(1).toFloatVector(), "depth is not");
        assertArrayEquals(new float[] {0, 0}, marMask.getRow(2).toFloatVector(), "full is not");
        assertArrayEquals(new float[] {1, 1}, marMask.getRow(3).toFloatVector(), "ir is weak");
        for (int k = 0; k < 3; k++) {
            assertNotNull(mds.getLabelsMaskArray(k), "every output has a label mask");
        }
    }

    @Test
    void warmupSwitchesMadAndMarOff() {
        BatchAssembler a = new BatchAssembler(spec, Methods.get("mmanet"));
        MultiDataSet mds = a.assemble(pixels(4), new int[4], new ModalityCombination[] {rgb, rgb, ir, ir}, null, false);
        assertEquals(0.0, mds.getLabels(1).sumNumber().doubleValue());
        assertEquals(0.0, mds.getLabelsMaskArray(2).sumNumber().doubleValue());
        assertArrayEquals(new float[] {1, 0, 0, 0}, mds.getFeatures(5).getColumn(0).toFloatVector(),
                "none selected: the regularization network runs on row 0, masked out");
        assertThrows(IllegalStateException.class,
                () -> a.assemble(pixels(4), new int[4], new ModalityCombination[] {rgb, rgb, ir, ir}, null, true),
                "MMANet after warm-up without a weak set is a bug in the caller");
    }

    @Test
    void srRegularizesSingleModalitySamples() {
        BatchAssembler a = new BatchAssembler(spec, Methods.get("sr"));
        MultiDataSet mds = a.assemble(pixels(4), new int[4], new ModalityCombination[] {rgb, depth, full, rgbIr}, null, true);
        assertArrayEquals(new float[] {1, 1, 0, 0}, mds.getLabelsMaskArray(2).getColumn(0).toFloatVector());
    }

    @Test
    void sfAndSfMdHaveOneOutput() {
        for (Method m : new Method[] {Methods.get("sf"), Methods.get("sf-md")}) {
            BatchAssembler a = new BatchAssembler(spec, m);
            assertEquals(GraphNames.deploymentInputs(spec.modalities()), a.inputNames());
            float[][][] p = TinyNetworks.randomPixels(spec, 3, new Random(2));
            MultiDataSet mds = a.assemble(p, new int[3], a.drawCombinations(p, new Random(3)), null, false);
            assertEquals(4, mds.getFeatures().length);
            assertEquals(1, mds.getLabels().length);
        }
        BatchAssembler sf = new BatchAssembler(spec, Methods.get("sf"), rgbIr);
        float[][][] p = TinyNetworks.randomPixels(spec, 3, new Random(2));
        assertTrue(sf.canTrain(p[0]));
        float[] irImage = p[0][2];
        p[0][2] = null;
        assertFalse(sf.canTrain(p[0]), "SF on rgb+ir cannot train a sample without IR");
        assertTrue(new BatchAssembler(spec, Methods.get("sf-md")).canTrain(p[0]));
        p[0][2] = irImage;
        for (ModalityCombination c : sf.drawCombinations(p, new Random(3))) {
            assertEquals(rgbIr, c, "SF uses its fixed combination");
        }
    }

    @Test
    void drawsRespectWhatASampleHas() {
        BatchAssembler a = new BatchAssembler(spec, Methods.get("sf-md"));
        float[][][] p = pixels(2);
        Random r = new Random(4);
        for (int i = 0; i < 500; i++) {
            assertFalse(a.drawCombinations(p, r)[1].contains(2));
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> a.assemble(p, new int[2], new ModalityCombination[] {full, full}, null, false));
        assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> a.assemble(p, new int[] {0, 2}, new ModalityCombination[] {full, rgb}, null, false));
        assertTrue(e.getMessage().contains("label 2"), e.getMessage());
    }

    @Test
    void inferenceInputsUseOneCombinationForEverySample() {
        BatchAssembler a = new BatchAssembler(spec, Methods.get("mmanet"));
        INDArray[] in = a.inferenceInputs(pixels(3), rgbIr);
        assertEquals(4, in.length);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new float[] {1, 0, 1}, in[3].getRow(i).toFloatVector());
        }
        assertEquals(0, BatchAssembler.deploymentOutputIndex());
        assertEquals("out", BatchAssembler.deploymentOutputName());
    }
}
