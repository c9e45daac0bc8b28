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

    /** Adds one HWC image (one pass; int sums per image, exact while they cannot overflow). */
    public void add(byte[] hwc) {
        int c = sum.length;
        long pixelCount = hwc.length / c;
        if (pixelCount > 33_025) {
            addLong(hwc);
            return;
        }
        if (c == 1) {
            int s = 0;
            int q = 0;
            for (byte b : hwc) {
                int v = b & 0xFF;
                s += v;
                q += v * v;
            }
            sum[0] += s;
            sumSquares[0] += q;
        } else if (c == 3) {
            int s0 = 0, s1 = 0, s2 = 0, q0 = 0, q1 = 0, q2 = 0;
            for (int i = 0; i + 2 < hwc.length; i += 3) {
                int v0 = hwc[i] & 0xFF;
                int v1 = hwc[i + 1] & 0xFF;
                int v2 = hwc[i + 2] & 0xFF;
                s0 += v0;
                s1 += v1;
                s2 += v2;
                q0 += v0 * v0;
                q1 += v1 * v1;
                q2 += v2 * v2;
            }
            sum[0] += s0;
            sum[1] += s1;
            sum[2] += s2;
            sumSquares[0] += q0;
            sumSquares[1] += q1;
            sumSquares[2] += q2;
        } else {
            addLong(hwc);
            return;
        }
        pixels += pixelCount;
    }

    /** Any channel count and size: long sums (255^2 * n overflows an int beyond 33,025 pixels). */
    private void addLong(byte[] hwc) {
        int c = sum.length;
        for (int k = 0; k < c; k++) {
            long s = 0;
            long q = 0;
            for (int i = k; i < hwc.length; i += c) {
                int v = hwc[i] & 0xFF;
                s += v;
                q += (long) v * v;
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
