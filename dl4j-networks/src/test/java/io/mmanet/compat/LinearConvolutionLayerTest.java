package io.mmanet.compat;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DL4J M2.1's convolution layer runs its forward convolution again inside backpropagation, only to
 * hand the result to the (identity) activation's backprop; {@link LinearConvolutionLayer} does not,
 * and trains to the same bits.
 */
class LinearConvolutionLayerTest {

    static {
        FastCpuPath.install();
    }

    private static MultiLayerNetwork net(boolean linear, DataType type) {
        ConvolutionLayer.Builder conv = linear ? new LinearConvolutionLayer.Builder(3, 3) : new ConvolutionLayer.Builder(3, 3);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .updater(new Nesterovs(0.05, 0.9)).l2(5e-4).list()
                .layer(conv.stride(2, 2).nOut(6).convolutionMode(ConvolutionMode.Same).hasBias(false)
                        .activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(9, 9, 2)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    /** DL4J's oneDNN convolution helper, counting forward convolutions. */
    private static final class CountingHelper extends MKLDNNConvHelper {
        final AtomicInteger forward = new AtomicInteger();

        CountingHelper() {
            super(DataType.FLOAT);
        }

        @Override
        public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                                  ConvolutionLayer.AlgoMode mode, ConvolutionLayer.FwdAlgo fwdAlgo,
                                  ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                                  LayerWorkspaceMgr workspaceMgr) {
            forward.incrementAndGet();
            return super.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation,
                    format, workspaceMgr);
        }
    }

    /** Replaces the layer's helper by one that counts forward convolutions. */
    private static AtomicInteger countForwardConvolutions(MultiLayerNetwork n) throws ReflectiveOperationException {
        Field f = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class.getDeclaredField("helper");
        f.setAccessible(true);
        assertInstanceOf(MKLDNNConvHelper.class, f.get(n.getLayer(0)), "FLOAT convolution runs DL4J's oneDNN helper");
        CountingHelper counting = new CountingHelper();
        f.set(n.getLayer(0), counting);
        return counting.forward;
    }

    private static void fit(MultiLayerNetwork n, DataType type, int steps) {
        Nd4j.getRandom().setSeed(3);
        for (int i = 0; i < steps; i++) {
            INDArray x = Nd4j.randn(type, 4, 2, 9, 9);
            INDArray y = Nd4j.zeros(type, 4, 3);
            for (int r = 0; r < 4; r++) {
                y.putScalar(r, (r + i) % 3, 1.0);
            }
            n.fit(x, y);
        }
    }

    @Test
    void stockLayerConvolvesTwicePerTrainingStepOursOnce() throws Exception {
        MultiLayerNetwork stock = net(false, DataType.FLOAT);
        MultiLayerNetwork linear = net(true, DataType.FLOAT);
        assertInstanceOf(LinearConvolutionLayerImpl.class, linear.getLayer(0));
        AtomicInteger stockForward = countForwardConvolutions(stock);
        AtomicInteger linearForward = countForwardConvolutions(linear);
        fit(stock, DataType.FLOAT, 3);
        fit(linear, DataType.FLOAT, 3);
        assertEquals(6, stockForward.get(), "upstream: forward + a second forward inside backprop, per step");
        assertEquals(3, linearForward.get(), "ours: the forward pass only");
        assertEquals(stock.params(), linear.params(), "same bits: the identity's backprop never read z");
        assertEquals(stock.getUpdater().getStateViewArray(), linear.getUpdater().getStateViewArray());
    }

    @Test
    void builtInDoublePathTrainsTheSame() {
        // oneDNN helpers run FLOAT only: DOUBLE runs DL4J's built-in convolution, which recomputes
        // its im2col buffer when backprop gets none from the forward pass.
        MultiLayerNetwork stock = net(false, DataType.DOUBLE);
        MultiLayerNetwork linear = net(true, DataType.DOUBLE);
        fit(stock, DataType.DOUBLE, 3);
        fit(linear, DataType.DOUBLE, 3);
        assertEquals(stock.params(), linear.params());
    }

    @Test
    void nonIdentityActivationKeepsDl4jBackpropAndJsonKeepsTheClass() {
        MultiLayerNetwork stock = tanhNet(new ConvolutionLayer.Builder(3, 3));
        MultiLayerNetwork linear = tanhNet(new LinearConvolutionLayer.Builder(3, 3));
        MultiLayerNetwork restored = new MultiLayerNetwork(
                MultiLayerConfiguration.fromJson(linear.getLayerWiseConfigurations().toJson()));
        restored.init();
        assertInstanceOf(LinearConvolutionLayerImpl.class, restored.getLayer(0), "the configuration survives JSON");
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 1, 6, 6);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2);
        stock.fit(x, y);
        linear.fit(x, y);
        assertEquals(stock.params(), linear.params());
    }

    private static MultiLayerNetwork tanhNet(ConvolutionLayer.Builder conv) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new Nesterovs(0.05, 0.9)).list()
                .layer(conv.nOut(3).activation(Activation.TANH).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(6, 6, 1)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }
}
