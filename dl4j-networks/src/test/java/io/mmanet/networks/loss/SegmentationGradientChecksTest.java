package io.mmanet.networks.loss;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.*;

/**
 * GradientCheckUtil (double precision) through the segmentation losses on small graphs with
 * parameters below them: the per-pixel CE on a CnnLossLayer (class weights, ignored pixels, an
 * example masked off as MAR does) and segmentation MAD / SP over two levels.
 */
class SegmentationGradientChecksTest {
    private static DataType previousDefault;
    private static DataType previousFloatingDefault;

    @BeforeAll
    static void doublePrecision() {
        previousDefault = Nd4j.dataType();
        previousFloatingDefault = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(previousDefault, previousFloatingDefault);
    }

    private static GraphBuilder builder() {
        return new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).graphBuilder();
    }

    private static boolean check(ComputationGraph g, INDArray[] in, INDArray[] labels, INDArray[] masks) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(in).labels(labels)
                .labelMask(masks).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
    }

    private static ConvolutionLayer conv(int nOut, int stride, Activation a) {
        return new ConvolutionLayer.Builder(3, 3).stride(stride, stride).nOut(nOut).convolutionMode(ConvolutionMode.Same)
                .activation(a).build();
    }

    @Test
    void pixelCrossEntropyWithWeightsIgnoreAndExampleMask() {
        int n = 3;
        int c = 3;
        ComputationGraph g = new ComputationGraph(builder().addInputs("x")
                .setInputTypes(InputType.convolutional(4, 4, 2))
                .addLayer("conv", conv(c, 1, Activation.IDENTITY), "x")
                .addLayer("out", new CnnLossLayer.Builder(new PixelCrossEntropy(0.7, new double[] {0.5, 2.0, 1.0}, 16))
                        .activation(Activation.SOFTMAX).build(), "conv")
                .setOutputs("out").build());
        g.init();
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, c, 4, 4);
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    if ((x + y + i) % 4 != 0) { // every fourth pixel is ignored: its label row stays zero
                        labels.putScalar(new long[] {i, r.nextInt(c), y, x}, 1.0);
                    }
                }
            }
        }
        INDArray mask = Nd4j.ones(DataType.DOUBLE, n, c, 4, 4);
        mask.getRow(1).assign(0); // sample 1 is not in the regularized set
        assertTrue(check(g, new INDArray[] {Nd4j.rand(DataType.DOUBLE, n, 2, 4, 4).subi(0.5)}, new INDArray[] {labels},
                new INDArray[] {mask}));
    }

    private static void segMad(boolean entropyWeighted) {
        int n = 2;
        int k = 3;
        GraphBuilder gb = builder().addInputs("s", "t", "z")
                .setInputTypes(InputType.convolutional(2, 2, 2), InputType.convolutional(2, 2, 2),
                        InputType.convolutional(2, 2, 2))
                .addLayer("fs", conv(3, 1, Activation.SOFTPLUS), "s")
                .addLayer("ft", conv(3, 1, Activation.SOFTPLUS), "t")
                .addLayer("fs2", conv(4, 2, Activation.SOFTPLUS), "fs")
                .addLayer("ft2", conv(4, 2, Activation.SOFTPLUS), "ft")
                .addVertex("fs_flat", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(2, 2, 3)), "fs")
                .addVertex("ft_flat", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(2, 2, 3)), "ft")
                .addVertex("fs2_flat", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(1, 1, 4)), "fs2")
                .addVertex("ft2_flat", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(1, 1, 4)), "ft2");
        if (entropyWeighted) {
            gb.addLayer("fz", conv(k, 1, Activation.IDENTITY), "z")
                    .addLayer("fz2", conv(k, 2, Activation.IDENTITY), "fz")
                    .addVertex("fz_flat", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(2, 2, k)), "fz")
                    .addVertex("fz2_flat", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(1, 1, k)), "fz2")
                    .addVertex("m", new MergeVertex(), "fs_flat", "ft_flat", "fz_flat", "fs2_flat", "ft2_flat", "fz2_flat");
        } else {
            gb.addVertex("m", new MergeVertex(), "fs_flat", "ft_flat", "fs2_flat", "ft2_flat").allowDisconnected(true);
        }
        gb.addLayer("kd", new LossLayer.Builder(new SegmentationMadLoss(3.0, new int[][] {{3, 2, 2}, {4, 1, 1}}, k,
                entropyWeighted)).activation(Activation.IDENTITY).build(), "m").setOutputs("kd");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        INDArray[] in = {Nd4j.rand(DataType.DOUBLE, n, 2, 2, 2).subi(0.5), Nd4j.rand(DataType.DOUBLE, n, 2, 2, 2).subi(0.5),
                Nd4j.rand(DataType.DOUBLE, n, 2, 2, 2).subi(0.5).muli(4)};
        assertTrue(check(g, in, new INDArray[] {Nd4j.ones(DataType.DOUBLE, n, 1)}, null));
    }

    @Test
    void segmentationMad() {
        segMad(true);
    }

    @Test
    void segmentationSp() {
        segMad(false);
    }
}
