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
 */
final class BatchNormArithmetic {
    private final int n;
    private final int c;
    private final int hw;

    BatchNormArithmetic(long[] nchw) {
        this.n = Math.toIntExact(nchw[0]);
        this.c = Math.toIntExact(nchw[1]);
        this.hw = Math.toIntExact(nchw[2] * nchw[3]);
    }

    private double count() {
        return (double) n * hw;
    }

    /** Per-channel mean and biased variance of x, into mean[c] and var[c]. */
    void statistics(FloatBuffer x, double[] mean, double[] var) {
        java.util.Arrays.fill(mean, 0);
        java.util.Arrays.fill(var, 0);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * hw;
                mean[ch] += sum(x, base, base + hw);
            }
        }
        for (int ch = 0; ch < c; ch++) {
            mean[ch] /= count();
        }
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * hw;
                var[ch] += squaredDeviations(x, base, base + hw, mean[ch]);
            }
        }
        for (int ch = 0; ch < c; ch++) {
            var[ch] /= count();
        }
    }

    /** out = (x - mean) * gamma / sqrt(var + eps) + beta. */
    void normalize(FloatBuffer x, double[] mean, double[] var, float[] gamma, float[] beta, double eps, FloatBuffer out) {
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * hw;
                float mu = (float) mean[ch];
                float a = (float) (gamma[ch] / Math.sqrt(var[ch] + eps));
                float b = beta[ch];
                for (int k = base; k < base + hw; k++) {
                    out.put(k, (x.get(k) - mu) * a + b);
                }
            }
        }
    }

    /**
     * Gradients of the training pass (statistics of this batch) given g = dL/dout: dL/dx into dx,
     * dL/dgamma and dL/dbeta into dGamma[c] and dBeta[c].
     */
    void backward(FloatBuffer x, FloatBuffer g, double[] mean, double[] var, float[] gamma, double eps,
                  FloatBuffer dx, double[] dGamma, double[] dBeta) {
        double[] sumGX = new double[c];
        java.util.Arrays.fill(dBeta, 0);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * hw;
                dBeta[ch] += sum(g, base, base + hw);
                sumGX[ch] += productWithDeviations(g, x, base, base + hw, mean[ch]);
            }
        }
        float[] a = new float[c];
        float[] b = new float[c];
        float[] offset = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double invStd = 1.0 / Math.sqrt(var[ch] + eps);
            dGamma[ch] = sumGX[ch] * invStd;
            double ach = gamma[ch] * invStd;
            a[ch] = (float) ach;
            b[ch] = (float) (-ach * invStd * invStd * sumGX[ch] / count());
            offset[ch] = (float) (-ach * dBeta[ch] / count());
        }
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * hw;
                float mu = (float) mean[ch];
                float ach = a[ch];
                float bch = b[ch];
                float och = offset[ch];
                for (int k = base; k < base + hw; k++) {
                    dx.put(k, ach * g.get(k) + bch * (x.get(k) - mu) + och);
                }
            }
        }
    }

    // Four partial sums: a single double accumulator is bound by the latency of its additions.

    private static double sum(FloatBuffer v, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = from;
        for (; k + 3 < to; k += 4) {
            s0 += v.get(k);
            s1 += v.get(k + 1);
            s2 += v.get(k + 2);
            s3 += v.get(k + 3);
        }
        for (; k < to; k++) {
            s0 += v.get(k);
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double squaredDeviations(FloatBuffer x, int from, int to, double mu) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = from;
        for (; k + 3 < to; k += 4) {
            double d0 = x.get(k) - mu;
            double d1 = x.get(k + 1) - mu;
            double d2 = x.get(k + 2) - mu;
            double d3 = x.get(k + 3) - mu;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; k < to; k++) {
            double d = x.get(k) - mu;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** sum(g * (x - mu)). */
    private static double productWithDeviations(FloatBuffer g, FloatBuffer x, int from, int to, double mu) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = from;
        for (; k + 3 < to; k += 4) {
            s0 += g.get(k) * (x.get(k) - mu);
            s1 += g.get(k + 1) * (x.get(k + 1) - mu);
            s2 += g.get(k + 2) * (x.get(k + 2) - mu);
            s3 += g.get(k + 3) * (x.get(k + 3) - mu);
        }
        for (; k < to; k++) {
            s0 += g.get(k) * (x.get(k) - mu);
        }
        return (s0 + s1) + (s2 + s3);
    }
}
