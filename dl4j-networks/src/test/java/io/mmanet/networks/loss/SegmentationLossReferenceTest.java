package io.mmanet.networks.loss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Per-pixel CE (with weights, ignore label and example mask: the deployment and the MAR / SR loss)
 * and segmentation MAD / SP against {@link SegmentationReference} (plain Java), double precision.
 */
class SegmentationLossReferenceTest {
    private static final double TOL = 1e-6;
    private static final int IGNORE = 255;

    static double[][][][] random(Random r, int n, int c, int h, int w, boolean positive) {
        double[][][][] a = new double[n][c][h][w];
        for (double[][][] x : a) {
            for (double[][] y : x) {
                for (double[] z : y) {
                    for (int i = 0; i < z.length; i++) {
                        z[i] = positive ? Math.max(0, r.nextGaussian()) + 0.01 * r.nextDouble() : 1.5 * r.nextGaussian();
                    }
                }
            }
        }
        return a;
    }

    /** [n][c][h][w] to DL4J's CnnLossLayer rows [n*h*w, c] (row (n*h + y)*w + x). */
    static INDArray rows(double[][][][] a) {
        return Nd4j.create(SegmentationReference.pixelRows(a)).castTo(DataType.DOUBLE);
    }

    @ParameterizedTest(name = "pixel CE N={0} C={1} {2}x{3} weighted={4} masked={5}")
    @CsvSource({"2, 3, 4, 4, false, false", "3, 4, 2, 3, true, false", "4, 3, 3, 3, true, true", "1, 2, 5, 2, false, true"})
    void pixelCrossEntropyMatchesReference(int n, int c, int h, int w, boolean weighted, boolean masked) {
        Random r = new Random(100L * n + 10L * c + h + (weighted ? 7 : 0) + (masked ? 13 : 0));
        double[][][][] z = random(r, n, c, h, w, false);
        int[][][] y = new int[n][h][w];
        double[][][][] oneHot = new double[n][c][h][w];
        for (int i = 0; i < n; i++) {
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    y[i][yy][xx] = (yy + xx + i) % 5 == 0 ? IGNORE : r.nextInt(c);
                    if (y[i][yy][xx] != IGNORE) {
                        oneHot[i][y[i][yy][xx]][yy][xx] = 1;
                    }
                }
            }
        }
        double[] weights = null;
        if (weighted) {
            weights = new double[c];
            for (int k = 0; k < c; k++) {
                weights[k] = 0.2 + 2 * r.nextDouble();
            }
        }
        double[] m = new double[n];
        double[][][][] mask = new double[n][c][h][w];
        for (int i = 0; i < n; i++) {
            m[i] = !masked || i == 0 || r.nextBoolean() ? 1 : 0;
            for (double[][] plane : mask[i]) {
                for (double[] row : plane) {
                    java.util.Arrays.fill(row, m[i]);
                }
            }
        }
        double scale = masked ? 0.5 : 1.0;
        SegmentationReference.PixelCe ref = SegmentationReference.pixelCe(z, y, weights, m, IGNORE, scale);
        PixelCrossEntropy loss = new PixelCrossEntropy(scale, weights, (long) h * w);
        INDArray pre = rows(z);
        INDArray lab = rows(oneHot);
        INDArray msk = rows(mask);
        // average=true divides the summed scores by N: the objective itself.
        LossReferenceTest.assertClose(ref.loss, loss.computeScore(lab, pre, new ActivationSoftmax(), msk, true), "pixel CE value");
        INDArray perRow = loss.computeScoreArray(lab, pre, new ActivationSoftmax(), msk);
        LossReferenceTest.assertClose(ref.loss * n, perRow.sumNumber().doubleValue(), "per-row scores sum to N * L");
        // The gradient is that of the summed scores (N * L); the updater divides by N.
        INDArray grad = loss.computeGradient(lab, pre, new ActivationSoftmax(), msk).div(n);
        LossReferenceTest.assertClose(SegmentationReference.pixelRows(ref.dz), grad, TOL, "pixel CE dz");
    }

    @Test
    void ignoredAndUnselectedPixelsGetNoGradient() {
        double[][][][] z = random(new Random(5), 2, 3, 2, 2, false);
        double[][][][] oneHot = new double[2][3][2][2];
        oneHot[0][1][0][0] = 1; // the only counted pixel: sample 0, (0, 0)
        oneHot[1][2][1][1] = 1; // sample 1 is masked off
        double[][][][] mask = new double[2][3][2][2];
        for (double[][] plane : mask[0]) {
            for (double[] row : plane) {
                java.util.Arrays.fill(row, 1);
            }
        }
        INDArray grad = new PixelCrossEntropy(1, null, 4).computeGradient(rows(oneHot), rows(z), new ActivationSoftmax(),
                rows(mask));
        for (int p = 1; p < 8; p++) {
            assertEquals(0.0, grad.getRow(p).norm1Number().doubleValue(), 0.0, "row " + p);
        }
        assertTrue(grad.getRow(0).norm1Number().doubleValue() > 0);
        INDArray none = new PixelCrossEntropy(1, null, 4).computeGradient(rows(new double[2][3][2][2]), rows(z),
                new ActivationSoftmax(), rows(mask));
        assertEquals(0.0, none.norm1Number().doubleValue(), 0.0, "an all-ignored batch has no loss and no gradient");
    }

    /** Input rows of the loss: per level [F_s | F_t | teacher logits (MAD only)], C-order maps. */
    static INDArray madInput(double[][][][][] fs, double[][][][][] ft, double[][][][][] zt) {
        java.util.List<INDArray> parts = new java.util.ArrayList<>();
        for (int l = 0; l < fs.length; l++) {
            parts.add(Nd4j.create(SegmentationReference.flatten(fs[l])));
            parts.add(Nd4j.create(SegmentationReference.flatten(ft[l])));
            if (zt != null) {
                parts.add(Nd4j.create(SegmentationReference.flatten(zt[l])));
            }
        }
        return Nd4j.hstack(parts.toArray(new INDArray[0])).castTo(DataType.DOUBLE);
    }

    static double refMad(double lambda, double[][][][][] fs, double[][][][][] ft, double[][][][][] zt) {
        double sum = 0;
        for (int l = 0; l < fs.length; l++) {
            sum += SegmentationReference.segMadLevel(fs[l], ft[l], zt == null ? null : zt[l]);
        }
        return lambda * sum;
    }

    @ParameterizedTest(name = "segmentation {0}, N={1}")
    @CsvSource({"MAD, 2", "MAD, 3", "SP, 2"})
    void segmentationMadMatchesReference(String kind, int n) {
        boolean mad = kind.equals("MAD");
        Random r = new Random(n * 31L + kind.length());
        int k = 3;
        int[][] levels = {{4, 1, 1}, {3, 2, 2}, {2, 2, 3}};
        double[][][][][] fs = new double[levels.length][][][][];
        double[][][][][] ft = new double[levels.length][][][][];
        double[][][][][] zt = mad ? new double[levels.length][][][][] : null;
        for (int l = 0; l < levels.length; l++) {
            fs[l] = random(r, n, levels[l][0], levels[l][1], levels[l][2], true);
            ft[l] = random(r, n, levels[l][0], levels[l][1], levels[l][2], true);
            if (mad) {
                zt[l] = random(r, n, k, levels[l][1], levels[l][2], false);
            }
        }
        double lambda = 4.0;
        SegmentationMadLoss loss = new SegmentationMadLoss(lambda, levels, k, mad);
        INDArray in = madInput(fs, ft, zt);
        assertEquals(loss.inputWidth(), in.size(1));
        INDArray gate = Nd4j.ones(DataType.DOUBLE, n, 1);
        double ref = refMad(lambda, fs, ft, zt);
        LossReferenceTest.assertClose(ref, loss.computeScore(gate, in, new ActivationIdentity(), null, true), kind + " value");
        assertEquals(0.0, loss.computeScore(Nd4j.zeros(DataType.DOUBLE, n, 1), in, new ActivationIdentity(), null, true),
                0.0, "gate 0 (warm-up) switches it off");
        // Gradient of the objective against central differences of the independent reference.
        INDArray grad = loss.computeGradient(gate, in, new ActivationIdentity(), null).div(n);
        double[][] numeric = new double[n][(int) in.size(1)];
        double h = 1e-5;
        for (int l = 0, col = 0; l < levels.length; l++) {
            for (double[][][][] block : mad ? new double[][][][][] {fs[l], ft[l], zt[l]} : new double[][][][][] {fs[l], ft[l]}) {
                for (int i = 0; i < n; i++) {
                    int c0 = col;
                    for (int c = 0; c < block[i].length; c++) {
                        for (int yy = 0; yy < block[i][c].length; yy++) {
                            for (int xx = 0; xx < block[i][c][yy].length; xx++) {
                                double keep = block[i][c][yy][xx];
                                block[i][c][yy][xx] = keep + h;
                                double plus = refMad(lambda, fs, ft, zt);
                                block[i][c][yy][xx] = keep - h;
                                double minus = refMad(lambda, fs, ft, zt);
                                block[i][c][yy][xx] = keep;
                                numeric[i][c0++] = (plus - minus) / (2 * h);
                            }
                        }
                    }
                }
                col += block[0].length * block[0][0].length * block[0][0][0].length;
            }
        }
        LossReferenceTest.assertClose(numeric, grad, 1e-5, kind + " gradient");
    }
}
