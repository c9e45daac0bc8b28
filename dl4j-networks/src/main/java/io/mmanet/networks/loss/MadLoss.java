package io.mmanet.networks.loss;

import io.mmanet.compat.WorkspaceSafeSameDiffLoss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Modality-aware distillation loss (spec decision 4 and section 2.1, the official classification code):
 * <pre>
 *   G = F F^T per network, rows L2-normalised;  D[i,j] = (G_s[i,j] - G_t[i,j])^2
 *   w_j = H_j / sum_k H_k,  H_j = entropy(softmax(teacher logits_j))
 *   L_MAD = sum_i sum_j w_j D[i,j]          (column j weighted; no division by B)
 * </pre>
 * A batch-wise loss on a DL4J {@code LossLayer}. Its input is one row per sample:
 * {@code [F_s (D values) | F_t (D values) | teacher logits (C values)]}; the labels are an [N, 1]
 * gate column (1 = on, 0 = off: the data switches MAD off during warm-up, decision 7). Each
 * example's score is {@code lambda * gate_n * L_MAD}; DL4J sums and divides by N, so the
 * objective is {@code lambda * L_MAD} when the gate is on.
 */
public class MadLoss extends WorkspaceSafeSameDiffLoss {
    private static final long serialVersionUID = 1L;
    /** Inside the entropy's log, so a saturated teacher row gives 0 instead of NaN. */
    static final double LOG_EPS = 1e-12;

    private double lambda;
    private long featureSize;
    private int numClasses;

    /** For JSON. */
    public MadLoss() {
    }

    public MadLoss(double lambda, long featureSize, int numClasses) {
        this.lambda = lambda;
        this.featureSize = featureSize;
        this.numClasses = numClasses;
    }

    public double getLambda() {
        return lambda;
    }

    public long getFeatureSize() {
        return featureSize;
    }

    public int getNumClasses() {
        return numClasses;
    }

    /** Width of the loss layer's input. */
    public long inputWidth() {
        return 2 * featureSize + numClasses;
    }

    @Override
    public SDVariable defineLoss(SameDiff sd, SDVariable input, SDVariable labels) {
        long d = featureSize;
        SDVariable student = RelationLosses.columns(input, 0, d);
        SDVariable teacher = RelationLosses.columns(input, d, 2 * d);
        SDVariable logits = RelationLosses.columns(input, 2 * d, 2 * d + numClasses);
        SDVariable discrepancy = RelationLosses.relationDiscrepancy(sd, student, teacher);
        SDVariable q = sd.nn.softmax(logits, 1);
        SDVariable entropy = q.mul(sd.math.log(q.add(LOG_EPS))).sum(true, 1).neg(); // [N, 1]
        // L = sum_j H_j c_j / sum_k H_k with c_j = sum_i D[i,j]: the entropy normalisation is one
        // scalar division at the end (a broadcast division by a reduced sum backpropagates wrongly
        // in SameDiff M2.1; see LossReferenceTest).
        SDVariable weightedSum = discrepancy.mul(sd.reshape(entropy, 1, -1)).sum();
        SDVariable loss = weightedSum.div(entropy.sum()).mul(lambda);
        return labels.mul(loss);
    }

    @Override
    public String name() {
        return "MadLoss";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MadLoss m && m.lambda == lambda && m.featureSize == featureSize
                && m.numClasses == numClasses;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lambda) * 31 + Long.hashCode(featureSize) * 17 + numClasses;
    }

    @Override
    public String toString() {
        return "MadLoss(lambda=" + lambda + ", D=" + featureSize + ", C=" + numClasses + ")";
    }
}
