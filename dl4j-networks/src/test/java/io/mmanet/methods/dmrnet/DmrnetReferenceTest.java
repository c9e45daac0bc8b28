package io.mmanet.methods.dmrnet;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DMRNet's KL loss against an independent plain-Java implementation of the spec 7.1 formula, and
 * the reparameterisation vertex's two modes (z = mu in inference; mu + eps * sigma in training,
 * with eps standard normal and reproducible).
 */
class DmrnetReferenceTest {

    /** Plain Java: mean over the batch of sum_d 0.5 * (exp(lv) + mu^2 - lv - 1), times scale. */
    private static double referenceKl(double[][] mu, double[][] lv, double scale) {
        double total = 0;
        for (int i = 0; i < mu.length; i++) {
            double s = 0;
            for (int d = 0; d < mu[i].length; d++) {
                double var = Math.exp(lv[i][d]);
                s += 0.5 * (var + mu[i][d] * mu[i][d] - Math.log(var) - 1);
            }
            total += s;
        }
        return scale * total / mu.length;
    }

    @Test
    void klLossMatchesThePlainJavaFormulaAndItsGradient() {
        Random r = new Random(3);
        int n = 6;
        int d = 5;
        double[][] mu = new double[n][d];
        double[][] lv = new double[n][d];
        INDArray in = Nd4j.zeros(DataType.DOUBLE, n, 2 * d);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                mu[i][k] = r.nextGaussian();
                lv[i][k] = r.nextGaussian();
                in.putScalar(i, k, mu[i][k]);
                in.putScalar(i, d + k, lv[i][k]);
            }
        }
        GaussianKlLoss loss = new GaussianKlLoss(1e-3, d);
        INDArray gate = Nd4j.ones(DataType.DOUBLE, n, 1);
        double expected = referenceKl(mu, lv, 1e-3);
        assertEquals(expected, loss.computeScore(gate, in, new ActivationIdentity(), null, true), 1e-12);
        INDArray grad = loss.computeGradient(gate, in, new ActivationIdentity(), null);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                assertEquals(1e-3 * mu[i][k], grad.getDouble(i, k), 1e-15);
                assertEquals(1e-3 * 0.5 * (Math.exp(lv[i][k]) - 1), grad.getDouble(i, d + k), 1e-15);
            }
        }
        // N(0, 1) itself has KL 0.
        assertEquals(0.0, loss.computeScore(gate, Nd4j.zeros(DataType.DOUBLE, n, 2 * d), new ActivationIdentity(),
                null, true), 0.0);
        // A masked example does not count, but the batch mean still divides by all n (DL4J's average).
        INDArray mask = Nd4j.ones(DataType.DOUBLE, n, 1);
        mask.putScalar(0, 0, 0.0);
        double withoutFirst = referenceKl(java.util.Arrays.copyOfRange(mu, 1, n), java.util.Arrays.copyOfRange(lv, 1, n),
                1e-3) * (n - 1) / n;
        assertEquals(withoutFirst, loss.computeScore(gate, in, new ActivationIdentity(), mask, true), 1e-12);
    }

    private static ComputationGraph vertexGraph(Long seed) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("mu", "logvar")
                .setInputTypes(InputType.feedForward(2000), InputType.feedForward(2000))
                .addVertex("z", new ReparameterizationVertex(seed), "mu", "logvar")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .build(), "z")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    @Test
    void vertexIsTheMeanInInferenceAndAReproducibleGaussianSampleInTraining() {
        int n = 4;
        INDArray mu = Nd4j.rand(DataType.DOUBLE, n, 2000);
        INDArray logvar = Nd4j.rand(DataType.DOUBLE, n, 2000).subi(0.5).muli(2);
        for (Long seed : new Long[] {null, 7L}) {
            ComputationGraph g = vertexGraph(seed);
            assertEquals(mu, g.feedForward(new INDArray[] {mu, logvar}, false).get("z"), "inference: z = mu");
            INDArray z1 = g.feedForward(new INDArray[] {mu, logvar}, true).get("z");
            INDArray z2 = g.feedForward(new INDArray[] {mu, logvar}, true).get("z");
            assertEquals(z1, z2, "same parameters and minibatch: same eps");
            INDArray eps = z1.sub(mu).div(org.nd4j.linalg.ops.transforms.Transforms.exp(logvar.mul(0.5)));
            assertEquals(0.0, eps.meanNumber().doubleValue(), 0.03, "eps ~ N(0, 1): mean");
            assertEquals(1.0, eps.stdNumber().doubleValue(), 0.03, "eps ~ N(0, 1): std");
        }
        INDArray other = vertexGraph(null).feedForward(new INDArray[] {mu.add(1), logvar}, true).get("z")
                .sub(mu.add(1));
        INDArray first = vertexGraph(null).feedForward(new INDArray[] {mu, logvar}, true).get("z").sub(mu);
        assertNotEquals(first, other, "another minibatch draws another eps");
    }
}
