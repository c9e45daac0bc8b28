package io.mmanet.networks.loss;

/**
 * Independent plain-Java implementation of the spec's loss formulas (spec 2.1, decisions 4 and 6),
 * with hand-derived gradients, to check the ND4J/SameDiff losses against. Arrays are [row][col].
 */
public final class ReferenceLosses {
    static final double NORM_EPS = 1e-24;
    static final double LOG_EPS = 1e-12;

    private ReferenceLosses() {
    }

    /** Value and gradients of one loss evaluation. */
    public static final class Result {
        public double loss;
        public double[][] dStudent;
        public double[][] dTeacher;
        public double[][] dLogits;
        public double[][] dMarLogits;
    }

    static double[][] gram(double[][] f) {
        int b = f.length;
        double[][] g = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = i; j < b; j++) {
                double s = 0;
                for (int k = 0; k < f[i].length; k++) {
                    s += f[i][k] * f[j][k];
                }
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        return g;
    }

    static double[] rowNorms(double[][] g) {
        double[] n = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            double s = 0;
            for (double v : g[i]) {
                s += v * v;
            }
            n[i] = Math.sqrt(s + NORM_EPS);
        }
        return n;
    }

    static double[][] normalise(double[][] g, double[] n) {
        double[][] r = new double[g.length][g.length];
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g.length; j++) {
                r[i][j] = g[i][j] / n[i];
            }
        }
        return r;
    }

    /** d/dF of sum_ij A_ij * Ghat_ij where Ghat = rownormalise(F F^T). */
    static double[][] backToFeatures(double[][] a, double[][] gHat, double[] n, double[][] f) {
        int b = f.length;
        double[][] dG = new double[b][b];
        for (int i = 0; i < b; i++) {
            double dot = 0;
            for (int j = 0; j < b; j++) {
                dot += a[i][j] * gHat[i][j];
            }
            for (int j = 0; j < b; j++) {
                dG[i][j] = (a[i][j] - gHat[i][j] * dot) / n[i];
            }
        }
        double[][] dF = new double[b][f[0].length];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                double s = dG[i][j] + dG[j][i];
                if (s == 0) {
                    continue;
                }
                for (int k = 0; k < f[0].length; k++) {
                    dF[i][k] += s * f[j][k];
                }
            }
        }
        return dF;
    }

    /** Entropy weights w_j = H_j / sum H of softmax(z_j), and H itself. */
    static double[][] softmax(double[][] z) {
        double[][] q = new double[z.length][];
        for (int j = 0; j < z.length; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z[j]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            q[j] = new double[z[j].length];
            for (int k = 0; k < z[j].length; k++) {
                q[j][k] = Math.exp(z[j][k] - max);
                sum += q[j][k];
            }
            for (int k = 0; k < z[j].length; k++) {
                q[j][k] /= sum;
            }
        }
        return q;
    }

    /** Row norms and row-normalised Gram matrices of the student (s) and teacher (t) features. */
    private record Relation(double[] ns, double[] nt, double[][] hs, double[][] ht) {
        static Relation of(double[][] fs, double[][] ft) {
            double[][] gs = gram(fs);
            double[][] gt = gram(ft);
            double[] ns = rowNorms(gs);
            double[] nt = rowNorms(gt);
            return new Relation(ns, nt, normalise(gs, ns), normalise(gt, nt));
        }
    }

    /** MAD: lambda * sum_i sum_j w_j (Ghat_s - Ghat_t)_ij^2. */
    public static Result mad(double[][] fs, double[][] ft, double[][] z, double lambda) {
        int b = fs.length;
        Relation rel = Relation.of(fs, ft);
        double[][] hs = rel.hs();
        double[][] ht = rel.ht();
        double[][] q = softmax(z);
        double[] h = new double[b];
        double hSum = 0;
        for (int j = 0; j < b; j++) {
            for (double p : q[j]) {
                h[j] -= p * Math.log(p + LOG_EPS);
            }
            hSum += h[j];
        }
        double[] col = new double[b];
        double loss = 0;
        double[][] a = new double[b][b];
        double[][] at = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                double diff = hs[i][j] - ht[i][j];
                double w = h[j] / hSum;
                col[j] += diff * diff;
                loss += w * diff * diff;
                a[i][j] = lambda * 2 * w * diff;
                at[i][j] = -a[i][j];
            }
        }
        Result r = new Result();
        r.loss = lambda * loss;
        r.dStudent = backToFeatures(a, hs, rel.ns(), fs);
        r.dTeacher = backToFeatures(at, ht, rel.nt(), ft);
        // dL/dH_j = lambda (col_j - loss) / hSum, then through the entropy and the softmax.
        r.dLogits = new double[b][z[0].length];
        for (int j = 0; j < b; j++) {
            double dH = lambda * (col[j] - loss) / hSum;
            int c = z[j].length;
            double[] u = new double[c];
            double qu = 0;
            for (int k = 0; k < c; k++) {
                u[k] = -Math.log(q[j][k] + LOG_EPS) - q[j][k] / (q[j][k] + LOG_EPS);
                qu += q[j][k] * u[k];
            }
            for (int l = 0; l < c; l++) {
                r.dLogits[j][l] = dH * q[j][l] * (u[l] - qu);
            }
        }
        return r;
    }

    /** SP: lambda * mean over the B x B matrix of (Ghat_s - Ghat_t)^2. */
    public static Result sp(double[][] fs, double[][] ft, double lambda) {
        int b = fs.length;
        Relation rel = Relation.of(fs, ft);
        double[][] hs = rel.hs();
        double[][] ht = rel.ht();
        double loss = 0;
        double[][] a = new double[b][b];
        double[][] at = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                double diff = hs[i][j] - ht[i][j];
                loss += diff * diff;
                a[i][j] = lambda * 2 * diff / ((double) b * b);
                at[i][j] = -a[i][j];
            }
        }
        Result r = new Result();
        r.loss = lambda * loss / ((double) b * b);
        r.dStudent = backToFeatures(a, hs, rel.ns(), fs);
        r.dTeacher = backToFeatures(at, ht, rel.nt(), ft);
        return r;
    }

    /** Masked MAR: (lambda / B) sum_n m_n CE(softmax(z_n), y_n); gradient of that mean. */
    public static Result mar(double[][] z, int[] y, boolean[] m, double lambda) {
        int b = z.length;
        double[][] q = softmax(z);
        Result r = new Result();
        r.dMarLogits = new double[b][z[0].length];
        for (int n = 0; n < b; n++) {
            if (!m[n]) {
                continue;
            }
            r.loss -= lambda * Math.log(q[n][y[n]]) / b;
            for (int k = 0; k < z[n].length; k++) {
                r.dMarLogits[n][k] = lambda * (q[n][k] - (k == y[n] ? 1 : 0)) / b;
            }
        }
        return r;
    }
}
