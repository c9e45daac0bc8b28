package io.mmanet.networks.graph;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.testing.TinyNetworks;
import io.mmanet.networks.train.LocalTrainer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.mmanet.networks.testing.Bits.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.*;

/** Frozen teacher, absent modalities, deployment extraction: the graph-level acceptance tests. */
class TrainingGraphsTest {
    private static final int N = 8;
    private static NetworkSpec spec;
    private static ComputationGraph teacher;
    private static Map<String, INDArray> teacherParams;
    private static ComputationGraph mmanet;
    private static Map<String, INDArray> deploymentBefore;
    private static Map<String, INDArray> regBefore;
    private static float[][][] pixels;

    /** Trains a teacher a little, then the MMANet graph for a few steps past warm-up (shared by the tests). */
    @BeforeAll
    static void train() {
        spec = TinyNetworks.tiny(DataType.FLOAT);
        MethodSettings settings = MethodSettings.paperDefaults(Methods.get("mmanet")).withWarmupEpochs(0);
        Random r = new Random(11);
        teacher = TrainingGraphs.teacher(spec, settings.withMethod(Methods.get("sf")));
        BatchAssembler sf = new BatchAssembler(spec, Methods.get("sf"));
        LocalTrainer teacherTrainer = new LocalTrainer(teacher);
        teacherTrainer.beginEpoch(1);
        for (int step = 0; step < 2; step++) {
            float[][][] px = TinyNetworks.randomPixels(spec, N, r);
            teacherTrainer.step(sf.assemble(px, TinyNetworks.randomLabels(N, 2, r), sf.drawCombinations(px, r), null, false));
        }
        teacherParams = snapshot(teacher, "");
        mmanet = TrainingGraphs.forMethod(spec, settings, teacher);
        deploymentBefore = snapshot(mmanet, "");
        regBefore = snapshot(mmanet, GraphNames.REG_PREFIX);
        BatchAssembler a = new BatchAssembler(spec, Methods.get("mmanet"));
        Set<ModalityCombination> weak = Set.copyOf(ModalityCombination.parse("rgb+ir", spec.modalities()).subsets());
        LocalTrainer trainer = new LocalTrainer(mmanet);
        trainer.beginEpoch(1);
        for (int step = 0; step < 4; step++) {
            float[][][] px = TinyNetworks.randomPixels(spec, N, r);
            if (step == 0) {
                px[1][2] = null; // naturally incomplete samples go through the teacher with their availability mask
                px[3][0] = null;
            }
            ModalityCombination[] drawn = a.drawCombinations(px, r);
            drawn[2] = ModalityCombination.parse("rgb", spec.modalities()); // at least one MAR sample per batch
            MultiDataSet mds = a.assemble(px, TinyNetworks.randomLabels(N, 2, r), drawn, weak, true);
            trainer.step(mds);
            assertTrue(Double.isFinite(mmanet.score()));
        }
        pixels = TinyNetworks.randomPixels(spec, N, new Random(99));
    }

    /** Params of every layer whose name starts with {@code prefix} (prefix "" = deployment layers only). */
    private static Map<String, INDArray> snapshot(ComputationGraph g, String prefix) {
        Map<String, INDArray> m = new HashMap<>();
        for (Layer l : g.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            boolean deployment = !name.startsWith(GraphNames.TEACHER_PREFIX) && !name.startsWith(GraphNames.REG_PREFIX);
            boolean wanted = prefix.isEmpty() ? deployment : name.startsWith(prefix);
            if (wanted && l.numParams() > 0) {
                m.put(name, l.params().dup());
            }
        }
        return m;
    }

    @Test
    void frozenTeacherIsBitIdenticalAfterTraining() {
        assertFalse(teacherParams.isEmpty());
        for (Map.Entry<String, INDArray> e : teacherParams.entrySet()) {
            INDArray inGraph = mmanet.getLayer(GraphNames.TEACHER_PREFIX + e.getKey()).params();
            // BN layers' params include their running mean and log-std: statistics are covered too.
            assertBitIdentical(e.getValue(), inGraph, "teacher layer " + e.getKey());
        }
        // The teacher inside the graph computes exactly what the trained teacher computes (inference-mode BN).
        BatchAssembler a = new BatchAssembler(spec, Methods.get("mmanet"));
        ModalityCombination full = ModalityCombination.full(spec.modalities());
        ModalityCombination[] drawn = new ModalityCombination[N];
        java.util.Arrays.fill(drawn, full);
        MultiDataSet mds = a.assemble(pixels, new int[N], drawn, null, false);
        Map<String, INDArray> acts = mmanet.feedForward(mds.getFeatures(), false);
        INDArray teacherLogits = teacher.feedForward(a.inferenceInputs(pixels, full), false).get(GraphNames.LOGITS);
        assertBitIdentical(teacherLogits, acts.get(GraphNames.TEACHER_PREFIX + GraphNames.LOGITS), "teacher logits");
        // Inference-mode BN even in a training forward pass: same bits as the standalone teacher's inference.
        Map<String, INDArray> trainActs = mmanet.feedForward(mds.getFeatures(), true);
        assertBitIdentical(teacherLogits, trainActs.get(GraphNames.TEACHER_PREFIX + GraphNames.LOGITS),
                "teacher logits in a training-mode forward");
        assertNotEquals(teacher.feedForward(a.inferenceInputs(pixels, full), true).get(GraphNames.LOGITS), teacherLogits,
                "a training-mode (batch statistics) teacher would differ");
    }

