package io.mmanet.networks.loss;

/**
 * Independent plain-Java forms of the segmentation losses (spec 2.2, 3.6, 4.3): loops over
 * [n][c][y][x] arrays, no ND4J. Gradients of the per-pixel cross-entropy are hand-derived; those of
 * segmentation MAD are central differences of {@link #segMad}.
 */
public final class SegmentationReference {

    private SegmentationReference() {
    }

    /** Value and logit gradient of the weighted, ignore-aware, example-masked per-pixel CE. */
    public static final class PixelCe {
        public double loss;
        /** dL/dz[n][c][y][x]. */
        public double[][][][] dz;
    }

    /**
     * L = scale * sum_p a_p CE_p / sum_p a_p, a_p = m[n] * w[y_p] (0 if y_p == ignore).
     */
    public static PixelCe pixelCe(double[][][][] z, int[][][] y, double[] w, double[] m, int ignore, double scale) {
        int n = z.length;
        int c = z[0].length;
        int h = z[0][0].length;
        int wd = z[0][0][0].length;
        double sumA = 0;
        double sumACe = 0;
        double[][][][] p = new double[n][c][h][wd];
        double[][][] a = new double[n][h][wd];
        for (int i = 0; i < n; i++) {
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < wd; xx++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < c; k++) {
                        max = Math.max(max, z[i][k][yy][xx]);
                    }
                    double s = 0;
                    for (int k = 0; k < c; k++) {
                        s += Math.exp(z[i][k][yy][xx] - max);
                    }
                    for (int k = 0; k < c; k++) {
                        p[i][k][yy][xx] = Math.exp(z[i][k][yy][xx] - max) / s;
                    }
                    int label = y[i][yy][xx];
                    if (label == ignore) {
                        continue;
                    }
                    a[i][yy][xx] = m[i] * (w == null ? 1.0 : w[label]);
                    sumA += a[i][yy][xx];
                    sumACe += a[i][yy][xx] * -Math.log(p[i][label][yy][xx]);
                }
            }
        }
        PixelCe r = new PixelCe();
        r.loss = sumA == 0 ? 0 : scale * sumACe / sumA;
        r.dz = new double[n][c][h][wd];
        if (sumA == 0) {
            return r;
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                for (int yy = 0; yy < h; yy++) {
                    for (int xx = 0; xx < wd; xx++) {
                        double target = y[i][yy][xx] == k ? 1 : 0;
                        r.dz[i][k][yy][xx] = scale * a[i][yy][xx] / sumA * (p[i][k][yy][xx] - target);
                    }
                }
            }
        }
        return r;
    }

    /**
     * Segmentation MAD of one level: student / teacher features [n][C][h][w], teacher logits
     * [n][K][h][w] (null for the unweighted SP form: the mean of D).
     */
    public static double segMadLevel(double[][][][] fs, double[][][][] ft, double[][][][] zt) {
        double[][] s = pixelRows(fs);
        double[][] t = pixelRows(ft);
        double[][] ds = normalisedGram(s);
        double[][] dt = normalisedGram(t);
        int pCount = s.length;
        double[] r = new double[pCount];
        double sumD = 0;
        for (int i = 0; i < pCount; i++) {
            for (int j = 0; j < pCount; j++) {
                double d = ds[i][j] - dt[i][j];
                r[i] += d * d;
                sumD += d * d;
            }
        }
        if (zt == null) {
            return sumD / ((double) pCount * pCount);
        }
        double[][] logits = pixelRows(zt);
        double num = 0;
        double den = 0;
        for (int i = 0; i < pCount; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logits[i]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : logits[i]) {
                sum += Math.exp(v - max);
            }
            double entropy = 0;
            for (double v : logits[i]) {
                double q = Math.exp(v - max) / sum;
                entropy -= q * Math.log(q + ReferenceLosses.LOG_EPS);
            }
            num += entropy * r[i];
            den += entropy;
        }
        return num / den;
    }

    /** [n][C][h][w] to one row per pixel, index (n*h + y)*w + x. */
    static double[][] pixelRows(double[][][][] f) {
        int n = f.length;
        int c = f[0].length;
        int h = f[0][0].length;
        int w = f[0][0][0].length;
        double[][] rows = new double[n * h * w][c];
        for (int i = 0; i < n; i++) {
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    for (int k = 0; k < c; k++) {
                        rows[(i * h + yy) * w + xx][k] = f[i][k][yy][xx];
                    }
                }
            }
        }
        return rows;
    }

    static double[][] normalisedGram(double[][] f) {
        double[][] g = ReferenceLosses.gram(f);
        return ReferenceLosses.normalise(g, ReferenceLosses.rowNorms(g));
    }

    /** Flattens [n][C][h][w] to [n][C*h*w] in C-order (the loss layer's input block). */
    public static double[][] flatten(double[][][][] f) {
        int n = f.length;
        int c = f[0].length;
        int h = f[0][0].length;
        int w = f[0][0][0].length;
        double[][] out = new double[n][c * h * w];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                for (int yy = 0; yy < h; yy++) {
                    for (int xx = 0; xx < w; xx++) {
                        out[i][(k * h + yy) * w + xx] = f[i][k][yy][xx];
                    }
                }
            }
        }
        return out;
    }
}
