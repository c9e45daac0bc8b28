package io.mmanet.compat;

import java.nio.FloatBuffer;

/**
 * Batch normalisation of a contiguous NCHW float tensor over (N, H, W) per channel, in plain loops:
 * the training forward pass with batch statistics, its backward pass, and the inference pass.
 * Sums are accumulated in double; the variance is the biased two-pass estimate
 * {@code sum((x - mean)^2) / m}, m = N*H*W, as DL4J's.
 *
 * <p>Why loops: libnd4j runs {@code batchnorm_bp} as oneDNN's backward pass with fixed statistics
 * plus about eight generic whole-tensor passes for the statistics' terms, and every call builds its
 * oneDNN primitives anew. Per call (batch 32-64, one thread, docs/benchmarks.md) that costs 2.3-4x
 * these loops at every shape of the demo and paper networks. Backward, with a = gamma / sqrt(var + eps):
 * {@code dx = a*g - a*sum(g)/m - a*(x - mean)*sum(g*(x - mean))/(m*(var + eps))},
 * {@code dgamma = sum(g*(x - mean))/sqrt(var + eps)}, {@code dbeta = sum(g)}.
 *
 * <p>Each (sample, channel) plane is copied into a heap array first: the JIT vectorises loops over
 * heap arrays, not over the native buffers' {@code FloatBuffer} views. Channels are independent, so
 * they are split among ND4J's threads ({@link LoopThreads}); each channel's sums run over the
 * samples in the same order whatever the thread count, so the results are the same bits.
 */
final class BatchNormArithmetic {
    private final int n;
    private final int c;
    private final int hw;
    private final int threads;

    BatchNormArithmetic(long[] nchw) {
        this(nchw, LoopThreads.threads());
    }

    /** @param threads threads for the loops (channels are split among them; results do not depend on it) */
    BatchNormArithmetic(long[] nchw, int threads) {
        this.n = Math.toIntExact(nchw[0]);
        this.c = Math.toIntExact(nchw[1]);
        this.hw = Math.toIntExact(nchw[2] * nchw[3]);
        this.threads = threads;
    }

    private double count() {
        return (double) n * hw;
    }

    private int base(int sample, int channel) {
        return (sample * c + channel) * hw;
    }

    /**
     * Runs {@code body} over channel ranges. Within a range the loops go sample by sample over the
     * range's channels, as one thread does over all of them: contiguous memory even for the 2x2
     * planes of the last stage, and each channel's sums in the same order for any thread count.
     */
    private void forChannels(LoopThreads.Range body) {
        LoopThreads.forEach(c, (long) n * hw, threads, body);
    }

    /** Per-channel mean and biased variance of x, into mean[c] and var[c]. */
    void statistics(FloatBuffer x, double[] mean, double[] var) {
        forChannels((from, to) -> {
            float[] planeX = new float[hw];
            for (int ch = from; ch < to; ch++) {
                mean[ch] = 0;
                var[ch] = 0;
            }
            for (int i = 0; i < n; i++) {
                for (int ch = from; ch < to; ch++) {
                    x.get(base(i, ch), planeX, 0, hw);
                    mean[ch] += sum(planeX);
                }
            }
            for (int ch = from; ch < to; ch++) {
                mean[ch] /= count();
            }
            for (int i = 0; i < n; i++) {
                for (int ch = from; ch < to; ch++) {
                    x.get(base(i, ch), planeX, 0, hw);
                    var[ch] += squaredDeviations(planeX, mean[ch]);
                }
            }
            for (int ch = from; ch < to; ch++) {
                var[ch] /= count();
            }
        });
    }

    /** out = (x - mean) * gamma / sqrt(var + eps) + beta. */
    void normalize(FloatBuffer x, double[] mean, double[] var, float[] gamma, float[] beta, double eps, FloatBuffer out) {
        forChannels((from, to) -> {
            float[] planeX = new float[hw];
            for (int i = 0; i < n; i++) {
                for (int ch = from; ch < to; ch++) {
                    float mu = (float) mean[ch];
                    float a = (float) (gamma[ch] / Math.sqrt(var[ch] + eps));
                    float b = beta[ch];
                    x.get(base(i, ch), planeX, 0, hw);
                    for (int k = 0; k < hw; k++) {
                        planeX[k] = (planeX[k] - mu) * a + b;
                    }
                    out.put(base(i, ch), planeX, 0, hw);
                }
            }
        });
    }

    /**
     * Gradients of the training pass (statistics of this batch) given g = dL/dout: dL/dx into dx,
     * dL/dgamma and dL/dbeta into dGamma[c] and dBeta[c].
     */
    void backward(FloatBuffer x, FloatBuffer g, double[] mean, double[] var, float[] gamma, double eps,
                  FloatBuffer dx, double[] dGamma, double[] dBeta) {
        double[] sumGX = new double[c];
        float[] a = new float[c];
        float[] b = new float[c];
        float[] offset = new float[c];
        forChannels((from, to) -> {
            float[] planeX = new float[hw];
            float[] planeG = new float[hw];
            for (int ch = from; ch < to; ch++) {
                dBeta[ch] = 0;
            }
            for (int i = 0; i < n; i++) {
                for (int ch = from; ch < to; ch++) {
                    x.get(base(i, ch), planeX, 0, hw);
                    g.get(base(i, ch), planeG, 0, hw);
                    dBeta[ch] += sum(planeG);
                    sumGX[ch] += productWithDeviations(planeG, planeX, mean[ch]);
                }
            }
            for (int ch = from; ch < to; ch++) {
                double invStd = 1.0 / Math.sqrt(var[ch] + eps);
                dGamma[ch] = sumGX[ch] * invStd;
                double ach = gamma[ch] * invStd;
                a[ch] = (float) ach;
                b[ch] = (float) (-ach * invStd * invStd * sumGX[ch] / count());
                offset[ch] = (float) (-ach * dBeta[ch] / count());
            }
            for (int i = 0; i < n; i++) {
                for (int ch = from; ch < to; ch++) {
                    float mu = (float) mean[ch];
                    float ach = a[ch];
                    float bch = b[ch];
                    float och = offset[ch];
                    x.get(base(i, ch), planeX, 0, hw);
                    g.get(base(i, ch), planeG, 0, hw);
                    for (int k = 0; k < hw; k++) {
                        planeX[k] = ach * planeG[k] + bch * (planeX[k] - mu) + och;
                    }
                    dx.put(base(i, ch), planeX, 0, hw);
                }
            }
        });
    }

    // Four partial sums: a single double accumulator is bound by the latency of its additions.

    private static double sum(float[] v) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < v.length; k += 4) {
            s0 += v[k];
            s1 += v[k + 1];
            s2 += v[k + 2];
            s3 += v[k + 3];
        }
        for (; k < v.length; k++) {
            s0 += v[k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double squaredDeviations(float[] x, double mu) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < x.length; k += 4) {
            double d0 = x[k] - mu;
            double d1 = x[k + 1] - mu;
            double d2 = x[k + 2] - mu;
            double d3 = x[k + 3] - mu;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; k < x.length; k++) {
            double d = x[k] - mu;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** sum(g * (x - mu)). */
    private static double productWithDeviations(float[] g, float[] x, double mu) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < x.length; k += 4) {
            s0 += g[k] * (x[k] - mu);
            s1 += g[k + 1] * (x[k + 1] - mu);
            s2 += g[k + 2] * (x[k + 2] - mu);
            s3 += g[k + 3] * (x[k + 3] - mu);
        }
        for (; k < x.length; k++) {
            s0 += g[k] * (x[k] - mu);
        }
        return (s0 + s1) + (s2 + s3);
    }
}
