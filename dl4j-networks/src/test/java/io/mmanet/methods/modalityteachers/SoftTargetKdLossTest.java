package io.mmanet.methods.modalityteachers;

import io.mmanet.networks.testing.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The soft-target KD loss of modality-teachers: values against an independent plain-Java
 * implementation of sum_m alpha_m T^2 KL(softmax(t_m/T) || softmax(s/T)) (batchmean),
 * and GradientCheckUtil in double precision through a graph with a student and three teachers.
 */
@ExtendWith(DoublePrecision.class)
class SoftTargetKdLossTest {
    /** The formula as written, softmax and KL straight from their definitions. */
    static double reference(double[] student, double[][] teachers, double[] alpha, double t) {
        double[] p = softmax(student, t);
        double loss = 0;
        for (int m = 0; m < teachers.length; m++) {
            double[] q = softmax(teachers[m], t);
            double kl = 0;
            for (int c = 0; c < q.length; c++) {
                kl += q[c] * Math.log(q[c] / p[c]);
            }
            loss += alpha[m] * t * t * kl;
        }
        return loss;
    }

    private static double[] softmax(double[] z, double t) {
        double sum = 0;
        double[] e = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            e[c] = Math.exp(z[c] / t);
            sum += e[c];
        }
        for (int c = 0; c < z.length; c++) {
            e[c] /= sum;
        }
        return e;
    }

    @Test
    void scoresMatchThePlainJavaFormula() {
        int n = 5;
        int classes = 3;
        double[] alpha = {0.5, 1.0, 2.0};
        double t = 2.5;
        Random r = new Random(3);
        double[][] rows = new double[n][(alpha.length + 1) * classes];
        double expectedSum = 0;
        double[] gate = {1, 1, 0, 1, 1};
        double[] perExample = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rows[i].length; k++) {
                rows[i][k] = r.nextGaussian() * 3;
            }
            double[] s = java.util.Arrays.copyOfRange(rows[i], 0, classes);
            double[][] te = new double[alpha.length][];
            for (int m = 0; m < alpha.length; m++) {
                te[m] = java.util.Arrays.copyOfRange(rows[i], (m + 1) * classes, (m + 2) * classes);
            }
            perExample[i] = gate[i] * reference(s, te, alpha, t);
            expectedSum += perExample[i];
        }
        SoftTargetKdLoss loss = new SoftTargetKdLoss(alpha, t, classes);
        INDArray in = Nd4j.create(rows);
        INDArray labels = Nd4j.create(gate, new long[] {n, 1});
        INDArray scores = loss.computeScoreArray(labels, in, new ActivationIdentity(), null);
        for (int i = 0; i < n; i++) {
            assertEquals(perExample[i], scores.getDouble(i, 0), 1e-10, "example " + i);
        }
        assertEquals(expectedSum / n, loss.computeScore(labels, in, new ActivationIdentity(), null, true), 1e-10,
                "batchmean");
        assertTrue(expectedSum > 0);
        // A per-example label mask (dl4j-spark widens it to several columns) switches examples off.
        INDArray mask = Nd4j.ones(DataType.DOUBLE, n, 2);
        mask.getRow(0).assign(0);
        assertEquals((expectedSum - perExample[0]) / n,
                loss.computeScore(labels, in, new ActivationIdentity(), mask, true), 1e-10);
        assertEquals(0.0, loss.computeGradient(labels, in, new ActivationIdentity(), mask).getRow(0)
                .norm1Number().doubleValue());
        // Identical teacher and student distributions: no loss, no gradient.
        INDArray same = Nd4j.create(new double[][] {{1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3}});
        assertEquals(0.0, loss.computeScore(Nd4j.ones(1, 1), same, new ActivationIdentity(), null, true), 1e-12);
        assertEquals(0.0, loss.computeGradient(Nd4j.ones(1, 1), same, new ActivationIdentity(), null)
                .norm2Number().doubleValue(), 1e-12);
    }

    @Test
    void gradientCheckWithThreeTeachers() {
        int n = 6;
        int classes = 3;
        GraphBuilder gb = new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("x").setInputTypes(InputType.feedForward(4));
        String[] branches = {"s", "t1", "t2", "t3"};
        for (String b : branches) {
            gb.addLayer(b, new DenseLayer.Builder().nOut(classes).activation(Activation.IDENTITY).build(), "x");
        }
        gb.addVertex("m", new MergeVertex(), branches)
                .addLayer("kd", new LossLayer.Builder(new SoftTargetKdLoss(new double[] {0.5, 1.0, 1.5}, 2.0, classes))
                        .activation(Activation.IDENTITY).build(), "m")
                .setOutputs("kd");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        g.params().muli(3); // logits of a few units, so the softmaxes are not flat
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, 4).subi(0.5).muli(2);
        INDArray gate = Nd4j.create(new double[] {1, 1, 1, 0, 1, 1}, new long[] {n, 1});
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {gate}).epsilon(1e-6).maxRelError(1e-5)
                .minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false)));
    }

    @Test
    void survivesTheConfigurationJsonRoundTrip() {
        for (long pixels : new long[] {1, 64}) { // classification; per pixel of an 8x8 map
            GraphBuilder gb = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("x")
                    .setInputTypes(InputType.feedForward(4))
                    .addLayer("kd", new LossLayer.Builder(new SoftTargetKdLoss(new double[] {0.25, 2.0}, 3.0, 2, pixels))
                            .activation(Activation.IDENTITY).build(), "x")
                    .setOutputs("kd");
            var conf = gb.build();
            var back = org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(conf.toJson());
            assertEquals(conf, back);
            var loss = (SoftTargetKdLoss) ((LossLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices()
                    .get("kd")).getLayerConf().getLayer()).getLossFn();
            assertEquals(pixels, loss.getPixelsPerExample());
        }
    }
}
