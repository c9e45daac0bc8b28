package io.mmanet.prep.stats;

import java.io.Serializable;

/**
 * Exact integer sums of one modality's stored pixels, per channel (grey levels 0..255). Integer
 * sums merge exactly in any order, so the mean/std do not depend on how Spark split the work.
 */
public final class ChannelMoments implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] sum;
    private final long[] sumSquares;
    private long pixels;

    public ChannelMoments(int channels) {
        sum = new long[channels];
        sumSquares = new long[channels];
    }

    /** Adds one HWC image. */
    public void add(byte[] hwc) {
        int c = sum.length;
        for (int k = 0; k < c; k++) {
            long s = 0;
            long q = 0;
            for (int i = k; i < hwc.length; i += c) {
                int v = hwc[i] & 0xFF;
                s += v;
                q += v * v;
            }
            sum[k] += s;
            sumSquares[k] += q;
        }
        pixels += hwc.length / c;
    }

    public void merge(ChannelMoments o) {
        for (int k = 0; k < sum.length; k++) {
            sum[k] += o.sum[k];
            sumSquares[k] += o.sumSquares[k];
        }
        pixels += o.pixels;
    }

    public long pixels() {
        return pixels;
    }

    public double[] mean() {
        double[] m = new double[sum.length];
        for (int k = 0; k < m.length; k++) {
            m[k] = pixels == 0 ? 0 : (double) sum[k] / pixels;
        }
        return m;
    }

    /** Population standard deviation per channel. */
    public double[] std() {
        double[] mean = mean();
        double[] s = new double[sum.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = pixels == 0 ? 0 : Math.sqrt(Math.max(0, (double) sumSquares[k] / pixels - mean[k] * mean[k]));
        }
        return s;
    }

    public ChannelMoments copy() {
        ChannelMoments c = new ChannelMoments(sum.length);
        c.merge(this);
        return c;
    }
}
