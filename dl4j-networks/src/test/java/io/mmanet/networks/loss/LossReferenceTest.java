package io.mmanet.networks.loss;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * MAD, SP and masked MAR values and input gradients against {@link ReferenceLosses} (plain Java),
 * double precision, at most 1e-6 relative error (max-abs error over max-abs reference value).
 */
class LossReferenceTest {
    private static final double TOL = 1e-6;

    static double[][] random(Random r, int rows, int cols, double scale) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = r.nextGaussian() * scale;
            }
        }
        return a;
    }

    /** Features like post-ReLU activations: non-negative, some exact zeros. */
    static double[][] reluFeatures(Random r, int rows, int cols) {
        double[][] a = random(r, rows, cols, 1.0);
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.max(0, row[j]);
            }
        }
        return a;
    }

    static INDArray concat(double[][]... parts) {
        INDArray[] arrays = new INDArray[parts.length];
        for (int i = 0; i < parts.length; i++) {
            arrays[i] = Nd4j.create(parts[i]);
        }
        return Nd4j.hstack(arrays).castTo(DataType.DOUBLE);
    }

    static void assertClose(double expected, double actual, String what) {
        double rel = Math.abs(expected - actual) / Math.max(Math.abs(expected), 1e-300);
        assertTrue(rel <= TOL, what + ": expected " + expected + ", got " + actual + " (relative error " + rel + ")");
    }

    static void assertClose(double[][] expected, INDArray actual, String what) {
        assertClose(expected, actual, TOL, what);
    }

    static void assertClose(double[][] expected, INDArray actual, double tol, String what) {
        double maxRef = 0;
        double maxErr = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                maxRef = Math.max(maxRef, Math.abs(expected[i][j]));
                maxErr = Math.max(maxErr, Math.abs(expected[i][j] - actual.getDouble(i, j)));
            }
        }
        assertTrue(maxRef > 0, what + ": reference gradient is all zero");
        assertTrue(maxErr / maxRef <= tol, what + ": relative error " + (maxErr / maxRef));
    }

    static INDArray ones(int b) {
        return Nd4j.ones(DataType.DOUBLE, b, 1);
    }

    @ParameterizedTest(name = "MAD B={0} D={1} C={2}")
    @CsvSource({"2, 8192, 2", "8, 300, 10", "8, 8192, 10", "64, 8192, 2", "64, 50, 10", "2, 7, 10"})
    void madMatchesReference(int b, int d, int c) {
        Random r = new Random(1000L * b + d + c);
        double[][] fs = reluFeatures(r, b, d);
        double[][] ft = reluFeatures(r, b, d);
        double[][] z = random(r, b, c, 2.0);
        double lambda = 30.0;
        ReferenceLosses.Result ref = ReferenceLosses.mad(fs, ft, z, lambda);
        MadLoss loss = new MadLoss(lambda, d, c);
        INDArray in = concat(fs, ft, z);
        double score = loss.computeScore(ones(b), in, new ActivationIdentity(), null, true);
        assertClose(ref.loss, score, "MAD value");
        // DL4J's loss gradient is that of the summed per-example scores (N * lambda * L); the
        // updater divides by N.
        INDArray grad = loss.computeGradient(ones(b), in, new ActivationIdentity(), null).div(b);
        assertClose(ref.dStudent, grad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)), "MAD dF_s");
        assertClose(ref.dTeacher, grad.get(NDArrayIndex.all(), NDArrayIndex.interval(d, 2 * d)), "MAD dF_t");
        assertClose(ref.dLogits, grad.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * d, 2 * d + c)), "MAD dz_t");
    }

    @ParameterizedTest(name = "SP B={0} D={1}")
    @CsvSource({"2, 8192", "8, 300", "64, 8192", "64, 50"})
    void spMatchesReference(int b, int d) {
        Random r = new Random(77L * b + d);
        double[][] fs = reluFeatures(r, b, d);
        double[][] ft = reluFeatures(r, b, d);
        double lambda = 3.0;
        ReferenceLosses.Result ref = ReferenceLosses.sp(fs, ft, lambda);
        SpLoss loss = new SpLoss(lambda, d);
        INDArray in = concat(fs, ft);
        assertClose(ref.loss, loss.computeScore(ones(b), in, new ActivationIdentity(), null, true), "SP value");
        INDArray grad = loss.computeGradient(ones(b), in, new ActivationIdentity(), null).div(b);
        assertClose(ref.dStudent, grad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)), "SP dF_s");
        assertClose(ref.dTeacher, grad.get(NDArrayIndex.all(), NDArrayIndex.interval(d, 2 * d)), "SP dF_t");
    }

    @ParameterizedTest(name = "MAR B={0} C={1}")
    @CsvSource({"2, 2", "8, 10", "64, 2", "64, 10"})
    void maskedMarMatchesReference(int b, int c) {
        Random r = new Random(31L * b + c);
        double[][] z = random(r, b, c, 1.5);
        int[] y = new int[b];
        boolean[] m = new boolean[b];
        double[][] labels = new double[b][c];
        double[][] mask = new double[b][c];
        for (int n = 0; n < b; n++) {
            y[n] = r.nextInt(c);
            labels[n][y[n]] = 1;
            m[n] = n == 0 || r.nextBoolean();
            java.util.Arrays.fill(mask[n], m[n] ? 1 : 0);
        }
        double lambda = 0.5;
        ReferenceLosses.Result ref = ReferenceLosses.mar(z, y, m, lambda);
        MarLoss loss = new MarLoss(lambda);
        INDArray pre = Nd4j.create(z).castTo(DataType.DOUBLE);
        INDArray lab = Nd4j.create(labels).castTo(DataType.DOUBLE);
        INDArray msk = Nd4j.create(mask).castTo(DataType.DOUBLE);
        // average=true divides by the full batch size B, masked samples included (decision 6).
        assertClose(ref.loss, loss.computeScore(lab, pre, new ActivationSoftmax(), msk, true), "MAR value");
        INDArray grad = loss.computeGradient(lab, pre, new ActivationSoftmax(), msk).div(b);
        assertClose(ref.dMarLogits, grad, "MAR dz");
    }

    @Test
    void madIsBatchWise() {
        int b = 8;
        int d = 40;
        int c = 2;
        Random r = new Random(5);
        double[][] fs = reluFeatures(r, b, d);
        double[][] ft = reluFeatures(r, b, d);
        double[][] z = random(r, b, c, 1.0);
        MadLoss loss = new MadLoss(30.0, d, c);
        INDArray in = concat(fs, ft, z);
        INDArray scores = loss.computeScoreArray(ones(b), in, new ActivationIdentity(), null);
        INDArray grad = loss.computeGradient(ones(b), in, new ActivationIdentity(), null);
        // Change only sample 5's deployment features.
        for (int k = 0; k < d; k++) {
            fs[5][k] = Math.abs(r.nextGaussian());
        }
        INDArray in2 = concat(fs, ft, z);
        INDArray scores2 = loss.computeScoreArray(ones(b), in2, new ActivationIdentity(), null);
        INDArray grad2 = loss.computeGradient(ones(b), in2, new ActivationIdentity(), null);
        assertNotEquals(scores.getDouble(0), scores2.getDouble(0), "sample 0's MAD must depend on sample 5");
        assertNotEquals(grad.getRow(0), grad2.getRow(0), "sample 0's MAD gradient must depend on sample 5");
        // Sample 0's own inputs did not change.
        assertEquals(in.getRow(0), in2.getRow(0));
    }

    @Test
    void gateSwitchesDistillationOff() {
        int b = 4;
        int d = 10;
        Random r = new Random(9);
        INDArray in = concat(reluFeatures(r, b, d), reluFeatures(r, b, d), random(r, b, 2, 1.0));
        MadLoss loss = new MadLoss(30.0, d, 2);
        INDArray off = Nd4j.zeros(DataType.DOUBLE, b, 1);
        assertEquals(0.0, loss.computeScore(off, in, new ActivationIdentity(), null, true));
        assertEquals(0.0, loss.computeGradient(off, in, new ActivationIdentity(), null).amaxNumber().doubleValue());
        assertTrue(loss.computeScore(ones(b), in, new ActivationIdentity(), null, true) > 0);
    }
}
