package io.mmanet.networks.metrics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Counts of (true label, predicted label) pairs. Mergeable, so partitions can count their own
 * samples and a reduce adds them up. Stored flat (row = true label) to stay a plain data class.
 */
public final class ConfusionMatrix implements Serializable {
    private static final long serialVersionUID = 1L;

    private int numClasses;
    private long[] counts;

    /** For serializers only. */
    @SuppressWarnings("unused")
    private ConfusionMatrix() {
    }

    public ConfusionMatrix(int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classification task needs at least 2 classes, got " + numClasses);
        }
        this.numClasses = numClasses;
        this.counts = new long[numClasses * numClasses];
    }

    public void add(int trueLabel, int predicted) {
        check(trueLabel);
        check(predicted);
        counts[trueLabel * numClasses + predicted]++;
    }

    /** Adds {@code other}'s counts into this matrix and returns this (for reduce). */
    public ConfusionMatrix merge(ConfusionMatrix other) {
        if (other.numClasses != numClasses) {
            throw new IllegalArgumentException("cannot merge a " + other.numClasses + "-class matrix into a "
                    + numClasses + "-class one");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        return this;
    }

    public int numClasses() {
        return numClasses;
    }

    public long count(int trueLabel, int predicted) {
        return counts[trueLabel * numClasses + predicted];
    }

    /** Number of samples whose true label is {@code label}. */
    public long actual(int label) {
        long s = 0;
        for (int p = 0; p < numClasses; p++) {
            s += count(label, p);
        }
        return s;
    }

    /** Number of samples predicted as {@code label}. */
    public long predicted(int label) {
        long s = 0;
        for (int t = 0; t < numClasses; t++) {
            s += count(t, label);
        }
        return s;
    }

    /** Predicted-label histogram: {@link #predicted} of every class. */
    public long[] predictedCounts() {
        long[] h = new long[numClasses];
        for (int k = 0; k < numClasses; k++) {
            h[k] = predicted(k);
        }
        return h;
    }

    public long total() {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }

    public long correct() {
        long s = 0;
        for (int c = 0; c < numClasses; c++) {
            s += count(c, c);
        }
        return s;
    }

    private void check(int label) {
        if (label < 0 || label >= numClasses) {
            throw new IllegalArgumentException("label " + label + " is outside [0, " + numClasses + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && m.numClasses == numClasses && Arrays.equals(m.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * numClasses + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + Arrays.toString(counts);
    }
}
