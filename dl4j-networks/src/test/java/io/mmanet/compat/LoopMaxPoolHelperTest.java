package io.mmanet.compat;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link LoopMaxPoolHelper} gives DL4J's max pooling (libnd4j {@code maxpool2d} /
 * {@code maxpool2d_bp}, through DL4J's oneDNN helper) bit for bit: outputs, and gradients routed to
 * the same input cell when a window holds several equal maxima (the zeros a ReLU leaves).
 */
class LoopMaxPoolHelperTest {

    static {
        FastCpuPath.install();
    }

    private static SubsamplingLayer pool(int kernel, int stride, int pad, ConvolutionMode mode) {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(kernel, kernel).stride(stride, stride)
                .padding(pad, pad).convolutionMode(mode).build();
    }

    private static org.deeplearning4j.nn.api.Layer layer(SubsamplingLayer conf, boolean loops, long[] nchw) {
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(loops ? LoopMaxPooling.of(conf) : conf)
                .setInputType(InputType.convolutional(nchw[2], nchw[3], nchw[1])).build();
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        return net.getLayer(0);
    }

    /** ReLU'd values on a coarse grid: many windows hold equal maxima (zeros, or equal grid values). */
    private static INDArray tiedInput(long... nchw) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, nchw).muli(4);
        return Transforms.relu(Transforms.floor(x, false), false);
    }

    private static void assertSameAsDl4j(SubsamplingLayer conf, long... nchw) {
        INDArray x = tiedInput(nchw);
        org.deeplearning4j.nn.api.Layer dl4j = layer(conf, false, nchw);
        org.deeplearning4j.nn.api.Layer ours = layer(conf, true, nchw);
        assertEquals(MKLDNNSubsamplingHelper.class, dl4j.getHelper().getClass());
        assertEquals(LoopMaxPoolHelper.class, ours.getHelper().getClass());

        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        dl4j.setInput(x, ws);
        ours.setInput(x, ws);
        INDArray expected = dl4j.activate(true, ws);
        INDArray actual = ours.activate(true, ws);
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.data().asFloat(), actual.data().asFloat(), 0f);

        INDArray eps = Nd4j.rand(DataType.FLOAT, expected.shape()).subi(0.5);
        Pair<Gradient, INDArray> dl4jBack = dl4j.backpropGradient(eps, ws);
        Pair<Gradient, INDArray> ourBack = ours.backpropGradient(eps, ws);
        assertArrayEquals(x.shape(), ourBack.getSecond().shape());
        assertArrayEquals(dl4jBack.getSecond().dup('c').data().asFloat(), ourBack.getSecond().data().asFloat(), 0f);
        assertEquals(0, ourBack.getFirst().gradientForVariable().size());
    }

    @Test
    void theStemPoolOfOurNetworksMatchesDl4jBitForBit() {
        assertSameAsDl4j(pool(3, 2, 0, ConvolutionMode.Same), 4, 8, 24, 24); // paper 48x48 stem, smaller batch
        assertSameAsDl4j(pool(3, 2, 0, ConvolutionMode.Same), 3, 8, 12, 12); // demo stem
    }

    @Test
    void oddSizesTruncateModeAndPaddingMatchDl4j() {
        assertSameAsDl4j(pool(3, 2, 0, ConvolutionMode.Same), 2, 3, 7, 9);
        assertSameAsDl4j(pool(2, 2, 0, ConvolutionMode.Truncate), 2, 3, 10, 11);
        assertSameAsDl4j(pool(3, 1, 1, ConvolutionMode.Truncate), 2, 3, 6, 5);
        assertSameAsDl4j(pool(3, 2, 1, ConvolutionMode.Truncate), 2, 2, 9, 9);
    }

    @Test
    void backpropAfterAnotherInputsForwardPassSearchesTheWindowsAgain() {
        SubsamplingLayer conf = pool(3, 2, 0, ConvolutionMode.Same);
        long[] nchw = {3, 4, 12, 12};
        INDArray x = tiedInput(nchw);
        INDArray other = Nd4j.rand(DataType.FLOAT, nchw);
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        org.deeplearning4j.nn.api.Layer dl4j = layer(conf, false, nchw);
        org.deeplearning4j.nn.api.Layer ours = layer(conf, true, nchw);
        dl4j.setInput(x, ws);
        INDArray eps = Nd4j.rand(DataType.FLOAT, dl4j.activate(true, ws).shape());
        INDArray expected = dl4j.backpropGradient(eps, ws).getSecond().dup('c');

        ours.setInput(other, ws);
        ours.activate(true, ws); // records the maxima of `other`
        ours.setInput(x, ws); // backprop of x without a forward pass of x: the record must not be used
        assertArrayEquals(expected.data().asFloat(), ours.backpropGradient(eps, ws).getSecond().data().asFloat(), 0f);

        ours.activate(true, ws); // now recorded for x
        ours.setInput(other, ws);
        ours.activate(false, ws); // an inference pass of another input forgets it
        ours.setInput(x, ws);
        assertArrayEquals(expected.data().asFloat(), ours.backpropGradient(eps, ws).getSecond().data().asFloat(), 0f);
    }

    @Test
    void otherPoolingAndDoubleRunDl4jsCode() {
        long[] nchw = {2, 3, 8, 8};
        SubsamplingLayer avg = new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build();
        org.deeplearning4j.nn.api.Layer dl4j = layer(avg, false, nchw);
        org.deeplearning4j.nn.api.Layer ours = layer(avg, true, nchw);
        INDArray x = Nd4j.rand(DataType.FLOAT, nchw);
        dl4j.setInput(x, LayerWorkspaceMgr.noWorkspaces());
        ours.setInput(x, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(dl4j.activate(false, LayerWorkspaceMgr.noWorkspaces()), ours.activate(false, LayerWorkspaceMgr.noWorkspaces()));
    }

    @Test
    void theConfigurationSurvivesJsonWithItsRuntimeClass() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in").addLayer("pool", LoopMaxPooling.of(pool(3, 2, 0, ConvolutionMode.Same)), "in")
                .setOutputs("pool").setInputTypes(InputType.convolutional(12, 12, 4)).build();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        org.deeplearning4j.nn.graph.ComputationGraph g = new org.deeplearning4j.nn.graph.ComputationGraph(back);
        g.init();
        assertSame(LoopMaxPoolingImpl.class, g.getLayer("pool").getClass());
        assertSame(LoopMaxPoolHelper.class, g.getLayer("pool").getHelper().getClass());
    }
}
