package io.mmanet.networks.diagnostics;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.testing.TinyNetworks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Per-term gradients of an MMANet training graph (CE, MAD, MAR) at the deployment trunk. */
class TermGradientNormsTest {
    private static final int N = 8;
    private static NetworkSpec spec;
    private static ComputationGraph mmanet;
    private static BatchAssembler assembler;
    private static Set<ModalityCombination> weak;

    @BeforeAll
    static void build() {
        spec = TinyNetworks.tiny(DataType.DOUBLE);
        MethodSettings settings = MethodSettings.paperDefaults(Methods.get("mmanet")).withWarmupEpochs(0);
        ComputationGraph teacher = TrainingGraphs.teacher(spec, settings.withMethod(Methods.get("sf")));
        mmanet = TrainingGraphs.forMethod(spec, settings, teacher);
        assembler = new BatchAssembler(spec, Methods.get("mmanet"));
        weak = Set.copyOf(ModalityCombination.parse("rgb+ir", spec.modalities()).subsets());
    }

    private static MultiDataSet batch(boolean afterWarmup, long seed) {
        Random r = new Random(seed);
        float[][][] px = TinyNetworks.randomPixels(spec, N, r);
        ModalityCombination[] drawn = assembler.drawCombinations(px, r);
        drawn[2] = ModalityCombination.parse("rgb", spec.modalities()); // a weak combination: MAR has a sample
        drawn[5] = ModalityCombination.full(spec.modalities());
        return assembler.assemble(px, TinyNetworks.randomLabels(N, 2, r), drawn, weak, afterWarmup);
    }

    @Test
    void termsAddUpToTheFullGradientAndEachIsPresent() {
        MultiDataSet b = batch(true, 3);
        Map<String, INDArray> terms = TermGradientNorms.termGradients(mmanet, b);
        assertEquals(List.of(GraphNames.OUT, GraphNames.KD_OUT, GraphNames.MAR_OUT), List.copyOf(terms.keySet()));

        ComputationGraph copy = mmanet.clone();
        INDArray full = TermGradientNorms.trunkGradient(TermGradientNorms.gradientOf(copy, b), copy,
                TermGradientNorms.trunkLayers(copy));
        INDArray sum = terms.values().stream().reduce(INDArray::add).orElseThrow();
        double scale = full.amaxNumber().doubleValue();
        assertTrue(scale > 0);
        assertEquals(0.0, sum.sub(full).amaxNumber().doubleValue() / scale, 1e-9,
                "the backward pass is linear in the loss: the terms' gradients add up to the full one");

        Map<String, Double> norms = TermGradientNorms.measure(mmanet, b);
        for (Map.Entry<String, INDArray> e : terms.entrySet()) {
            double byHand = Math.sqrt(e.getValue().mul(e.getValue()).sumNumber().doubleValue());
            assertEquals(byHand, norms.get(e.getKey()), 1e-9 * Math.max(1, byHand));
            assertTrue(norms.get(e.getKey()) > 0, e.getKey() + " pulls on the trunk after warm-up");
        }
    }

    @Test
    void duringWarmUpOnlyTheClassificationLossPullsOnTheTrunk() {
        MultiDataSet b = batch(false, 4);
        Map<String, Double> norms = TermGradientNorms.measure(mmanet, b);
        assertEquals(0.0, norms.get(GraphNames.KD_OUT), 0.0, "MAD is gated off during warm-up");
        assertEquals(0.0, norms.get(GraphNames.MAR_OUT), 0.0, "MAR is masked off during warm-up");
        ComputationGraph copy = mmanet.clone();
        INDArray full = TermGradientNorms.trunkGradient(TermGradientNorms.gradientOf(copy, b), copy,
                TermGradientNorms.trunkLayers(copy));
        assertEquals(full.norm2Number().doubleValue(), norms.get(GraphNames.OUT), 1e-12);
    }

    @Test
    void theTrunkIsTheDeploymentNetworkWithoutItsClassifier() {
        Set<String> trunk = TermGradientNorms.trunkLayers(mmanet);
        assertFalse(trunk.isEmpty());
        for (String layer : trunk) {
            assertFalse(layer.startsWith(GraphNames.TEACHER_PREFIX), layer);
            assertFalse(layer.startsWith(GraphNames.REG_PREFIX), layer);
        }
        assertFalse(trunk.contains(GraphNames.LOGITS));
        assertFalse(trunk.contains(GraphNames.OUT));
        long trunkParams = trunk.stream().mapToLong(l -> mmanet.getLayer(l).numParams()).sum();
        long deploymentParams = TrainingGraphs.extractDeployment(mmanet).numParams();
        assertEquals(deploymentParams - mmanet.getLayer(GraphNames.LOGITS).numParams(), trunkParams,
                "every deployment parameter but the classifier's");
    }

    @Test
    void leavesTheCallersGraphAsItWas() {
        INDArray before = mmanet.params().dup();
        INDArray updaterBefore = mmanet.getUpdater().getStateViewArray() == null ? null
                : mmanet.getUpdater().getStateViewArray().dup();
        TermGradientNorms.measure(mmanet, batch(true, 5));
        assertEquals(before, mmanet.params(), "parameters and batch-norm statistics unchanged");
        if (updaterBefore != null) {
            assertEquals(updaterBefore, mmanet.getUpdater().getStateViewArray());
        }
        assertEquals(GraphNames.OUT, mmanet.getConfiguration().getNetworkOutputs().get(0));
    }
}
