package io.mmanet.methods.dmrnet;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
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

import static org.junit.jupiter.api.Assertions.assertTrue;

/** GradientCheckUtil (double precision) on DMRNet's KL loss and on the reparameterisation vertex with fixed eps. */
@ExtendWith(DoublePrecision.class)
class DmrnetGradientChecksTest {
    private static GraphBuilder builder() {
        return new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).graphBuilder();
    }

    private static boolean check(ComputationGraph g, INDArray[] in, INDArray[] labels, INDArray[] labelMasks) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(in).labels(labels)
                .labelMask(labelMasks).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
    }

    private static INDArray rand(long... shape) {
        return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).muli(2);
    }

    @Test
    void klLossOnMeanAndLogVarianceBranches() {
        int n = 5;
        int d = 4;
        GraphBuilder gb = builder().addInputs("x").setInputTypes(InputType.feedForward(3))
                .addLayer("mu", new DenseLayer.Builder().nOut(d).activation(Activation.TANH).build(), "x")
                .addLayer("logvar", new DenseLayer.Builder().nOut(d).activation(Activation.TANH).build(), "x")
                .addVertex("m", new MergeVertex(), "mu", "logvar")
                .addLayer("kl", new LossLayer.Builder(new GaussianKlLoss(0.7, d)).activation(Activation.IDENTITY)
                        .build(), "m")
                .setOutputs("kl");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        INDArray gate = Nd4j.ones(DataType.DOUBLE, n, 1);
        INDArray mask = Nd4j.create(new double[][] {{1}, {0}, {1}, {1}, {0.5}});
        assertTrue(check(g, new INDArray[] {rand(n, 3)}, new INDArray[] {gate}, new INDArray[] {mask}));
    }

    @Test
    void reparameterisationVertexWithFixedNoise() {
        int n = 4;
        GraphBuilder gb = builder().addInputs("x").setInputTypes(InputType.convolutional(3, 3, 2))
                .addLayer("mu", new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.TANH).build(), "x")
                .addLayer("logvar", new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.TANH).build(), "x")
                .addVertex("z", new ReparameterizationVertex(42L), "mu", "logvar")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "z")
                .addLayer("fc", new DenseLayer.Builder().nOut(2).activation(Activation.IDENTITY).build(), "pool")
                .addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, 2);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % 2, 1.0);
        }
        assertTrue(check(g, new INDArray[] {rand(n, 2, 3, 3)}, new INDArray[] {labels}, null));
    }
}
