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
 * DL4J's oneDNN convolution helper, with a faster backpropagation for stride-1 convolutions on tiny
 * feature maps (the last ResNet stage at 48x48 input: 512 channels on 2x2; the demo model's last
 * stages on 2x2 and 1x1).
 *
 * <p>Upstream, libnd4j M2.1's oneDNN {@code conv2d_bp} computes both gradients in one oneDNN call,
 * and on these maps oneDNN picks slow kernels for it:
 * <ul>
 *   <li>avx512_core: libnd4j asks for {@code convolution_auto}, and oneDNN's heuristic picks
 *       Winograd (F(4x4, 3x3) tiles, mostly padding on a 2x2 map) whenever the batch exceeds 8:
 *       115-131 ms for 512 channels, batch 64, one thread, 9x the forward pass;</li>
 *   <li>AVX2 (Zen 3): the direct weight-gradient kernel refuses maps this small and oneDNN falls
 *       back to one small matrix product per sample: 164-343 ms for the same layer (forward: 24-43 ms).</li>
 * </ul>
 * Here the input gradient is libnd4j's {@code deconv2d} of epsilon (the adjoint of the convolution,
 * same weights; a direct oneDNN call on both ISAs). The weight gradient is, on avx512_core,
 * {@code deconv2d_bp} with the roles of input and output swapped (oneDNN computes a deconvolution's
 * weight gradient as the convolution's, directly: 41-76 ms for both gradients), elsewhere
 * {@link BatchGemmWeightGradient}, one matrix product over the whole batch (57-86 ms for both
 * gradients, measured side by side with DL4J's call; docs/benchmarks.md). Exact algebra, only
 * float rounding differs ({@code SmallMapConvHelperTest}, against a DOUBLE reference). Larger maps
 * keep DL4J's call (there oneDNN's direct kernels run), and on avx512_core so do fewer than 512
 * channels (64-256 channels on 3x3 to 12x12 maps: no gain measured).
 */
public class SmallMapConvHelper extends MKLDNNConvHelper {
    /** Largest output map (height x width) that takes the direct route; measured in docs/benchmarks.md. */
    static final long MAX_AREA = 4;
    /** avx512_core: fewest input and output channels that take it. */
    static final long MIN_CHANNELS_AVX512 = 512;

    /** False for a layer fed by a network input: nothing needs the gradient at its input. */
    private final boolean inputGradient;

    public SmallMapConvHelper(DataType dataType) {
        this(dataType, true);
    }

    /** @param inputGradient false: backpropagation computes the weight gradient only and returns no input gradient */
    public SmallMapConvHelper(DataType dataType, boolean inputGradient) {
        super(dataType);
        this.inputGradient = inputGradient;
    }

    /** Whether backpropagation skips the input gradient (float NCHW, dilation 1, no bias). */
    static boolean skipsInputGradient(boolean inputGradient, INDArray input, INDArray bias, int[] dilation,
                                      CNN2DFormat format) {
        return !inputGradient && input.dataType() == DataType.FLOAT && format == CNN2DFormat.NCHW && bias == null
                && dilation[0] == 1 && dilation[1] == 1;
    }

    /** Whether a convolution of this configuration and input takes the direct route. */
    static boolean takesDirectRoute(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides,
                                    int[] dilation, ConvolutionMode mode, CNN2DFormat format) {
        return input.dataType() == DataType.FLOAT && format == CNN2DFormat.NCHW && bias == null
                && mode == ConvolutionMode.Same && strides[0] == 1 && strides[1] == 1
                && dilation[0] == 1 && dilation[1] == 1 && kernel[0] % 2 == 1 && kernel[1] % 2 == 1
                && input.size(2) * input.size(3) <= MAX_AREA
                && (!CpuIsa.avx512Core() || weights.size(0) >= MIN_CHANNELS_AVX512 && weights.size(1) >= MIN_CHANNELS_AVX512);
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
        if (skipsInputGradient(inputGradient, input, bias, dilation, format)) {
            // pad: DL4J's top-left padding for this mode (Same: computed from the output size).
            BatchGemmWeightGradient.compute(input, delta, kernel, strides, pad, weightGradView, workspaceMgr);
            Gradient g = new DefaultGradient();
            g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
            return new Pair<>(g, null);
        }
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
        if (CpuIsa.avx512Core()) {
            // deconv2d_bp(input = delta, gradO = x) yields the convolution's weight gradient; its own input
            // gradient (a forward convolution of x) is discarded.
            INDArray unused = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, delta.dataType(), delta.shape());
            Nd4j.exec(DynamicCustomOp.builder("deconv2d_bp").addInputs(delta, hwio, input)
                    .addOutputs(unused, weightGradView.permute(2, 3, 1, 0)).addIntegerArguments(iArgs).build());
        } else {
            BatchGemmWeightGradient.compute(input, delta, kernel, strides, new int[] {iArgs[4], iArgs[5]}, weightGradView,
                    workspaceMgr);
        }
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        return new Pair<>(g, gradAtInput);
    }
}
