package io.mmanet.compat;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DL4J M2.1's updater compares the step's gradient with its own flattened gradient by object
 * identity, which never holds, so every step takes its slow "external gradient" path;
 * {@link FlatGradientUpdater} takes the fast path and trains to the same bits.
 */
class FlatGradientUpdaterTest {

    static {
        FastCpuPath.install();
    }

    private static ComputationGraph graph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT)
                .updater(new Nesterovs(0.05, 0.9)).l2(5e-3).graphBuilder()
                .addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(6).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "conv")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").setInputTypes(InputType.convolutional(5, 5, 2)).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static DataSet batch(int i) {
        Nd4j.getRandom().setSeed(100 + i);
        INDArray x = Nd4j.randn(DataType.FLOAT, 8, 2, 5, 5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int r = 0; r < 8; r++) {
            y.putScalar(r, (r + i) % 3, 1.0);
        }
        return new DataSet(x, y);
    }

    private static int[] bits(INDArray a) {
        float[] f = a.reshape(a.length()).toFloatVector();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    @Test
    void upstreamNeverSeesItsOwnGradientArray() {
        ComputationGraph g = graph();
        g.fit(batch(0));
        INDArray stepGradient = g.gradient().gradient();
        INDArray own = g.getUpdater().getFlattenedGradientsView();
        assertNotSame(own, stepGradient, "DL4J's identity test fails: a new reshape view per call");
        assertNotSame(g.gradient().gradient(), g.gradient().gradient());
        assertEquals(own.data().address(), stepGradient.data().address(), "yet it is the same memory");
        assertEquals(own.length(), stepGradient.length());
    }

    @Test
    void trainsToTheSameBitsOnTheSameStateArray() {
        ComputationGraph stock = graph();
        ComputationGraph ours = graph();
        INDArray stateBefore = ours.getUpdater().getStateViewArray();
        FlatGradientUpdater.install(ours);
        assertInstanceOf(FlatGradientUpdater.class, ours.getUpdater());
        assertSame(stateBefore, ours.getUpdater().getStateViewArray(), "the updater state is kept, not copied");
        FlatGradientUpdater.install(ours);
        assertSame(stateBefore, ours.getUpdater().getStateViewArray(), "installing twice changes nothing");
        assertArrayEquals(bits(stock.params()), bits(ours.params()));
        for (int i = 0; i < 5; i++) {
            stock.fit(batch(i));
            ours.fit(batch(i));
        }
        assertArrayEquals(bits(stock.params()), bits(ours.params()), "parameters bit for bit");
        assertArrayEquals(bits(stock.getUpdater().getStateViewArray()), bits(ours.getUpdater().getStateViewArray()),
                "momentum bit for bit");
        assertEquals(stock.score(), ours.score(), 0.0);
        assertNotEquals(graph().params(), ours.params(), "and training moved them");
    }
}
