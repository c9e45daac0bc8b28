package io.mmanet.compat;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.testing.TinyNetworks;
import io.mmanet.networks.train.LocalTrainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The oneDNN helpers change speed, not results: the same FLOAT network trained a few steps with the
 * helpers and with DL4J's built-in layers ends with the same scores and parameters up to float
 * rounding (summation order differs).
 */
class OneDnnHelperNumericsTest {

    private static final int STEPS = 4;
    private static final int N = 8;

    @Test
    void helpersOnAndOffTrainTheSame() {
        NetworkSpec spec = TinyNetworks.tiny(DataType.FLOAT);
        List<MultiDataSet> batches = batches(spec);
        String saved = System.getProperty(OneDnnHelpers.PROPERTY);
        ComputationGraph off;
        ComputationGraph on;
        try {
            System.setProperty(OneDnnHelpers.PROPERTY, "true");
            off = TrainingGraphs.deployment(spec);
            System.setProperty(OneDnnHelpers.PROPERTY, "false");
            on = TrainingGraphs.deployment(spec);
        } finally {
            if (saved == null) {
                System.clearProperty(OneDnnHelpers.PROPERTY);
            } else {
                System.setProperty(OneDnnHelpers.PROPERTY, saved);
            }
        }
        assertEquals("built-in", OneDnnHelpers.pathsByLayerType(off).get("ConvolutionLayer"));
        assertEquals("MKLDNNConvHelper", OneDnnHelpers.pathsByLayerType(on).get("ConvolutionLayer"));
        assertEquals(off.params(), on.params(), "same seed, same initial parameters");

        LocalTrainer a = new LocalTrainer(off);
        LocalTrainer b = new LocalTrainer(on);
        a.beginEpoch(1);
        b.beginEpoch(1);
        for (MultiDataSet batch : batches) {
            double sa = a.step(batch);
            double sb = b.step(batch);
            assertEquals(sa, sb, 1e-4 * Math.max(1, Math.abs(sa)), "score");
        }
        INDArray pa = off.params();
        INDArray pb = on.params();
        double maxAbs = pa.sub(pb).amaxNumber().doubleValue();
        double scale = pa.amaxNumber().doubleValue();
        assertTrue(maxAbs <= 1e-4 * Math.max(1, scale), "max |param difference| " + maxAbs);
        // params() holds the BN running statistics too: they went through the helper and agree as well.
        assertNotEquals(0.0, pa.sub(TrainingGraphs.deployment(spec).params()).amaxNumber().doubleValue(),
                "training moved the parameters");
    }

    private static List<MultiDataSet> batches(NetworkSpec spec) {
        Random r = new Random(3);
        BatchAssembler assembler = new BatchAssembler(spec, Methods.get("sf-md"));
        List<MultiDataSet> out = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            float[][][] px = TinyNetworks.randomPixels(spec, N, r);
            ModalityCombination[] drawn = assembler.drawCombinations(px, r);
            out.add(assembler.assemble(px, TinyNetworks.randomLabels(N, spec.numClasses(), r), drawn, null, false));
        }
        return out;
    }
}
