package io.mmanet.compat;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's oneDNN convolution helper, with a faster backpropagation for wide convolutions on tiny
 * feature maps (the last ResNet stage at 48x48 input: 512 channels on 2x2).
 *
 * <p>libnd4j M2.1's oneDNN {@code conv2d_bp} asks oneDNN for {@code convolution_auto}, and oneDNN's
 * heuristic picks Winograd (F(4x4, 3x3) tiles) for a 3x3 stride-1 backward pass whenever the batch
 * exceeds 8 and threads do not exceed cores. On a 2x2 map a Winograd tile is mostly padding: the
 * backward pass of a 512-channel 3x3 convolution on 2x2 (batch 64, one thread) took 115-131 ms, 9x its
 * forward pass (PyTorch, whose oneDNN calls ask for the direct algorithm: 42 ms). Here
 * those layers take the same gradients from ops whose oneDNN calls are direct: the input gradient
 * is libnd4j's {@code deconv2d} of epsilon (the adjoint of the convolution, same weights), the
 * weight gradient comes from {@code deconv2d_bp} with the roles of input and output swapped
 * (oneDNN computes a deconvolution's weight gradient as the convolution's); 41-76 ms. The
 * route is exact algebra, only float rounding differs (closer to a DOUBLE reference than
 * Winograd's, {@code SmallMapConvHelperTest}). Other shapes, where the measured gain was nil or
 * negative (4x4 and larger maps; 64-256 channels on 3x3 to 12x12), keep DL4J's call, and so does
 * every shape on CPUs without AVX-512 ({@link CpuIsa}): oneDNN has Winograd kernels for avx512_core
 * only, and on AVX2 (Zen 3) DL4J's call is the direct one, faster than this route (60 against 86 ms).
 */
public class SmallMapConvHelper extends MKLDNNConvHelper {
    /** Largest output map (height x width) that takes the direct route; measured in docs/benchmarks.md. */
    static final long MAX_AREA = 4;
    /** Fewest input and output channels that take it. */
    static final long MIN_CHANNELS = 512;

    public SmallMapConvHelper(DataType dataType) {
        super(dataType);
    }

    /** Whether a convolution of this configuration and input takes the direct route. */
    static boolean takesDirectRoute(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides,
                                    int[] dilation, ConvolutionMode mode, CNN2DFormat format) {
        return CpuIsa.avx512Core() && input.dataType() == DataType.FLOAT && format == CNN2DFormat.NCHW && bias == null
                && mode == ConvolutionMode.Same && strides[0] == 1 && strides[1] == 1
                && dilation[0] == 1 && dilation[1] == 1 && kernel[0] % 2 == 1 && kernel[1] % 2 == 1
                && input.size(2) * input.size(3) <= MAX_AREA
                && weights.size(0) >= MIN_CHANNELS && weights.size(1) >= MIN_CHANNELS;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn,
                                                     ConvolutionLayer.AlgoMode mode,
                                                     ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
                                                     ConvolutionLayer.BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode convolutionMode, int[] dilation,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!takesDirectRoute(input, weights, bias, kernel, strides, dilation, convolutionMode, format)) {
            return super.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView,
                    weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format,
                    workspaceMgr);
        }
        // Stride 1, odd kernel, Same mode: symmetric padding (k-1)/2, output map = input map.
        int[] iArgs = {kernel[0], kernel[1], 1, 1, (kernel[0] - 1) / 2, (kernel[1] - 1) / 2, 1, 1, 0, 0};
        INDArray hwio = weights.permute(2, 3, 1, 0); // libnd4j's [kH, kW, iC, oC]; deconv2d reads it as [kH, kW, oC, iC]
        INDArray gradAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape());
        Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(delta, hwio).addOutputs(gradAtInput)
                .addIntegerArguments(iArgs).build());
        // deconv2d_bp(input = delta, gradO = x) yields the convolution's weight gradient; its own input
        // gradient (a forward convolution of x) is discarded.
        INDArray unused = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, delta.dataType(), delta.shape());
        Nd4j.exec(DynamicCustomOp.builder("deconv2d_bp").addInputs(delta, hwio, input)
                .addOutputs(unused, weightGradView.permute(2, 3, 1, 0)).addIntegerArguments(iArgs).build());
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        return new Pair<>(g, gradAtInput);
    }
}
