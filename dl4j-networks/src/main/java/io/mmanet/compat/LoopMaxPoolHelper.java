package io.mmanet.compat;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's oneDNN subsampling helper, with FLOAT NCHW max pooling computed by
 * {@link MaxPoolArithmetic}'s loops instead of libnd4j's {@code maxpool2d} / {@code maxpool2d_bp}.
 *
 * <p>Why: on the 2-core Zen 3 (AVX2) machine class, libnd4j's max pooling of the paper network's
 * stem ({@code [64, 64, 24, 24]}, 3x3 stride 2, one thread) took 40 ms forward and 65 ms backward
 * per call, PyTorch's 17.5 ms and 2.6 ms: with three modalities about a sixth of a 48x48 training
 * step (docs/benchmarks.md). Pooling has no parameters and no rounding, so the loops give the same
 * output bits; ties go to the first largest cell, as libnd4j's ({@code LoopMaxPoolHelperTest}).
 * Average and p-norm pooling, dilation, NHWC and other data types run DL4J's code. A training
 * forward pass records where each maximum was, and the backward pass of that same input array
 * routes the gradients from the record (as PyTorch's indices), without searching the windows again.
 */
public class LoopMaxPoolHelper extends MKLDNNSubsamplingHelper {
    /** The input of the last training forward pass and, per output cell, where its maximum was. */
    private INDArray forwardInput;
    private int[] forwardArgmax;

    public LoopMaxPoolHelper(DataType dataType) {
        super(dataType);
    }

    static boolean handled(INDArray x, PoolingType type, ConvolutionMode mode, int[] dilation, CNN2DFormat format) {
        return x.dataType() == DataType.FLOAT && x.rank() == 4 && format == CNN2DFormat.NCHW && type == PoolingType.MAX
                && dilation[0] == 1 && dilation[1] == 1 && (mode == ConvolutionMode.Same || mode == ConvolutionMode.Truncate);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, int[] kernel, int[] strides, int[] pad,
                             PoolingType poolingType, ConvolutionMode mode, int[] dilation, CNN2DFormat format,
                             LayerWorkspaceMgr workspaceMgr) {
        if (!handled(input, poolingType, mode, dilation, format)) {
            return super.activate(input, training, kernel, strides, pad, poolingType, mode, dilation, format, workspaceMgr);
        }
        INDArray in = TwoPassBatchNormHelper.dense(input);
        // pad is the top-left padding DL4J computed (Same mode) or configured (Truncate)
        int[] outSize = ConvolutionUtils.getOutputSize(in, kernel, strides, mode == ConvolutionMode.Same ? null : pad,
                mode, dilation, format);
        long[] outShape = {in.size(0), in.size(1), outSize[0], outSize[1]};
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, outShape, 'c');
        MaxPoolArithmetic pool = new MaxPoolArithmetic(in.shape(), outSize[0], outSize[1], kernel, strides, pad);
        int[] argmax = null;
        if (training) { // backprop follows with this input: remember the maxima instead of searching again
            if (forwardArgmax == null || forwardArgmax.length != pool.outputs()) {
                forwardArgmax = new int[pool.outputs()];
            }
            argmax = forwardArgmax;
        }
        forwardInput = training ? input : null;
        pool.forward(in.data().asNioFloat(), out.data().asNioFloat(), argmax);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, int[] kernel, int[] strides,
                                                     int[] pad, PoolingType poolingType, ConvolutionMode mode,
                                                     int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!handled(input, poolingType, mode, dilation, format)) {
            return super.backpropGradient(input, epsilon, kernel, strides, pad, poolingType, mode, dilation, format,
                    workspaceMgr);
        }
        INDArray in = TwoPassBatchNormHelper.dense(input);
        INDArray grad = TwoPassBatchNormHelper.dense(epsilon.castTo(DataType.FLOAT));
        INDArray gradAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, in.shape(), 'c');
        MaxPoolArithmetic pool = new MaxPoolArithmetic(in.shape(), (int) grad.size(2), (int) grad.size(3), kernel,
                strides, pad);
        if (input == forwardInput && forwardArgmax.length == pool.outputs()) {
            // DL4J hands backprop the very input array of the training forward pass (castTo of the same type)
            pool.backward(forwardArgmax, grad.data().asNioFloat(), gradAtInput.data().asNioFloat());
        } else {
            pool.backward(in.data().asNioFloat(), grad.data().asNioFloat(), gradAtInput.data().asNioFloat());
        }
        return new Pair<>(new DefaultGradient(), gradAtInput);
    }
}
