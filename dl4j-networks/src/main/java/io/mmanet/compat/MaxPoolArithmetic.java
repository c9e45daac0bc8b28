package io.mmanet.compat;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * 2-D max pooling of a contiguous NCHW float tensor in plain loops, forward and backward.
 *
 * <p>Window (oh, ow) covers rows {@code oh*strideH - padTop ...} and columns
 * {@code ow*strideW - padLeft ...} of the input, {@code kernelH x kernelW} of them; cells outside
 * the input take no part (as padding with minus infinity). The maximum is the first largest value
 * in row-major order within the window, and backward hands each output's gradient to exactly that
 * input cell, so ties (frequent after a ReLU) resolve as libnd4j's {@code maxpool2d_bp} does.
 *
 * <p>Each (sample, channel) plane is copied into a heap array first, where the JIT compiles tight
 * loops; the native buffers are read and written in bulk. Planes are independent and split among
 * ND4J's threads ({@link LoopThreads}).
 */
final class MaxPoolArithmetic {
    private final int planes;
    private final int inH;
    private final int inW;
    private final int outH;
    private final int outW;
    private final int kH;
    private final int kW;
    private final int sH;
    private final int sW;
    private final int padTop;
    private final int padLeft;
    private final int threads;

    MaxPoolArithmetic(long[] nchw, int outH, int outW, int[] kernel, int[] strides, int[] padTopLeft) {
        this(nchw, outH, outW, kernel, strides, padTopLeft, LoopThreads.threads());
    }

    /** @param threads threads for the loops (planes are split among them; results do not depend on it) */
    MaxPoolArithmetic(long[] nchw, int outH, int outW, int[] kernel, int[] strides, int[] padTopLeft, int threads) {
        this.planes = Math.toIntExact(nchw[0] * nchw[1]);
        this.inH = Math.toIntExact(nchw[2]);
        this.inW = Math.toIntExact(nchw[3]);
        this.outH = outH;
        this.outW = outW;
        this.kH = kernel[0];
        this.kW = kernel[1];
        this.sH = strides[0];
        this.sW = strides[1];
        this.padTop = padTopLeft[0];
        this.padLeft = padTopLeft[1];
        this.threads = threads;
    }

    /** y[p, oh, ow] = the window's maximum, for every plane p = (sample, channel). */
    void forward(FloatBuffer x, FloatBuffer y) {
        forward(x, y, null);
    }

    /**
     * The forward pass; when {@code argmax} is not null it also records, per output cell, the
     * position within its plane ({@code h * inW + w}) of the input cell it took, for
     * {@link #backward(int[], FloatBuffer, FloatBuffer)}. With {@code y} null only the record is made.
     */
    void forward(FloatBuffer x, FloatBuffer y, int[] argmax) {
        LoopThreads.forEach(planes, (long) inH * inW, threads, (from, to) -> {
            Plane s = new Plane();
            for (int p = from; p < to; p++) {
                x.get(p * s.in.length, s.in, 0, s.in.length);
                s.rowMaxima();
                int at = p * s.out.length;
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        int h = s.argmaxRow(oh, ow);
                        s.out[oh * outW + ow] = s.rowMax[h * outW + ow];
                        if (argmax != null) {
                            argmax[at + oh * outW + ow] = h * inW + s.rowArgmax[h * outW + ow];
                        }
                    }
                }
                if (y != null) {
                    y.put(p * s.out.length, s.out, 0, s.out.length);
                }
            }
        });
    }

    /** Output cells of all planes: the length of a forward pass's argmax record. */
    int outputs() {
        return planes * outH * outW;
    }

    /** The backward pass from the maxima a forward pass recorded: no search of the windows again. */
    void backward(int[] argmax, FloatBuffer g, FloatBuffer dx) {
        LoopThreads.forEach(planes, (long) inH * inW, threads, (from, to) -> {
            float[] grad = new float[outH * outW];
            float[] gradIn = new float[inH * inW];
            for (int p = from; p < to; p++) {
                g.get(p * grad.length, grad, 0, grad.length);
                Arrays.fill(gradIn, 0f);
                int at = p * grad.length;
                for (int o = 0; o < grad.length; o++) {
                    gradIn[argmax[at + o]] += grad[o];
                }
                dx.put(p * gradIn.length, gradIn, 0, gradIn.length);
            }
        });
    }

    /** dx = each output gradient g[p, oh, ow] added at its window's maximum, zero elsewhere. */
    void backward(FloatBuffer x, FloatBuffer g, FloatBuffer dx) {
        int[] argmax = new int[outputs()];
        forward(x, null, argmax);
        backward(argmax, g, dx);
    }

    /** One thread's working arrays for one plane at a time. */
    private final class Plane {
        final float[] in = new float[inH * inW];
        final float[] out = new float[outH * outW];
        final float[] rowMax = new float[inH * outW];
        final int[] rowArgmax = new int[inH * outW];

        /**
         * For every input row h and output column ow: the maximum of the row's cells in the window's
         * columns and the first column holding it. A window's first maximum in row-major order is then
         * the first row with the largest row maximum, at that row's first maximal column.
         */
        void rowMaxima() {
            for (int h = 0; h < inH; h++) {
                int row = h * inW;
                for (int ow = 0; ow < outW; ow++) {
                    int from = Math.max(ow * sW - padLeft, 0);
                    int to = Math.min(ow * sW - padLeft + kW, inW);
                    int best = from;
                    for (int w = from + 1; w < to; w++) {
                        best += larger(in[row + w], in[row + best]) * (w - best);
                    }
                    rowMax[h * outW + ow] = in[row + best];
                    rowArgmax[h * outW + ow] = best;
                }
            }
        }

        /** The first input row of window (oh, ow) whose row maximum is the window's maximum. */
        int argmaxRow(int oh, int ow) {
            int from = Math.max(oh * sH - padTop, 0);
            int to = Math.min(oh * sH - padTop + kH, inH);
            int best = from;
            for (int h = from + 1; h < to; h++) {
                best += larger(rowMax[h * outW + ow], rowMax[best * outW + ow]) * (h - best);
            }
            return best;
        }
    }

    /**
     * 1 if v > max, else 0, without a branch: the sign of max - v. Random activations make a
     * comparison branch unpredictable (a 3x slower pass), and C2 does not turn it into a select.
     * NaN compares as not larger, as with {@code >}.
     */
    private static int larger(float v, float max) {
        return Float.floatToRawIntBits(max - v) >>> 31;
    }
}
