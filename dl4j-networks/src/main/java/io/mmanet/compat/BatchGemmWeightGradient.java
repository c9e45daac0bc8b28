package io.mmanet.compat;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

/**
 * The weight gradient of a stride-1, dilation-1 NCHW float convolution with symmetric zero padding
 * as one matrix product over the whole batch:
 * {@code dW[oc, (ic, ky, kx)] = sum over (n, oy, ox) of delta[n, oc, oy, ox] * col[(n, oy, ox), (ic, ky, kx)]},
 * where {@code col} holds, for every output position of every sample, the input window it saw
 * ({@code x[n, ic, oy + ky - pad, ox + kx - pad]}, zero outside the map).
 *
 * <p>Why: on tiny maps oneDNN's direct weight-gradient kernel refuses the shape (seen for 3x3 on
 * 2x2), and its fallback runs one small matrix product per sample whose inner dimension is the
 * output area (4): 150 ms per call for 512 channels, batch 64, one thread, five times the forward
 * pass. Here the inner dimension is batch x area (256), one BLAS call.
 */
final class BatchGemmWeightGradient {
    private BatchGemmWeightGradient() {
    }

    /**
     * Writes the gradient into {@code weightGrad} ([oC, iC, kH, kW]).
     *
     * @param x     the layer input [n, iC, h, w] (output map = input map)
     * @param delta the gradient at the convolution's output [n, oC, h, w]
     */
    static void compute(INDArray x, INDArray delta, int kh, int kw, INDArray weightGrad, LayerWorkspaceMgr workspaces) {
        compute(x, delta, kh, kw, weightGrad, workspaces, LoopThreads.threads());
    }

    /** @param threads threads that gather the input windows (the result does not depend on it) */
    static void compute(INDArray x, INDArray delta, int kh, int kw, INDArray weightGrad, LayerWorkspaceMgr workspaces,
                        int threads) {
        int n = (int) x.size(0);
        int ic = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int oc = (int) delta.size(1);
        int area = h * w;
        int window = ic * kh * kw;
        INDArray col = workspaces.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, (long) n * area, window);
        im2col(dense(x), n, ic, h, w, kh, kw, col, threads);
        // delta [n, oC, area] -> [oC, n * area]: the rows of the product follow col's (n, oy, ox) order.
        INDArray deltaRows = workspaces.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, oc, n, area);
        deltaRows.assign(delta.reshape('c', n, oc, area).permute(1, 0, 2));
        INDArray a = deltaRows.reshape('c', oc, (long) n * area);
        Nd4j.gemm(a, col, weightGrad.reshape('c', oc, window), false, false, 1.0, 0.0);
    }

    /** Fills col [(n, oy, ox), (ic, ky, kx)] from x, zero where a window leaves the map. */
    private static void im2col(INDArray x, int n, int ic, int h, int w, int kh, int kw, INDArray col, int threads) {
        int ph = (kh - 1) / 2;
        int pw = (kw - 1) / 2;
        int area = h * w;
        int window = ic * kh * kw;
        float[] in = new float[n * ic * area];
        x.data().asNioFloat().get(in);
        FloatBuffer out = col.data().asNioFloat();
        int base = Math.toIntExact(col.offset());
        LoopThreads.forEach(n, (long) area * window, threads, (from, to) -> {
            float[] row = new float[window];
            for (int s = from; s < to; s++) {
                int sample = s * ic * area;
                for (int oy = 0; oy < h; oy++) {
                    for (int ox = 0; ox < w; ox++) {
                        int j = 0;
                        for (int c = 0; c < ic; c++) {
                            int plane = sample + c * area;
                            for (int ky = 0; ky < kh; ky++) {
                                int iy = oy + ky - ph;
                                for (int kx = 0; kx < kw; kx++, j++) {
                                    int ix = ox + kx - pw;
                                    row[j] = iy >= 0 && iy < h && ix >= 0 && ix < w ? in[plane + iy * w + ix] : 0f;
                                }
                            }
                        }
                        out.put(base + ((s * h + oy) * w + ox) * window, row, 0, window);
                    }
                }
            }
        });
    }

    private static INDArray dense(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && a.offset() == 0
                && a.data().length() == a.length() ? a : a.dup('c');
    }
}
