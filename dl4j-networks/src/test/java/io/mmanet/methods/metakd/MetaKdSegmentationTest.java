package io.mmanet.methods.metakd;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.DecodedRows;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.MethodState;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.method.OptimizerSettings;
import io.mmanet.networks.testing.DoublePrecision;
import io.mmanet.networks.testing.SegmentationProblem;
import io.mmanet.networks.testing.TinyNetworks;
import io.mmanet.tasks.segmentation.SegmentationTask;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * MetaKD on the segmentation task (spec 7.2, the authors' BraTS setting): the distillation on the
 * spatial modality blocks of the segmentation network's fused tensor (gradient check in double,
 * values against a plain-Java computation from the 4-D activations), the mean fill there, and the
 * meta-gradient of theta on per-pixel labels against finite differences and an independent
 * per-pixel cross-entropy.
 */
@ExtendWith(DoublePrecision.class)
class MetaKdSegmentationTest {
    private static final MethodSettings SETTINGS = MethodSettings.paperDefaults(Methods.get("metakd"))
            .withOptimizer(new OptimizerSettings(0.05, 0.9, 0.0, false, new int[0], 0.1));

    /** Three modalities, a non-square 32x64 input (fused tensor 4x8), three classes. */
    private static NetworkSpec threeModalities() {
        return NetworkSpec.builder(Modalities.rgbDepthIr()).input(32, 64).stemWidth(4).stageWidths(4, 8, 8, 8)
                .blocksPerStage(1, 1, 1, 1).seReduction(4).numClasses(3).task(new SegmentationTask()).seed(7)
                .dataType(DataType.DOUBLE).build();
    }

    private static int[] pixelLabels(NetworkSpec spec, int n, Random r) {
        int[] l = new int[n * spec.inputHeight() * spec.inputWidth()];
        for (int k = 0; k < l.length; k++) {
            l[k] = r.nextInt(10) == 0 ? SegmentationProblem.IGNORE : r.nextInt(spec.numClasses());
        }
        return l;
    }

