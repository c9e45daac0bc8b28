package io.mmanet.methods.metakd;

import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.DecodedRows;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.testing.TinyNetworks;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.mmanet.networks.testing.DoublePrecision;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * MetaKD's losses and vertices: gradient checks (double), values against an independent
 * plain-Java reference of the formulas of spec 7.2, and the meta-gradient of theta against
 * finite differences of the validation loss.
 */
@ExtendWith(DoublePrecision.class)
class MetaKdGradientTest {
    private static final int M = 3;
    private static GraphBuilder builder() {
        return new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).graphBuilder();
    }

    private static boolean check(ComputationGraph g, INDArray[] in, INDArray[] labels) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(in).labels(labels)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
    }

    private static INDArray rand(Random r, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** Rows: full, one absent, two absent (the single present one has no pair), full, one absent. */
    private static INDArray presence() {
        return Nd4j.create(new double[][] {{1, 1, 1}, {1, 0, 1}, {0, 1, 0}, {1, 1, 1}, {0, 1, 1}});
    }

    private static INDArray weights(int n) {
        INDArray w = Nd4j.create(new double[] {0.5, 0.2, 0.3}).reshape(1, M);
        return w.repeat(0, n);
    }

    // ---- independent reference of L_KD (per sample), written from the formula, not the loss's code ----

    /** lambda * sum over ordered pairs (i teacher, j student), both present, i != j, of w_i/w_j * mean_d |t_i - s_j|. */
    private static double referenceKd(double lambda, double[][] student, double[][] teacher, double[] w, double[] p) {
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w.length; j++) {
                if (i != j && p[i] > 0 && p[j] > 0) {
                    double l1 = 0;
                    for (int k = 0; k < student[j].length; k++) {
                        l1 += Math.abs(teacher[i][k] - student[j][k]);
                    }
                    total += w[i] / w[j] * l1 / student[j].length;
                }
            }
        }
        return lambda * total;
    }

    private static double[][] blocks(INDArray rows, int n, int offset, int d) {
        double[][] b = new double[M][d];
        for (int m = 0; m < M; m++) {
            for (int k = 0; k < d; k++) {
                b[m][k] = rows.getDouble(n, offset + m * d + k);
            }
        }
        return b;
    }

    @Test
    void kdLossMatchesTheReferenceValues() {
        Random r = new Random(3);
        int n = 5;
        int d = 4;
        INDArray s = rand(r, n, M * d);
        INDArray t = rand(r, n, M * d);
        INDArray p = presence();
        INDArray w = weights(n);
        INDArray in = Nd4j.hstack(s, t, w, p);
        INDArray gate = Nd4j.create(new double[] {1, 1, 1, 0, 1}).reshape(n, 1);
        MetaKdLoss loss = new MetaKdLoss(0.1, M, d);
        INDArray perExample = loss.computeScoreArray(gate, in, Activation.IDENTITY.getActivationFunction(), null);
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double ref = gate.getDouble(i, 0) * referenceKd(0.1, blocks(s, i, 0, d), blocks(t, i, 0, d),
                    w.getRow(i).toDoubleVector(), p.getRow(i).toDoubleVector());
            assertEquals(ref, perExample.getDouble(i, 0), 1e-12, "sample " + i);
            mean += ref / n;
        }
        assertTrue(perExample.getDouble(0, 0) > 0);
        assertEquals(0.0, perExample.getDouble(2, 0), "a sample with one modality has no pair");
        assertEquals(mean, loss.computeScore(gate, in, Activation.IDENTITY.getActivationFunction(), null, true), 1e-12);
        // The teacher copy, w and the mask get no gradient (the authors' detach).
        INDArray grad = loss.computeGradient(gate, in, Activation.IDENTITY.getActivationFunction(), null);
        assertEquals(0.0, grad.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(M * d, in.columns())).norm1Number().doubleValue());
    }

    @Test
    void kdLossGradientCheck() {
        Random r = new Random(5);
        int n = 5;
        int d = 3;
        GraphBuilder gb = builder().addInputs("x", "t", "w", "p")
                .setInputTypes(InputType.feedForward(4), InputType.feedForward(M * d), InputType.feedForward(M),
                        InputType.feedForward(M))
                .addLayer("s", new DenseLayer.Builder().nOut(M * d).activation(Activation.TANH).build(), "x")
                .addVertex("in", new MergeVertex(), "s", "t", "w", "p")
                .addLayer("kd", new LossLayer.Builder(new MetaKdLoss(0.7, M, d)).activation(Activation.IDENTITY)
                        .build(), "in")
                .setOutputs("kd");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        assertTrue(check(g, new INDArray[] {rand(r, n, 4), rand(r, n, M * d), weights(n), presence()},
                new INDArray[] {Nd4j.ones(DataType.DOUBLE, n, 1)}));
    }

    // ---- the vertices ----

    private static ComputationGraph blocksGraph(ModalityBlocksVertex.Mode mode) {
        int c = 2;
        GraphBuilder gb = builder().addInputs("x", "s")
                .setInputTypes(InputType.convolutional(3, 3, M * c), InputType.feedForward(M))
                .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nOut(M * c).activation(Activation.TANH).build(), "x");
        String factor = "s";
        if (mode == ModalityBlocksVertex.Mode.WEIGHT) { // w from parameters, so its gradient is checked too
            gb.addLayer("w", new DenseLayer.Builder().nOut(M).activation(Activation.SOFTMAX).build(), "s");
            factor = "w";
        }
        gb.addVertex("blocks", new ModalityBlocksVertex(mode, M), "conv", factor)
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "blocks")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        return g;
    }

    private static INDArray oneHot(int n) {
        INDArray l = Nd4j.zeros(DataType.DOUBLE, n, 2);
        for (int i = 0; i < n; i++) {
            l.putScalar(i, i % 2, 1.0);
        }
        return l;
    }

    @Test
    void meanFillGradientCheck() {
        Random r = new Random(7);
        ComputationGraph g = blocksGraph(ModalityBlocksVertex.Mode.MEAN_FILL);
        assertTrue(check(g, new INDArray[] {rand(r, 5, M * 2, 3, 3), presence()}, new INDArray[] {oneHot(5)}));
    }

    @Test
    void weightingGradientCheck() {
        Random r = new Random(8);
        ComputationGraph g = blocksGraph(ModalityBlocksVertex.Mode.WEIGHT);
        assertTrue(check(g, new INDArray[] {rand(r, 5, M * 2, 3, 3), rand(r, 5, M)}, new INDArray[] {oneHot(5)}));
    }

    @Test
    void vertexValuesMatchTheReference() {
        Random r = new Random(9);
        int n = 5;
        int c = 2;
        INDArray x = rand(r, n, M * c, 2, 2);
        INDArray p = presence();
        INDArray w = rand(r, n, M);
        for (ModalityBlocksVertex.Mode mode : ModalityBlocksVertex.Mode.values()) {
            GraphBuilder gb = builder().addInputs("x", "s")
                    .setInputTypes(InputType.convolutional(2, 2, M * c), InputType.feedForward(M))
                    .addVertex("blocks", new ModalityBlocksVertex(mode, M), "x", "s").setOutputs("blocks");
            ComputationGraph g = new ComputationGraph(gb.build());
            g.init();
            INDArray s = mode == ModalityBlocksVertex.Mode.MEAN_FILL ? p : w;
            INDArray out = g.outputSingle(x, s);
            for (int i = 0; i < n; i++) {
                int present = 0;
                for (int m = 0; m < M; m++) {
                    present += p.getDouble(i, m) > 0 ? 1 : 0;
                }
                for (int m = 0; m < M; m++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int y = 0; y < 2; y++) {
                            for (int z = 0; z < 2; z++) {
                                double expected;
                                if (mode == ModalityBlocksVertex.Mode.WEIGHT) {
                                    expected = w.getDouble(i, m) * x.getDouble(i, m * c + ch, y, z);
                                } else if (p.getDouble(i, m) > 0) {
                                    expected = x.getDouble(i, m * c + ch, y, z);
                                } else {
                                    double sum = 0;
                                    for (int k = 0; k < M; k++) {
                                        sum += p.getDouble(i, k) * x.getDouble(i, k * c + ch, y, z);
                                    }
                                    expected = sum / present;
                                }
                                assertEquals(expected, out.getDouble(i, m * c + ch, y, z), 1e-12,
                                        mode + " sample " + i + " modality " + m);
                            }
                        }
                    }
                }
            }
        }
    }

    // ---- the meta-gradient ----

    @Test
    void metaGradientMatchesFiniteDifferences() {
        NetworkSpec spec = TinyNetworks.tiny(DataType.DOUBLE);
        MethodSettings settings = MethodSettings.paperDefaults(Methods.get("metakd"));
        ComputationGraph training = TrainingGraphs.forMethod(spec, settings, null);
        MetaGraph meta = MetaGraph.build(spec, settings.method());
        meta.copyFrom(training);
        Random r = new Random(11);
        int n = 6;
        float[][][] px = TinyNetworks.randomPixels(spec, n, r);
        px[1][0] = null; // a row without rgb: mean-filled
        px[4][2] = null;
        DecodedRows rows = new DecodedRows(px, TinyNetworks.randomLabels(n, 2, r));
        assertMetaGradientMatchesFiniteDifferences(meta, new double[] {0.4, -0.3, 0.1}, rows);
    }

    /** The meta graph's theta gradient against central differences of its loss; it sums to zero and is not zero. */
    static void assertMetaGradientMatchesFiniteDifferences(MetaGraph meta, double[] theta, DecodedRows rows) {
        double[] grad = meta.gradient(theta, rows);
        double h = 1e-5;
        double sum = 0;
        for (int k = 0; k < theta.length; k++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[k] += h;
            minus[k] -= h;
            double fd = (meta.loss(plus, rows) - meta.loss(minus, rows)) / (2 * h);
            assertEquals(fd, grad[k], 1e-6 + 1e-4 * Math.abs(fd), "d loss / d theta_" + k);
            sum += grad[k];
        }
        assertEquals(0.0, sum, 1e-9, "softmax: the gradient of theta sums to zero");
        assertTrue(Math.abs(grad[0]) > 1e-8, "theta gets a gradient: " + java.util.Arrays.toString(grad));
    }
}
