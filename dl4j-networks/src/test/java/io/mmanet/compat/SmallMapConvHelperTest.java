package io.mmanet.compat;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The backward pass of a 512-channel 3x3 convolution on a 2x2 map: DL4J's oneDNN helper (oneDNN's
 * Winograd kernels, chosen by {@code convolution_auto} on avx512_core CPUs; its per-sample matrix
 * product fallback on AVX2) and {@link SmallMapConvHelper} against a DOUBLE reference. Ours is
 * within float rounding of it; on avx512_core the upstream result is visibly further off, the
 * trace of Winograd's transforms. The slowness of both upstream paths is measured in
 * docs/benchmarks.md, not here.
 */
class SmallMapConvHelperTest {

    static {
        FastCpuPath.install();
    }

    private static final int N = 16; // oneDNN picks Winograd for a batch above 8
    private static final int C = 512;
    private static final int[] K = {3, 3};
    private static final int[] S = {1, 1};
    private static final int[] D = {1, 1};

    private record Grads(INDArray input, INDArray weights) {
    }

    private static Grads helperGrads(MKLDNNConvHelper helper, INDArray x, INDArray w, INDArray eps) {
        INDArray wGrad = Nd4j.create(DataType.FLOAT, w.shape());
        Pair<Gradient, INDArray> p = helper.backpropGradient(x, w, null, eps, K, S, new int[] {1, 1}, null, wGrad,
                Activation.IDENTITY.getActivationFunction(), null, null, null, ConvolutionMode.Same, D, CNN2DFormat.NCHW,
                LayerWorkspaceMgr.noWorkspaces());
        assertSame(wGrad, p.getFirst().getGradientFor("W"));
        return new Grads(p.getSecond(), wGrad);
    }

    private static Grads doubleReference(INDArray x, INDArray w, INDArray eps) {
        INDArray gx = Nd4j.create(DataType.DOUBLE, x.shape());
        INDArray gw = Nd4j.create(DataType.DOUBLE, w.shape());
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                .addInputs(x.castTo(DataType.DOUBLE), w.castTo(DataType.DOUBLE).permute(2, 3, 1, 0), eps.castTo(DataType.DOUBLE))
                .addOutputs(gx, gw.permute(2, 3, 1, 0)).addIntegerArguments(3, 3, 1, 1, 1, 1, 1, 1, 0, 0).build());
        return new Grads(gx, gw);
    }

    /** Largest |a - ref| relative to the largest |ref|. */
    private static double relError(INDArray a, INDArray ref) {
        return a.castTo(DataType.DOUBLE).sub(ref).amaxNumber().doubleValue() / ref.amaxNumber().doubleValue();
    }

    @Test
    void directRouteMatchesTheDoubleReferenceAndBeatsWinogradsRounding() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, N, C, 2, 2);
        INDArray w = Nd4j.randn(DataType.FLOAT, C, C, 3, 3).muli(0.05);
        INDArray eps = Nd4j.randn(DataType.FLOAT, N, C, 2, 2);
        boolean route = SmallMapConvHelper.takesDirectRoute(x, w, null, K, S, D, ConvolutionMode.Same, CNN2DFormat.NCHW);

        Grads ref = doubleReference(x, w, eps);
        Grads ours = helperGrads(new SmallMapConvHelper(DataType.FLOAT), x, w, eps);
        Grads upstream = helperGrads(new MKLDNNConvHelper(DataType.FLOAT), x, w, eps);

        assertTrue(relError(ours.input(), ref.input()) < 2e-6, "input gradient " + relError(ours.input(), ref.input()));
        assertTrue(relError(ours.weights(), ref.weights()) < 2e-6, "weight gradient " + relError(ours.weights(), ref.weights()));
        assertTrue(relError(upstream.weights(), ref.weights()) < 1e-4, "both are the same gradient up to rounding");
        assertTrue(route, CpuIsa.name() + ": the route is taken");
        if (CpuIsa.avx512Core()) {
            assertTrue(relError(upstream.input(), ref.input()) > 2 * relError(ours.input(), ref.input()),
                    "upstream (Winograd) input gradient error " + relError(upstream.input(), ref.input()));
        }
    }

    @Test
    void largerMapsStridesAndDoubleKeepDl4jsCall() {
        INDArray w = Nd4j.create(DataType.FLOAT, C, C, 3, 3);
        assertFalse(SmallMapConvHelper.takesDirectRoute(Nd4j.create(DataType.FLOAT, 2, C, 4, 4), w, null, K, S, D,
                ConvolutionMode.Same, CNN2DFormat.NCHW), "4x4 map");
        assertFalse(SmallMapConvHelper.takesDirectRoute(Nd4j.create(DataType.FLOAT, 2, C, 2, 2), w, null, K, new int[] {2, 2},
                D, ConvolutionMode.Same, CNN2DFormat.NCHW), "stride 2");
        assertEquals(!CpuIsa.avx512Core(), SmallMapConvHelper.takesDirectRoute(Nd4j.create(DataType.FLOAT, 2, 256, 2, 2),
                Nd4j.create(DataType.FLOAT, 256, 256, 3, 3), null, K, S, D, ConvolutionMode.Same, CNN2DFormat.NCHW),
                "256 channels: avx512_core keeps DL4J's call (no gain measured), AVX2 takes the route");
        assertFalse(SmallMapConvHelper.takesDirectRoute(Nd4j.create(DataType.DOUBLE, 2, C, 2, 2), w, null, K, S, D,
                ConvolutionMode.Same, CNN2DFormat.NCHW), "DOUBLE");
    }

    @Test
    void linearConvolutionLayersRunIt() {
        MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new LinearConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(4, 4, 2)).build());
        n.init();
        assertInstanceOf(SmallMapConvHelper.class, n.getLayer(0).getHelper());
        assertEquals("MKLDNNConvHelper", OneDnnHelpers.pathOf(n.getLayer(0)), "reported as the DL4J helper it extends");
    }
}
