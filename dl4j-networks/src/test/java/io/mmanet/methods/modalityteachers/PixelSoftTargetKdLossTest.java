package io.mmanet.methods.modalityteachers;

import io.mmanet.networks.testing.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * modality-teachers on segmentation: the soft-target KL per pixel on a {@code CnnLossLayer},
 * averaged over each sample's labelled pixels, then over the batch. Values through a real graph
 * against plain-Java loops over [N, (M+1)C, H, W] (ignored pixels, and a sample with none
 * labelled), and GradientCheckUtil in double precision through convolution branches.
 */
@ExtendWith(DoublePrecision.class)
class PixelSoftTargetKdLossTest {
    private static final int CLASSES = 3;
    private static final double[] ALPHA = {0.5, 1.5};
    private static final double T = 2.0;

    /** The student and two teachers, 1x1 convolutions of the input, merged, the per-pixel KD loss. */
    private static ComputationGraph graph(int h, int w) {
        GraphBuilder gb = new NeuralNetConfiguration.Builder().seed(21).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("x")
                .setInputTypes(InputType.convolutional(h, w, 2));
        String[] branches = {"s", "t1", "t2"};
        for (String b : branches) {
            gb.addLayer(b, new ConvolutionLayer.Builder(1, 1).nOut(CLASSES).convolutionMode(ConvolutionMode.Same)
                    .activation(Activation.IDENTITY).build(), "x");
        }
        gb.addVertex("m", new MergeVertex(), branches)
                .addLayer("kd", new CnnLossLayer.Builder(new SoftTargetKdLoss(ALPHA, T, CLASSES, (long) h * w))
                        .activation(Activation.IDENTITY).build(), "m")
                .setOutputs("kd");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        g.params().muli(3); // logits of a few units, so the softmaxes are not flat
        return g;
    }

    /** Labels shaped like the input: 1 on a labelled pixel, 0 on an ignored one, every channel equal. */
    private static INDArray gates(double[][][] labelled) {
        int n = labelled.length;
        int h = labelled[0].length;
        int w = labelled[0][0].length;
        INDArray g = Nd4j.zeros(DataType.DOUBLE, n, (ALPHA.length + 1) * CLASSES, h, w);
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < g.size(1); c++) {
                        g.putScalar(new long[] {i, c, y, x}, labelled[i][y][x]);
                    }
                }
            }
        }
        return g;
    }

    /** 1/N sum_n mean over the labelled pixels of sample n of the per-pixel formula; 0 for a sample with none. */
    private static double reference(INDArray logits, double[][][] labelled) {
        int n = (int) logits.size(0);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int count = 0;
            for (int y = 0; y < logits.size(2); y++) {
                for (int x = 0; x < logits.size(3); x++) {
                    if (labelled[i][y][x] == 0) {
                        continue;
                    }
                    double[] s = new double[CLASSES];
                    double[][] te = new double[ALPHA.length][CLASSES];
                    for (int c = 0; c < CLASSES; c++) {
                        s[c] = logits.getDouble(i, c, y, x);
                        for (int m = 0; m < ALPHA.length; m++) {
                            te[m][c] = logits.getDouble(i, (m + 1) * CLASSES + c, y, x);
                        }
                    }
                    sum += SoftTargetKdLossTest.reference(s, te, ALPHA, T);
                    count++;
                }
            }
            total += count == 0 ? 0 : sum / count;
        }
        return total / n;
    }

    private static double[][][] labelled(int n, int h, int w, Random r) {
        double[][][] l = new double[n][h][w];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    l[i][y][x] = i == n - 1 ? 0 : (r.nextDouble() < 0.3 ? 0 : 1); // the last sample: all ignored
                }
            }
        }
        l[0][0][0] = 0;
        l[0][1][2] = 1;
        return l;
    }

    @Test
    void scoreIsTheMeanOverLabelledPixelsThenOverTheBatch() {
        int n = 4;
        int h = 3;
        int w = 4;
        Random r = new Random(8);
        ComputationGraph g = graph(h, w);
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, 2, h, w).subi(0.5).muli(2);
        double[][][] labelled = labelled(n, h, w, r);
        INDArray gates = gates(labelled);
        INDArray kdIn = g.feedForward(new INDArray[] {x}, false).get("m");
        double expected = reference(kdIn, labelled);
        assertTrue(expected > 0);
        MultiDataSet mds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {gates}, null,
                new INDArray[] {Nd4j.onesLike(gates)});
        assertEquals(expected, g.score(mds), 1e-10, "the graph's score");
        // Changing an ignored pixel's logits (through the input) changes nothing; a labelled one does.
        INDArray y = x.dup();
        y.putScalar(new long[] {0, 0, 0, 0}, 5.0);
        assertEquals(expected, g.score(new MultiDataSet(new INDArray[] {y}, new INDArray[] {gates}, null,
                new INDArray[] {Nd4j.onesLike(gates)})), 1e-10, "an ignored pixel adds nothing");
        y.putScalar(new long[] {0, 0, 1, 2}, 5.0);
        assertNotEquals(expected, g.score(new MultiDataSet(new INDArray[] {y}, new INDArray[] {gates}, null,
                new INDArray[] {Nd4j.onesLike(gates)})), 1e-6);
        // The per-example score the layer reports sums the sample's weighted pixels: its own mean.
        INDArray perExample = g.scoreExamples(mds, false);
        assertEquals(0.0, perExample.getDouble(n - 1), 0.0, "no labelled pixel: no loss");
        assertEquals(expected * n, perExample.sumNumber().doubleValue(), 1e-10);
        // A label mask switches a sample off (it multiplies the gate); the batch mean still divides by N.
        INDArray mask = Nd4j.onesLike(gates);
        mask.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).assign(0);
        assertEquals(expected - perExample.getDouble(1) / n, g.score(new MultiDataSet(new INDArray[] {x},
                new INDArray[] {gates}, null, new INDArray[] {mask})), 1e-10);
    }

    @Test
    void oneRowPerExampleIsTheClassificationLoss() {
        INDArray in = Nd4j.rand(DataType.DOUBLE, 5, (ALPHA.length + 1) * CLASSES).muli(4);
        INDArray gate = Nd4j.create(new double[] {1, 0, 1, 1, 1}, new long[] {5, 1});
        var act = new org.nd4j.linalg.activations.impl.ActivationIdentity();
        SoftTargetKdLoss classification = new SoftTargetKdLoss(ALPHA, T, CLASSES);
        assertEquals(classification, new SoftTargetKdLoss(ALPHA, T, CLASSES, 1));
        assertNotEquals(classification, new SoftTargetKdLoss(ALPHA, T, CLASSES, 12));
        assertEquals(classification.computeScoreArray(gate, in, act, null),
                new SoftTargetKdLoss(ALPHA, T, CLASSES, 1).computeScoreArray(gate, in, act, null));
        assertThrows(IllegalArgumentException.class, () -> new SoftTargetKdLoss(ALPHA, T, CLASSES, 2)
                .computeScoreArray(gate, in, act, null), "5 rows are not whole examples of 2 pixels");
    }

    @Test
    void gradientCheckWithIgnoredPixels() {
        int n = 3;
        int h = 2;
        int w = 3;
        ComputationGraph g = graph(h, w);
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, 2, h, w).subi(0.5).muli(2);
        double[][][] labelled = labelled(n, h, w, new Random(2));
        labelled[1][1][1] = 0;
        INDArray gates = gates(labelled);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {gates})
                .labelMask(new INDArray[] {Nd4j.onesLike(gates)}).epsilon(1e-6).maxRelError(1e-5)
                .minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false)));
    }
}