    private static INDArray rand(Random r, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** Value (c, y, z) of modality block m of sample n of a [N, M*C, h, w] map with C = channels. */
    private static double block(INDArray x, int n, int m, int c, int y, int z, int channels) {
        return x.getDouble(n, (long) m * channels + c, y, z);
    }

    // ---- the distillation loss on spatial blocks ----

    @Test
    void kdLossOnSpatialBlocksGradientCheck() {
        int m = 3;
        int c = 2;
        int h = 2;
        int w = 3;
        int n = 4;
        Random r = new Random(21);
        // Student blocks from a convolution, flattened as ModalityDistillation flattens the fused
        // tensor; the teacher copy is an input (its gradient is zero by design, the authors' detach).
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("x", "t", "w", "p")
                .setInputTypes(InputType.convolutional(h, w, 3), InputType.convolutional(h, w, m * c),
                        InputType.feedForward(m), InputType.feedForward(m))
                .addLayer("f", new ConvolutionLayer.Builder(1, 1).nOut(m * c).activation(Activation.TANH).build(), "x")
                .addVertex("s_flat", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(h, w, m * c)), "f")
                .addVertex("t_flat", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(h, w, m * c)), "t")
                .addVertex("in", new MergeVertex(), "s_flat", "t_flat", "w", "p")
                .addLayer("kd", new LossLayer.Builder(new MetaKdLoss(0.7, m, (long) c * h * w))
                        .activation(Activation.IDENTITY).build(), "in")
                .setOutputs("kd").build());
        g.init();
        INDArray presence = Nd4j.create(new double[][] {{1, 1, 1}, {1, 0, 1}, {0, 1, 0}, {0, 1, 1}});
        INDArray weights = Nd4j.create(new double[] {0.5, 0.2, 0.3}).reshape(1, m).repeat(0, n);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {rand(r, n, 3, h, w), rand(r, n, m * c, h, w), weights, presence})
                .labels(new INDArray[] {Nd4j.ones(DataType.DOUBLE, n, 1)})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false)));
    }

    /**
     * The kd term of the segmentation training graph equals kd-weight * mean over the batch of
     * sum over ordered present pairs (i, j) of (w_i / w_j) * mean over (C, h, w) of |f_i - f_j|,
     * computed here from the 4-D fused tensor; absent blocks are mean-filled before the trunk.
     */
    @Test
    void kdTermOfTheSegmentationGraphMatchesTheFormulaOnTheFusedMaps() {
        NetworkSpec spec = threeModalities();
        ComputationGraph g = TrainingGraphs.forMethod(spec, SETTINGS, null);
        double[] theta = {0.3, -0.2, 0.5};
        g.setParam(ModalityDistillation.THETA + "_W", Nd4j.create(theta, new long[] {1, 3}, 'c'));
        Random r = new Random(22);
        int n = 4;
        float[][][] px = TinyNetworks.randomPixels(spec, n, r);
        Modalities mods = spec.modalities();
        ModalityCombination[] drawn = {ModalityCombination.full(mods), ModalityCombination.parse("rgb+ir", mods),
                ModalityCombination.parse("depth", mods), ModalityCombination.parse("depth+ir", mods)};
        BatchAssembler a = new BatchAssembler(spec, SETTINGS.method());
        MultiDataSet batch = a.assemble(px, pixelLabels(spec, n, r), drawn, MethodState.of(false, null));

        g.score(batch, false);
        double kd = g.getLayer(GraphNames.KD_OUT).score();
        var acts = g.feedForward(batch.getFeatures(), false);
        INDArray fused = acts.get("fuse");
        INDArray filled = acts.get("fuse_mean_fill");
        assertArrayEquals(new long[] {n, 3 * 8, 4, 8}, fused.shape(), "fused tensor at 1/8 of 32x64");
        double[] w = MetaStep.softmax(theta);
        int channels = 8;
        double expected = 0;
        for (int s = 0; s < n; s++) {
            boolean[] present = new boolean[3];
            int count = 0;
            for (int m = 0; m < 3; m++) {
                present[m] = drawn[s].contains(m);
                count += present[m] ? 1 : 0;
            }
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    if (i == j || !present[i] || !present[j]) {
                        continue;
                    }
                    double l1 = 0;
                    for (int c = 0; c < channels; c++) {
                        for (int y = 0; y < 4; y++) {
                            for (int z = 0; z < 8; z++) {
                                l1 += Math.abs(block(fused, s, i, c, y, z, channels) - block(fused, s, j, c, y, z, channels));
                            }
                        }
                    }
                    expected += w[i] / w[j] * l1 / (channels * 4 * 8);
                }
            }
            for (int m = 0; m < 3; m++) { // the mean fill of the trunk input
                for (int c = 0; c < channels; c++) {
                    double mean = 0;
                    for (int k = 0; k < 3; k++) {
                        mean += present[k] ? block(fused, s, k, c, 1, 5, channels) / count : 0;
                    }
                    double want = present[m] ? block(fused, s, m, c, 1, 5, channels) : mean;
                    assertEquals(want, block(filled, s, m, c, 1, 5, channels), 1e-12, "sample " + s + " block " + m);
                }
            }
        }
        expected *= MetaKdSettings.of(SETTINGS).kdWeight() / n;
        assertTrue(expected > 0);
        assertEquals(expected, kd, 1e-10 * expected);
    }

    // ---- the meta step on per-pixel labels ----

    @Test
    void metaGradientOnPerPixelLabelsMatchesFiniteDifferencesAndThePixelCrossEntropy() {
        NetworkSpec spec = SegmentationProblem.spec(DataType.DOUBLE);
        int hw = spec.inputHeight() * spec.inputWidth();
        ComputationGraph training = TrainingGraphs.forMethod(spec, SETTINGS, null);
        MetaGraph meta = MetaGraph.build(spec, SETTINGS.method());
        meta.copyFrom(training);
        SegmentationProblem val = new SegmentationProblem(spec, 23).generate(4);
        val.pixels[1][0] = null; // a row without rgb: mean-filled
        DecodedRows rows = new DecodedRows(val.pixels, val.labels, hw);
        double[] theta = {0.4, -0.3};
        double loss = meta.loss(theta, rows);

        // The loss is the per-pixel CE of the w-weighted network over the labelled pixels (class
        // weights 1 without a corpus), computed here from its output probabilities.
        INDArray p = meta.graph().output(true, meta.data(rows).getFeatures())[0];
        assertArrayEquals(new long[] {4, 3, 32, 32}, p.shape());
        double ce = 0;
        long counted = 0;
        for (int s = 0; s < 4; s++) {
            for (int k = 0; k < hw; k++) {
                int y = rows.labels()[s * hw + k];
                if (y != SegmentationProblem.IGNORE) {
                    ce -= Math.log(p.getDouble(s, y, k / 32, k % 32));
                    counted++;
                }
            }
        }
        assertTrue(counted < 4L * hw, "the border is ignored");
        assertEquals(ce / counted, loss, 1e-9);

        MetaKdGradientTest.assertMetaGradientMatchesFiniteDifferences(meta, theta, rows);
    }

    @Test
    void rowsWithOneLabelPerRowAreRefusedBySegmentation() {
        NetworkSpec spec = SegmentationProblem.spec(DataType.DOUBLE);
        MetaGraph meta = MetaGraph.build(spec, SETTINGS.method());
        SegmentationProblem val = new SegmentationProblem(spec, 24).generate(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> meta.loss(new double[2], new DecodedRows(val.pixels, new int[] {0, 1})));
        assertTrue(e.getMessage().contains("1024 labels per row"), e.getMessage());
    }
}
