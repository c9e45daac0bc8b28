package io.mmanet.compat;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A stem ({@link LinearConvolutionLayer} on a network input, {@code inputGradient(false)}) computes
 * its weight gradient without the input gradient nobody reads: the graph trains as with the input
 * gradient computed (same gradients within float rounding, a different summation order), and the
 * flag survives the configuration's JSON.
 */
class StemInputGradientTest {

    static {
        FastCpuPath.install();
    }

    private static ComputationGraph graph(boolean inputGradient) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Sgd(0.1)).graphBuilder().addInputs("in_rgb")
                .addLayer("stem", new LinearConvolutionLayer.Builder(3, 3).inputGradient(inputGradient).stride(2, 2)
                        .nOut(8).convolutionMode(ConvolutionMode.Same).hasBias(false).activation(Activation.IDENTITY)
                        .build(), "in_rgb")
                .addLayer("bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "stem")
                .addLayer("conv", new LinearConvolutionLayer.Builder(3, 3).nOut(8).convolutionMode(ConvolutionMode.Same)
                        .hasBias(false).activation(Activation.IDENTITY).build(), "bn")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").setInputTypes(InputType.convolutional(16, 16, 3)).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void trainsAsWithTheInputGradientAndSkipsIt() {
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 3, 16, 16);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 3);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        MultiDataSet batch = new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
        ComputationGraph skip = graph(false);
        ComputationGraph full = graph(true);
        assertInstanceOf(SmallMapConvHelper.class, skip.getLayer("stem").getHelper());
        for (int step = 0; step < 3; step++) {
            skip.fit(batch);
            full.fit(batch);
            INDArray ws = skip.getParam("stem_W");
            INDArray wf = full.getParam("stem_W");
            double err = ws.sub(wf).amaxNumber().doubleValue() / wf.amaxNumber().doubleValue();
            assertTrue(err < 1e-5, "step " + step + ": stem weights differ by " + err);
            assertEquals(skip.score(), full.score(), 1e-5 * Math.abs(full.score()));
        }
        // What the stem hands back for the graph's input: nothing when it skips the input gradient.
        INDArray eps = Nd4j.rand(DataType.FLOAT, 6, 8, 8, 8);
        assertNull(stemBackprop(skip, x, eps));
        INDArray full3 = stemBackprop(full, x, eps);
        assertNotNull(full3);
        assertArrayEquals(x.shape(), full3.shape());
    }

    private static INDArray stemBackprop(ComputationGraph g, INDArray x, INDArray eps) {
        Layer stem = g.getLayer("stem");
        stem.setInput(x, LayerWorkspaceMgr.noWorkspaces());
        stem.activate(true, LayerWorkspaceMgr.noWorkspaces());
        return stem.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces()).getSecond();
    }

    @Test
    void theFlagSurvivesJson() {
        ComputationGraph g = graph(false);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        LayerVertex vertex = (LayerVertex) back.getVertices().get("stem");
        LinearConvolutionLayer stem = (LinearConvolutionLayer) vertex.getLayerConf().getLayer();
        assertFalse(stem.isInputGradient());
        LinearConvolutionLayer plain = new LinearConvolutionLayer();
        assertTrue(plain.isInputGradient(), "configurations written before the flag existed keep the input gradient");
    }
}
