package io.mmanet.methods.dmrnet;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.mar.WeakCombinationMiner;
import io.mmanet.networks.method.EpochHook;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.method.OptimizerSettings;
import io.mmanet.networks.testing.SegmentationProblem;
import io.mmanet.networks.testing.TinyNetworks;
import io.mmanet.networks.train.LocalEpochContext;
import io.mmanet.networks.train.LocalTrainer;
import io.mmanet.tasks.segmentation.SegmentationTask;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DMRNet on segmentation through the real networks (tiny RGB-D scenes at 64x64, so the stage-4
 * map, and the embedding, is 2x2): where the embedding sits (the decoder's deepest input, its
 * skips untouched; z sampled in training, z = mu in inference and in the exported network), the KL
 * over the spatial embedding against an independent computation of the spec 7.1 formula, the
 * hard-combination regularizer as the per-pixel masked loss on the deployment logits, and a local
 * run that measures the per-combination mean sigma^2 over rows, channels and positions, records it
 * and fixes the hard set at the end of warm-up.
 */
class DmrnetSegmentationTest {
    /** The embedding's vertices in the deployment network (no prefix). */
    private static final String MU = DmrnetMethod.MU + "_bn";
    private static final String LOGVAR = DmrnetMethod.LOGVAR + "_bn";
    private static final NetworkSpec SPEC = SegmentationProblem.spec(DataType.FLOAT).toBuilder().input(64, 64).build();

    private static MethodSettings fast(int warmup, int... mining) {
        return MethodSettings.paperDefaults(Methods.get("dmrnet")).withWarmupEpochs(warmup, mining)
                .withOptimizer(new OptimizerSettings(0.05, 0.9, 0.0, false, new int[0], 0.1));
    }

    private static ComputationGraph graph(MethodSettings s) {
        return TrainingGraphs.forMethod(SPEC, s, (ComputationGraph) null);
    }

    private static <T> T lossOf(ComputationGraph g, String output, Class<T> type) {
        LayerVertex v = (LayerVertex) g.getConfiguration().getVertices().get(output);
        Object layer = v.getLayerConf().getLayer();
        return type.cast(layer instanceof LossLayer l ? l.getLossFn() : ((BaseOutputLayer) layer).getLossFn());
    }

    @Test
    void theEmbeddingIsTheDecodersDeepestInputSampledInTrainingAndTheMeanWhenExported() {
        assertEquals(Set.of("classification", SegmentationTask.NAME), Methods.get("dmrnet").tasks());
        ComputationGraph g = graph(fast(1, 1));
        ComputationGraphConfiguration conf = g.getConfiguration();
        List<String> readersOfZ = new ArrayList<>();
        conf.getVertexInputs().forEach((vertex, inputs) -> {
            if (inputs.contains(DmrnetMethod.Z)) {
                readersOfZ.add(vertex);
            }
        });
        assertEquals(List.of("dec4_conv"), readersOfZ, "only the decoder's first module reads z; the skips read the trunk");

        SegmentationProblem p = new SegmentationProblem(SPEC, 3).generate(4);
        BatchAssembler a = new BatchAssembler(SPEC, Methods.get("dmrnet"));
        INDArray[] in = a.inferenceInputs(p.pixels, ModalityCombination.full(SPEC.modalities()));
        Map<String, INDArray> inference = g.feedForward(in, false);
        INDArray mu = inference.get(MU);
        DmrnetMethod.EmbeddingShape shape = DmrnetMethod.EmbeddingShape.of(SPEC);
        assertArrayEquals(new long[] {4, shape.channels(), 2, 2}, mu.shape(), "a 2x2 map of stage-4 channels");
        assertEquals(mu, inference.get(DmrnetMethod.Z), "inference: z = mu");
        assertEquals(shape.size(), lossOf(g, KlDivergence.KL_OUT, GaussianKlLoss.class).getDimensions(),
                "the KL sums over C*h*w of the embedding");

        Map<String, INDArray> training = g.feedForward(in, true);
        INDArray noise = training.get(DmrnetMethod.Z).sub(training.get(MU));
        assertTrue(noise.amaxNumber().doubleValue() > 1e-3, "training: z = mu + eps * sigma");

        ComputationGraph exported = TrainingGraphs.extractDeployment(g);
        assertNotNull(exported.getVertex(DmrnetMethod.Z));
        assertNull(exported.getVertex(KlDivergence.KL_OUT));
        assertNull(exported.getVertex(HardCombinationRegularizer.HCR_OUT));
        assertEquals(g.output(false, in)[GraphNames.OUT_INDEX], exported.outputSingle(in),
                "the exported network computes the deployment output with z = mu");
    }

