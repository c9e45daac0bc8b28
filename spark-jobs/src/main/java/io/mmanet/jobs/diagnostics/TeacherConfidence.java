package io.mmanet.jobs.diagnostics;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * How sure the teacher is, and when it is sure and wrong: the entropy of its predicted class
 * distribution per counted prediction (a sample, or a labelled pixel of a per-pixel task) as a
 * histogram of {@code bins} equal bins over [0, ln K], its mean and median, and the fraction of
 * predictions that are wrong with a top probability of at least {@code confidentProbability}.
 * A teacher whose distribution is nearly one-hot everywhere gives MAD little to pass on beyond the
 * label; one that is often confidently wrong passes on wrong relations. Pure: feed it outputs.
 */
public final class TeacherConfidence {
    private final int classes;
    private final double confidentProbability;
    private final long[] counts;
    private double[] entropies = new double[256];
    private int n;
    private long correct;
    private long confidentlyWrong;

    public TeacherConfidence(int classes, int bins, double confidentProbability) {
        if (classes < 2 || bins < 1) {
            throw new IllegalArgumentException("need at least 2 classes and 1 bin, got " + classes + ", " + bins);
        }
        this.classes = classes;
        this.confidentProbability = confidentProbability;
        this.counts = new long[bins];
    }

    /**
     * Adds predictions: {@code probabilities} is [n, K] (per sample) or [n, K, H, W] (per pixel,
     * labels in sample, row, column order); labels outside [0, K) (ignored pixels) are skipped.
     */
    public void add(INDArray probabilities, int[] labels) {
        INDArray p = probabilities.rank() == 4
                ? probabilities.permute(0, 2, 3, 1).dup('c').reshape(-1, probabilities.size(1))
                : probabilities;
        if (p.size(1) != classes || p.size(0) != labels.length) {
            throw new IllegalArgumentException("expected " + labels.length + " x " + classes + " probabilities, got "
                    + Arrays.toString(probabilities.shape()));
        }
        double[][] rows = p.toDoubleMatrix();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0 && labels[i] < classes) {
                add(rows[i], labels[i]);
            }
        }
    }

    /** Adds one prediction: its class probabilities and the true class. */
    public void add(double[] probabilities, int label) {
        double h = 0;
        int top = 0;
        for (int k = 0; k < probabilities.length; k++) {
            double q = probabilities[k];
            if (q > 0) {
                h -= q * Math.log(q);
            }
            top = q > probabilities[top] ? k : top;
        }
        h = Math.max(0, Math.min(h, maxEntropy()));
        counts[Math.min(counts.length - 1, (int) (h / maxEntropy() * counts.length))]++;
        if (n == entropies.length) {
            entropies = Arrays.copyOf(entropies, 2 * n);
        }
        entropies[n++] = h;
        if (top == label) {
            correct++;
        } else if (probabilities[top] >= confidentProbability) {
            confidentlyWrong++;
        }
    }

    /** ln K: the entropy of the uniform distribution, the histogram's upper edge. */
    public double maxEntropy() {
        return Math.log(classes);
    }

    public long[] counts() {
        return counts.clone();
    }

    /** The bins' edges, {@code bins + 1} of them from 0 to ln K. */
    public double[] edges() {
        double[] e = new double[counts.length + 1];
        for (int i = 0; i < e.length; i++) {
            e[i] = maxEntropy() * i / counts.length;
        }
        return e;
    }

    public long total() {
        return n;
    }

    public double meanEntropy() {
        return n == 0 ? Double.NaN : Arrays.stream(entropies, 0, n).average().orElse(Double.NaN);
    }

    public double medianEntropy() {
        if (n == 0) {
            return Double.NaN;
        }
        double[] s = Arrays.copyOf(entropies, n);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Fraction of predictions whose top class is the label (argmax; ties go to the lower class). */
    public double accuracy() {
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    /** Fraction of all predictions that are wrong with a top probability of at least the threshold. */
    public double confidentlyWrongFraction() {
        return n == 0 ? Double.NaN : (double) confidentlyWrong / n;
    }

    public double confidentProbability() {
        return confidentProbability;
    }
}
