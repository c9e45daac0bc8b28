package io.mmanet.networks.train;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.mar.MarMemoryBank;
import io.mmanet.networks.mar.WeakCombinationMiner;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.method.OptimizerSettings;
import io.mmanet.networks.testing.SyntheticProblem;
import io.mmanet.networks.testing.TinyNetworks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class LocalTrainerTest {
    private static final int BATCH = 32;

    /** Fast settings for tiny problems: lr 0.02, no lr warm-up, no weight decay. */
    private static MethodSettings fast(Method method, int warmupEpochs, int... mining) {
        return MethodSettings.paperDefaults(method).withWarmupEpochs(warmupEpochs, mining)
                .withOptimizer(new OptimizerSettings(0.02, 0.9, 0.0, false, new int[0], 0.1));
    }

    private static List<float[][][]> batches(float[][][] pixels) {
        List<float[][][]> b = new ArrayList<>();
        for (int i = 0; i < pixels.length; i += BATCH) {
            b.add(Arrays.copyOfRange(pixels, i, Math.min(pixels.length, i + BATCH)));
        }
        return b;
    }

    private static List<MultiDataSet> epochData(BatchAssembler a, SyntheticProblem p, Random r,
                                                Set<ModalityCombination> weak, boolean afterWarmup) {
        return p.epochData(a, BATCH, r, weak, afterWarmup);
    }

    static double accuracy(ComputationGraph deployment, BatchAssembler a, SyntheticProblem test, ModalityCombination c) {
        INDArray out = deployment.output(false, a.inferenceInputs(test.pixels, c))[GraphNames.OUT_INDEX];
        long[] pred = out.argMax(1).toLongVector();
        int ok = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == test.labels[i]) {
                ok++;
            }
        }
        return ok / (double) pred.length;
    }

    /** SF-MD on a tiny generated 3-modality problem learns far above chance (0.5) within seconds. */
    @Test
    void sfMdLearnsATinyProblem() {
        NetworkSpec spec = TinyNetworks.tiny(DataType.FLOAT);
        SyntheticProblem train = new SyntheticProblem(spec, 1).generate(256);
        SyntheticProblem test = new SyntheticProblem(spec, 2).generate(128);
        BatchAssembler a = new BatchAssembler(spec, Methods.get("sf-md"));
        LocalTrainer trainer = new LocalTrainer(TrainingGraphs.deployment(spec, fast(Methods.get("sf-md"), 0)));
        Random r = new Random(3);
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= 4; epoch++) {
            trainer.fitEpoch(epoch, epochData(a, train, r, null, false));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ComputationGraph deploy = TrainingGraphs.extractDeployment(trainer.graph());
        double sum = 0;
        StringBuilder report = new StringBuilder();
        for (ModalityCombination c : ModalityCombination.all(spec.modalities())) {
            double acc = accuracy(deploy, a, test, c);
            report.append(' ').append(c).append('=').append(String.format("%.3f", acc));
            sum += acc;
            assertTrue(acc > 0.65, c + ": accuracy " + acc);
        }
        double mean = sum / 7;
        LoggerFactory.getLogger(LocalTrainerTest.class).info("SF-MD learnability after {} s: mean accuracy {} over{}",
                String.format("%.1f", seconds), String.format("%.3f", mean), report);
        assertTrue(mean > 0.8, "mean accuracy over the 7 combinations " + mean);
        assertTrue(seconds < 60, "training took " + seconds + " s");
    }

    /**
     * The MMANet loop as the Spark job runs it: teacher (SF, full), then warm-up epochs with CE only
     * and mining after the configured epochs, then the weak set from the bank and MAD + MAR on.
     */
    @Test
    void mmanetRunWithWarmupMiningAndWeakSet() {
        NetworkSpec spec = TinyNetworks.tiny(DataType.FLOAT);
        SyntheticProblem train = new SyntheticProblem(spec, 4).generate(128);
        SyntheticProblem val = new SyntheticProblem(spec, 5).generate(64);
        Random r = new Random(6);

        MethodSettings teacherSettings = fast(Methods.get("sf"), 0);
        LocalTrainer teacher = new LocalTrainer(TrainingGraphs.teacher(spec, teacherSettings));
        BatchAssembler sf = new BatchAssembler(spec, Methods.get("sf"), teacherSettings.fixedCombination(spec.modalities()));
        for (int epoch = 1; epoch <= 2; epoch++) {
            teacher.fitEpoch(epoch, epochData(sf, train, r, null, false));
        }
        INDArray teacherParams = teacher.graph().params().dup();

        MethodSettings settings = fast(Methods.get("mmanet"), 2, 1, 2);
        ComputationGraph graph = TrainingGraphs.forMethod(spec, settings, teacher.graph());
        LocalTrainer trainer = new LocalTrainer(graph);
        BatchAssembler a = new BatchAssembler(spec, Methods.get("mmanet"));
        MarMemoryBank bank = new MarMemoryBank(spec.modalities(), settings.klEpsilon());
        Set<ModalityCombination> weak = null;
        for (int epoch = 1; epoch <= 3; epoch++) {
            boolean after = settings.isAfterWarmup(epoch);
            List<MultiDataSet> data = epochData(a, train, r, weak, after);
            LocalTrainer.EpochResult result = trainer.fitEpoch(epoch, data);
            assertTrue(Double.isFinite(result.meanScore()));
            for (MultiDataSet d : data) {
                // Warm-up gating travels in the data: distillation gate and MAR mask.
                assertEquals(after ? d.getLabels(1).length() : 0.0, d.getLabels(1).sumNumber().doubleValue());
                if (!after) {
                    assertEquals(0.0, d.getLabelsMaskArray(2).sumNumber().doubleValue());
                }
            }
            if (settings.isMiningEpoch(epoch)) {
                ComputationGraph deploy = TrainingGraphs.extractDeployment(graph);
                Map<ModalityCombination, long[]> h = LocalTrainer.miningHistograms(deploy, a,
                        WeakCombinationMiner.candidates(spec.modalities()), batches(val.pixels), spec.numClasses());
                for (long[] counts : h.values()) {
                    assertEquals(64, Arrays.stream(counts).sum());
                }
                bank.record(epoch, h);
            }
            if (epoch == settings.warmupEpochs()) {
                weak = bank.weakSet();
                assertEquals(3, weak.size(), "W = c* and its two single-modality subsets");
                assertEquals(2, bank.weakCombination().size());
            }
        }
        assertEquals(teacherParams, teacher.graph().params(), "the standalone teacher is untouched");
    }
}