    @Test
    void everyDeploymentParameterMoved() {
        List<String> unmoved = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : deploymentBefore.entrySet()) {
            INDArray now = mmanet.getLayer(e.getKey()).params();
            INDArray before = e.getValue();
            for (long i = 0; i < before.length(); i++) {
                if (before.getDouble(i) == now.getDouble(i)) {
                    unmoved.add(e.getKey() + "[" + i + "]");
                }
            }
        }
        assertTrue(deploymentBefore.size() > 20, "deployment layers with parameters: " + deploymentBefore.size());
        assertTrue(unmoved.isEmpty(), "deployment parameters that did not move: " + unmoved);
        // The regularization network trains too (element-wise a dead ReLU channel may keep its BN
        // scale and shift after a few steps, so this is per layer).
        assertTrue(regBefore.size() > 5);
        for (Map.Entry<String, INDArray> e : regBefore.entrySet()) {
            assertNotEquals(e.getValue(), mmanet.getLayer(e.getKey()).params(), "reg layer " + e.getKey() + " did not move");
        }
    }

    @Test
    void absentModalityCannotChangeTheOutput() {
        ComputationGraph deploy = TrainingGraphs.extractDeployment(mmanet);
        BatchAssembler a = new BatchAssembler(spec, Methods.get("mmanet"));
        ModalityCombination rgbDepth = ModalityCombination.parse("rgb+depth", spec.modalities());
        float[][][] zeroIr = copy(pixels);
        float[][][] randomIr = copy(pixels);
        float[][][] hugeIr = copy(pixels);
        Random r = new Random(5);
        for (int i = 0; i < N; i++) {
            zeroIr[i][2] = new float[zeroIr[i][2].length];
            randomIr[i][2] = TinyNetworks.randomImage(spec, 2, r);
            for (int k = 0; k < hugeIr[i][2].length; k++) {
                hugeIr[i][2][k] = 1000f * (float) r.nextGaussian();
            }
        }
        INDArray ref = deploy.outputSingle(a.inferenceInputs(pixels, rgbDepth));
        assertBitIdentical(ref, deploy.outputSingle(a.inferenceInputs(zeroIr, rgbDepth)), "IR zeroed");
        assertBitIdentical(ref, deploy.outputSingle(a.inferenceInputs(randomIr, rgbDepth)), "IR randomized");
        assertBitIdentical(ref, deploy.outputSingle(a.inferenceInputs(hugeIr, rgbDepth)), "IR huge");
        // Training-mode forward (batch-statistics BN) with the combination fixed for the batch: same.
        INDArray trainRef = deploy.output(true, a.inferenceInputs(pixels, rgbDepth))[0];
        assertBitIdentical(trainRef, deploy.output(true, a.inferenceInputs(randomIr, rgbDepth))[0], "IR randomized, training mode");
        // And the IR input does matter when IR is present.
        ModalityCombination full = ModalityCombination.full(spec.modalities());
        assertNotEquals(deploy.outputSingle(a.inferenceInputs(pixels, full)),
                deploy.outputSingle(a.inferenceInputs(hugeIr, full)));
    }

    private static float[][][] copy(float[][][] p) {
        float[][][] c = new float[p.length][][];
        for (int i = 0; i < p.length; i++) {
            c[i] = new float[p[i].length][];
            for (int m = 0; m < p[i].length; m++) {
                c[i][m] = p[i][m] == null ? null : p[i][m].clone();
            }
        }
        return c;
    }

    @Test
    void extractedDeploymentIsExactForEveryCombinationAndSurvivesModelSerializer(@TempDir File dir) throws IOException {
        ComputationGraph deploy = TrainingGraphs.extractDeployment(mmanet);
        assertEquals(GraphNames.deploymentInputs(spec.modalities()), deploy.getConfiguration().getNetworkInputs());
        assertEquals(List.of(GraphNames.OUT), deploy.getConfiguration().getNetworkOutputs());
        for (String v : deploy.getConfiguration().getVertices().keySet()) {
            assertFalse(v.startsWith(GraphNames.TEACHER_PREFIX) || v.startsWith(GraphNames.REG_PREFIX)
                    || v.startsWith("kd_"), "extracted graph holds " + v);
        }
        File file = new File(dir, "deployment.zip");
        ModelSerializer.writeModel(deploy, file, false);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, false);
        File trainingFile = new File(dir, "mmanet.zip");
        ModelSerializer.writeModel(mmanet, trainingFile, true);
        ComputationGraph restoredTraining = ModelSerializer.restoreComputationGraph(trainingFile, true);

        BatchAssembler a = new BatchAssembler(spec, Methods.get("mmanet"));
        for (ModalityCombination c : ModalityCombination.all(spec.modalities())) {
            ModalityCombination[] drawn = new ModalityCombination[N];
            java.util.Arrays.fill(drawn, c);
            MultiDataSet mds = a.assemble(pixels, new int[N], drawn, null, false);
            INDArray expected = mmanet.output(false, mds.getFeatures())[GraphNames.OUT_INDEX];
            INDArray[] in = a.inferenceInputs(pixels, c);
            assertBitIdentical(expected, deploy.outputSingle(in), "extracted, " + c);
            assertBitIdentical(expected, restored.outputSingle(in), "extracted + ModelSerializer, " + c);
            assertBitIdentical(expected, restoredTraining.output(false, mds.getFeatures())[GraphNames.OUT_INDEX],
                    "training graph + ModelSerializer, " + c);
        }
        assertTrue(file.length() < trainingFile.length() / 2, "deployment file is much smaller than the training graph");
    }
}
