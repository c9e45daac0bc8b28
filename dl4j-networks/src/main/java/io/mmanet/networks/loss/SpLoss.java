package io.mmanet.networks.loss;

import io.mmanet.compat.WorkspaceSafeSameDiffLoss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Similarity-preserving distillation, the SP ablation (spec decision 4 and section 5): the MAD
 * relation discrepancy D without uncertainty weighting, averaged over the B x B matrix.
 * Input rows are {@code [F_s (D values) | F_t (D values)]}; labels are the [N, 1] gate column, as
 * for {@link MadLoss}.
 */
public class SpLoss extends WorkspaceSafeSameDiffLoss {
    private static final long serialVersionUID = 1L;

    private double lambda;
    private long featureSize;

    /** For JSON. */
    public SpLoss() {
    }

    public SpLoss(double lambda, long featureSize) {
        this.lambda = lambda;
        this.featureSize = featureSize;
    }

    public double getLambda() {
        return lambda;
    }

    public long getFeatureSize() {
        return featureSize;
    }

    public long inputWidth() {
        return 2 * featureSize;
    }

    @Override
    public SDVariable defineLoss(SameDiff sd, SDVariable input, SDVariable labels) {
        SDVariable student = RelationLosses.columns(input, 0, featureSize);
        SDVariable teacher = RelationLosses.columns(input, featureSize, 2 * featureSize);
        SDVariable loss = RelationLosses.relationDiscrepancy(sd, student, teacher).mean().mul(lambda);
        return labels.mul(loss);
    }

    @Override
    public String name() {
        return "SpLoss";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpLoss s && s.lambda == lambda && s.featureSize == featureSize;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lambda) * 31 + Long.hashCode(featureSize);
    }

    @Override
    public String toString() {
        return "SpLoss(lambda=" + lambda + ", D=" + featureSize + ")";
    }
}
