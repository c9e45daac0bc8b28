package io.mmanet.compat;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.FloatBuffer;

/**
 * The weight gradient of a dilation-1 NCHW float convolution as matrix products over the batch:
 * {@code dW[oc, (ic, ky, kx)] = sum over (n, oy, ox) of delta[n, oc, oy, ox] * col[(n, oy, ox), (ic, ky, kx)]},
 * where {@code col} holds, for every output position of every sample, the input window it saw
 * ({@code x[n, ic, oy * sy + ky - padTop, ox * sx + kx - padLeft]}, zero outside the map).
 *
 * <p>Why: oneDNN (inside libnd4j) picks slow kernels for two kinds of layers of our networks.
 * On tiny maps (3x3 on 2x2 or 1x1) its direct weight-gradient kernel refuses the shape, and its
 * fallback runs one small matrix product per sample whose inner dimension is the output area (4):
 * 150 ms per call for 512 channels, batch 64, one thread, five times the forward pass. Here samples
 * are grouped until the inner dimension reaches {@link #MIN_INNER} (the whole batch there: one BLAS
 * call). For a stem on a one-channel image, oneDNN pads the input channels to 8 and reorders the
 * 64-channel gradient map into its blocked layout first; here each sample is one product of its
 * gradient map, as it lies in memory, with its windows.
 */
final class BatchGemmWeightGradient {
    /** Rows (output positions) gathered per matrix product, at least. */
    static final int MIN_INNER = 256;

    private BatchGemmWeightGradient() {
    }

    /**
     * Writes the gradient into {@code weightGrad} ([oC, iC, kH, kW]).
     *
     * @param x       the layer input [n, iC, h, w]
     * @param delta   the gradient at the convolution's output [n, oC, oh, ow]
     * @param strides [sy, sx]
     * @param padding top and left zero padding [py, px] (bottom and right follow from the output size)
     */
    static void compute(INDArray x, INDArray delta, int[] kernel, int[] strides, int[] padding, INDArray weightGrad,
                        LayerWorkspaceMgr workspaces) {
        compute(x, delta, kernel, strides, padding, weightGrad, workspaces, LoopThreads.threads());
    }

    /** @param threads threads that gather the input windows (the result does not depend on it) */
    static void compute(INDArray x, INDArray delta, int[] kernel, int[] strides, int[] padding, INDArray weightGrad,
                        LayerWorkspaceMgr workspaces, int threads) {
        Geometry g = new Geometry(x.shape(), delta.shape(), kernel, strides, padding);
        int chunk = Math.max(1, Math.min(g.n, MIN_INNER / g.area));
        INDArray col = workspaces.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, (long) chunk * g.area, g.window);
        INDArray deltaRows = chunk == 1 ? null
                : workspaces.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, g.oc, chunk, g.area);
        INDArray product = weightGrad.reshape('c', g.oc, g.window);
        float[] in = heapCopy(x);
        INDArray delta3 = delta.reshape('c', g.n, g.oc, g.area);
        for (int s0 = 0; s0 < g.n; s0 += chunk) {
            int count = Math.min(chunk, g.n - s0);
            g.im2col(in, s0, count, col, threads);
            INDArray rows = col.get(NDArrayIndex.interval(0, (long) count * g.area), NDArrayIndex.all());
            INDArray a;
            if (chunk == 1) {
                a = delta3.get(NDArrayIndex.point(s0), NDArrayIndex.all(), NDArrayIndex.all()); // [oC, area] as it lies
            } else {
                // delta [count, oC, area] -> [oC, count * area]: the rows follow col's (n, oy, ox) order.
                INDArray d = deltaRows.get(NDArrayIndex.all(), NDArrayIndex.interval(0, count), NDArrayIndex.all());
                d.assign(delta3.get(NDArrayIndex.interval(s0, s0 + count), NDArrayIndex.all(), NDArrayIndex.all())
                        .permute(1, 0, 2));
                a = (count == chunk ? deltaRows : d.dup('c')).reshape('c', g.oc, (long) count * g.area);
            }
            Nd4j.gemm(a, rows, product, false, false, 1.0, s0 == 0 ? 0.0 : 1.0);
        }
    }

    private static float[] heapCopy(INDArray x) {
        INDArray dense = x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) && x.offset() == 0
                && x.data().length() == x.length() ? x : x.dup('c');
        float[] in = new float[Math.toIntExact(dense.length())];
        dense.data().asNioFloat().get(in);
        return in;
    }

    /** Sizes of one convolution; {@link #im2col} fills the window rows of a range of samples. */
    private static final class Geometry {
        final int n;
        final int ic;
        final int h;
        final int w;
        final int oc;
        final int oh;
        final int ow;
        final int kh;
        final int kw;
        final int sy;
        final int sx;
        final int py;
        final int px;
        final int area;
        final int window;

        Geometry(long[] xShape, long[] deltaShape, int[] kernel, int[] strides, int[] padding) {
            n = (int) xShape[0];
            ic = (int) xShape[1];
            h = (int) xShape[2];
            w = (int) xShape[3];
            oc = (int) deltaShape[1];
            oh = (int) deltaShape[2];
            ow = (int) deltaShape[3];
            kh = kernel[0];
            kw = kernel[1];
            sy = strides[0];
            sx = strides[1];
            py = padding[0];
            px = padding[1];
            area = oh * ow;
            window = ic * kh * kw;
        }

        /** col rows [(s - first) * area + oy * ow + ox] = the window of output (oy, ox) of sample s. */
        void im2col(float[] in, int first, int count, INDArray col, int threads) {
            FloatBuffer out = col.data().asNioFloat();
            int base = Math.toIntExact(col.offset());
            LoopThreads.forEach(count, (long) area * window, threads, (from, to) -> {
                float[] row = new float[window];
                for (int s = from; s < to; s++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            window(in, (first + s) * ic * h * w, oy, ox, row);
                            out.put(base + ((s * oh + oy) * ow + ox) * window, row, 0, window);
                        }
                    }
                }
            });
        }

        /** row[(c, ky, kx)] = the input under output (oy, ox) of the sample starting at {@code sample}. */
        private void window(float[] in, int sample, int oy, int ox, float[] row) {
            int j = 0;
            for (int c = 0; c < ic; c++) {
                int plane = sample + c * h * w;
                for (int ky = 0; ky < kh; ky++) {
                    int iy = oy * sy + ky - py;
                    for (int kx = 0; kx < kw; kx++, j++) {
                        int ix = ox * sx + kx - px;
                        row[j] = iy >= 0 && iy < h && ix >= 0 && ix < w ? in[plane + iy * w + ix] : 0f;
                    }
                }
            }
        }
    }
}