    /** Plain Java over [N, C, h, w]: mean over the batch of the sum over c, y, x of 0.5 (e^lv + mu^2 - lv - 1). */
    private static double referenceKl(INDArray mu, INDArray lv, double scale) {
        double total = 0;
        long[] s = mu.shape();
        for (int n = 0; n < s[0]; n++) {
            for (int c = 0; c < s[1]; c++) {
                for (int y = 0; y < s[2]; y++) {
                    for (int x = 0; x < s[3]; x++) {
                        double m = mu.getDouble(n, c, y, x);
                        double l = lv.getDouble(n, c, y, x);
                        total += 0.5 * (Math.exp(l) + m * m - l - 1);
                    }
                }
            }
        }
        return scale * total / s[0];
    }

    @Test
    void klOnTheSpatialEmbeddingIsTheMeanOverTheBatchOfTheSumOverAllDimensions() {
        ComputationGraph g = graph(fast(1, 1));
        SegmentationProblem p = new SegmentationProblem(SPEC, 4).generate(3);
        BatchAssembler a = new BatchAssembler(SPEC, Methods.get("dmrnet"));
        Map<String, INDArray> acts = g.feedForward(a.inferenceInputs(p.pixels, ModalityCombination.full(SPEC.modalities())),
                true);
        INDArray mu = acts.get(MU).castTo(DataType.DOUBLE);
        INDArray lv = acts.get(LOGVAR).castTo(DataType.DOUBLE);
        GaussianKlLoss loss = lossOf(g, KlDivergence.KL_OUT, GaussianKlLoss.class);
        double scale = loss.getScale();
        assertEquals(1e-3, scale);
        double expected = referenceKl(mu, lv, scale);
        double actual = loss.computeScore(Nd4j.ones(DataType.DOUBLE, 3, 1), acts.get("kl_in").castTo(DataType.DOUBLE),
                new ActivationIdentity(), null, true);
        assertTrue(expected > 0);
        assertEquals(expected, actual, 1e-6 * expected, "the graph's kl_in, flattened C-order, scores the formula");

        // The authors' segmentation code averages over the positions instead: our value / (h*w).
        double perPosition = 0;
        for (int n = 0; n < 3; n++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    double s = 0;
                    for (int c = 0; c < mu.size(1); c++) {
                        double m = mu.getDouble(n, c, y, x);
                        double l = lv.getDouble(n, c, y, x);
                        s += 0.5 * (Math.exp(l) + m * m - l - 1);
                    }
                    perPosition += s;
                }
            }
        }
        assertEquals(scale * perPosition / (3 * 4), actual / 4, 1e-6 * expected);
    }

    /** Per-pixel CE of softmax outputs over the pixels of {@code rows} (no class weights; ignored pixels skipped). */
    private static double referencePixelCe(INDArray probs, int[] labels, List<Integer> rows) {
        int hw = SPEC.inputHeight() * SPEC.inputWidth();
        double sum = 0;
        long counted = 0;
        for (int n : rows) {
            for (int p = 0; p < hw; p++) {
                int y = labels[n * hw + p];
                if (y != SegmentationProblem.IGNORE) {
                    sum -= Math.log(probs.getDouble(n, y, p / SPEC.inputWidth(), p % SPEC.inputWidth()));
                    counted++;
                }
            }
        }
        return sum / counted;
    }

    @Test
    void theRegularizerIsThePerPixelLossOfTheDeploymentLogitsOnTheHardRows() {
        MethodSettings s = fast(1, 1);
        ComputationGraph g = graph(s);
        SegmentationProblem p = new SegmentationProblem(SPEC, 5).generate(6);
        BatchAssembler a = new BatchAssembler(SPEC, s.method());
        ModalityCombination depth = ModalityCombination.parse("depth", SPEC.modalities());
        ModalityCombination[] drawn = a.drawCombinations(p.pixels, new Random(1));
        drawn[0] = depth;
        drawn[1] = ModalityCombination.parse("rgb", SPEC.modalities());
        List<Integer> hard = new ArrayList<>();
        for (int i = 0; i < drawn.length; i++) {
            if (drawn[i].equals(depth)) {
                hard.add(i);
            }
        }
        MultiDataSet mds = a.assemble(p.pixels, p.labels, drawn, Set.of(depth), true);
        List<String> outputs = TrainingGraphs.trainingOutputs(s.method());
        int hcr = outputs.indexOf(HardCombinationRegularizer.HCR_OUT);
        INDArray mask = mds.getLabelsMaskArray(hcr);
        assertArrayEquals(mds.getLabels(hcr).shape(), mask.shape(), "[N, C, H, W] labels and mask");
        for (int i = 0; i < drawn.length; i++) {
            double rowSum = mask.slice(i).sumNumber().doubleValue();
            assertEquals(hard.contains(i) ? mask.slice(i).length() : 0, rowSum, 0.0, "row " + i + " drew " + drawn[i]);
        }
        // Only the regularizer counts: the main output's pixels masked out, the KL gate 0.
        INDArray[] masks = mds.getLabelsMaskArrays().clone();
        masks[0] = masks[0].mul(0);
        INDArray[] labels = mds.getLabels().clone();
        labels[outputs.indexOf(KlDivergence.KL_OUT)] = labels[outputs.indexOf(KlDivergence.KL_OUT)].mul(0);
        double hcrOnly = g.score(new org.nd4j.linalg.dataset.MultiDataSet(mds.getFeatures(), labels, null, masks), false);
        INDArray probs = g.output(false, mds.getFeatures())[GraphNames.OUT_INDEX].castTo(DataType.DOUBLE);
        double expected = s.options(DmrnetOptions.class).hcrScale() * referencePixelCe(probs, p.labels, hard);
        assertEquals(expected, hcrOnly, 1e-4 * expected, "hcr-scale x mean CE over the hard rows' labelled pixels");
    }

    /** Independent mean of exp(log sigma^2) over the rows, channels and positions, per combination. */
    private static Map<ModalityCombination, Double> referenceVariance(ComputationGraph g, SegmentationProblem val) {
        ComputationGraph deploy = TrainingGraphs.extractDeployment(g);
        BatchAssembler a = new BatchAssembler(SPEC, Methods.get("dmrnet"));
        Map<ModalityCombination, Double> out = new LinkedHashMap<>();
        for (ModalityCombination c : WeakCombinationMiner.candidates(SPEC.modalities())) {
            INDArray lv = deploy.feedForward(a.inferenceInputs(val.pixels, c), false).get(LOGVAR);
            assertEquals(4, lv.rank());
            double[] flat = lv.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            out.put(c, Arrays.stream(flat).map(Math::exp).sum() / flat.length);
        }
        return out;
    }

    @Test
    void aLocalRunMinesTheHardSetFromTheSpatialVariancesAndRegularizesIt() {
        MethodSettings s = fast(2, 1, 2);
        ComputationGraph graph = graph(s);
        SegmentationProblem train = new SegmentationProblem(SPEC, 1).generate(16);
        SegmentationProblem val = new SegmentationProblem(SPEC, 2).generate(8);
        LocalEpochContext context = new LocalEpochContext(SPEC, s, graph,
                List.of(new LocalTrainer.LabelledBatch(val.pixels, val.labels)));
        LocalTrainer trainer = new LocalTrainer(graph);
        BatchAssembler a = new BatchAssembler(SPEC, s.method());
        Random r = new Random(8);
        Map<ModalityCombination, Double> atEndOfWarmup = null;
        List<MultiDataSet> afterWarmup = List.of();
        for (int epoch = 1; epoch <= 3; epoch++) {
            List<MultiDataSet> data = train.epochData(a, 8, r, context.weakSet(), s.isAfterWarmup(epoch));
            assertTrue(Double.isFinite(trainer.fitEpoch(epoch, data).meanScore()));
            if (epoch == 2) {
                atEndOfWarmup = referenceVariance(graph, val);
            }
            for (EpochHook h : s.method().epochHooks()) {
                h.afterEpoch(epoch, context);
            }
            if (s.isAfterWarmup(epoch)) {
                afterWarmup = data;
            }
        }
        VarianceBank.State state = context.get(HardCombinationMining.STATE_KEY, VarianceBank.State.class);
        assertEquals(List.of(1, 2), state.epochs.stream().map(e -> e.epoch).toList());
        Map<String, Double> recorded = state.epochs.get(1).meanVariance;
        atEndOfWarmup.forEach((c, v) -> assertEquals(v, recorded.get(c.toString()), 1e-5 * v,
                c + ": mean sigma^2 over rows, channels and positions"));
        VarianceBank bank = new VarianceBank(SPEC.modalities(), state);
        assertEquals(bank.hardSet(), context.weakSet(), "the hard set is published to the workers");
        assertEquals(1, context.weakSet().size(), "M = 2: the modality with the larger variance");
        assertEquals(List.of(context.weakSet().iterator().next().toString()), state.hardSet);
        double a1 = bank.accumulated().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertEquals(a1, bank.accumulated().get(context.weakSet().iterator().next()), 0.0);

        int hcr = TrainingGraphs.trainingOutputs(s.method()).indexOf(HardCombinationRegularizer.HCR_OUT);
        double selected = 0;
        for (MultiDataSet b : afterWarmup) {
            selected += b.getLabelsMaskArray(hcr).sumNumber().doubleValue();
        }
        assertTrue(selected > 0, "after warm-up the regularizer selects the rows that drew the hard modality");
    }

    @Test
    void classificationKeepsItsKlDimension() {
        NetworkSpec tiny = TinyNetworks.tiny(DataType.FLOAT);
        assertEquals(tiny.featureSize(), DmrnetMethod.EmbeddingShape.of(tiny).size());
        ComputationGraph g = TrainingGraphs.forMethod(tiny, MethodSettings.paperDefaults(Methods.get("dmrnet")),
                (ComputationGraph) null);
        assertEquals(new GaussianKlLoss(1e-3, tiny.featureSize()), lossOf(g, KlDivergence.KL_OUT, GaussianKlLoss.class));
    }
}
