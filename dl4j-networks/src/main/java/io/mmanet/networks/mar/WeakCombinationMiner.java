package io.mmanet.networks.mar;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure logic of MAR mining (spec decision 5, section 3.2): which combinations are predicted, how a
 * predicted-label histogram is counted, and the discrepancy of a combination against full,
 * d_c = KL(h_c || h_full) on epsilon-smoothed histograms (the official extra softmax is dropped).
 */
public final class WeakCombinationMiner {

    private WeakCombinationMiner() {
    }

    /**
     * The combinations predicted at each mining epoch: every combination with M-1 modalities (the
     * candidates for the weak combination c*), in canonical order, then the full combination last.
     */
    public static List<ModalityCombination> candidates(Modalities modalities) {
        List<ModalityCombination> result = new ArrayList<>();
        for (ModalityCombination c : ModalityCombination.all(modalities)) {
            if (c.size() == modalities.size() - 1) {
                result.add(c);
            }
        }
        result.add(ModalityCombination.full(modalities));
        return result;
    }

    /** Adds the argmax of each row of {@code probabilities} [N, C] to {@code counts}. */
    public static void countPredictions(INDArray probabilities, long[] counts) {
        if (probabilities.rank() != 2 || probabilities.size(1) != counts.length) {
            throw new IllegalArgumentException("expected [N, " + counts.length + "] predictions, got "
                    + java.util.Arrays.toString(probabilities.shape()));
        }
        long[] argmax = probabilities.argMax(1).toLongVector();
        for (long k : argmax) {
            counts[(int) k]++;
        }
    }

    /** The histogram smoothed as (n_k / N + eps) / (1 + C * eps): no empty bin, still sums to 1. */
    public static double[] smoothedHistogram(long[] counts, double eps) {
        long total = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count in histogram");
            }
            total += c;
        }
        if (total == 0) {
            throw new IllegalArgumentException("empty histogram: no prediction was counted");
        }
        double[] p = new double[counts.length];
        double norm = 1.0 + counts.length * eps;
        for (int k = 0; k < counts.length; k++) {
            p[k] = ((double) counts[k] / total + eps) / norm;
        }
        return p;
    }

    /** d = KL(h_c || h_full) = sum_k p_k log(p_k / q_k) on smoothed histograms. */
    public static double discrepancy(long[] combinationCounts, long[] fullCounts, double eps) {
        if (combinationCounts.length != fullCounts.length) {
            throw new IllegalArgumentException("histograms have " + combinationCounts.length + " and "
                    + fullCounts.length + " classes");
        }
        double[] p = smoothedHistogram(combinationCounts, eps);
        double[] q = smoothedHistogram(fullCounts, eps);
        double kl = 0;
        for (int k = 0; k < p.length; k++) {
            kl += p[k] * Math.log(p[k] / q[k]);
        }
        return kl;
    }
}
