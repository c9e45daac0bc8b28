package io.mmanet.methods.dmrnet;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import io.mmanet.networks.loss.ExplicitGradientLoss;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * DMRNet's KL term (spec 7.1): per example {@code scale * sum_d 0.5 * (sigma_d^2 + mu_d^2 - log sigma_d^2 - 1)},
 * i.e. KL(N(mu, sigma^2) || N(0, I)); DL4J's output layer averages it over the batch. Input rows
 * are {@code [mu (D values) | log sigma^2 (D values)]} (identity activation), D = C*h*w for an
 * embedding map flattened per sample (both tasks); the labels are an
 * [N, 1] gate column multiplying each example's term (1 throughout training: the official code
 * applies the KL from the first epoch). Written with ND4J ops and an explicit gradient: two
 * element-wise expressions need no SameDiff graph.
 */
public class GaussianKlLoss extends ExplicitGradientLoss {
    private static final long serialVersionUID = 1L;

    private double scale;
    private long dimensions;

    /** For JSON. */
    public GaussianKlLoss() {
    }

    public GaussianKlLoss(double scale, long dimensions) {
        this.scale = scale;
        this.dimensions = dimensions;
    }

    public double getScale() {
        return scale;
    }

    public long getDimensions() {
        return dimensions;
    }

    private INDArray mu(INDArray in) {
        check(in);
        return in.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dimensions));
    }

    private INDArray logvar(INDArray in) {
        return in.get(NDArrayIndex.all(), NDArrayIndex.interval(dimensions, 2 * dimensions));
    }

    private void check(INDArray in) {
        if (in.rank() != 2 || in.size(1) != 2 * dimensions) {
            throw new IllegalArgumentException("GaussianKlLoss: expected [N, " + 2 * dimensions
                    + "] rows [mu | log sigma^2], got " + java.util.Arrays.toString(in.shape()));
        }
    }

    /** [N, 1] weight per example: scale * gate * mask. */
    private INDArray weights(INDArray labels, INDArray mask, INDArray like) {
        INDArray w = labels.getColumn(0).reshape(like.size(0), 1).castTo(like.dataType()).mul(scale);
        if (mask != null) {
            w.muli(mask.getColumn(0).reshape(like.size(0), 1).castTo(like.dataType()));
        }
        return w;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray in = activationFn.getActivation(preOutput.dup(), true);
        INDArray mu = mu(in);
        INDArray lv = logvar(in);
        INDArray terms = Transforms.exp(lv, true).addi(mu.mul(mu)).subi(lv).subi(1.0).muli(0.5);
        return terms.sum(true, 1).muli(weights(labels, mask, in)).reshape(in.size(0), 1);
    }


    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray in = activationFn.getActivation(preOutput.dup(), true);
        INDArray w = weights(labels, mask, in);
        INDArray grad = in.ulike();
        grad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dimensions)).assign(mu(in).mulColumnVector(w));
        grad.get(NDArrayIndex.all(), NDArrayIndex.interval(dimensions, 2 * dimensions))
                .assign(Transforms.exp(logvar(in), true).subi(1.0).muli(0.5).mulColumnVector(w));
        return activationFn.backprop(preOutput.dup(), grad).getFirst();
    }

    @Override
    public String name() {
        return "GaussianKlLoss";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianKlLoss k && k.scale == scale && k.dimensions == dimensions;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(scale) * 31 + Long.hashCode(dimensions);
    }

    @Override
    public String toString() {
        return "GaussianKlLoss(scale=" + scale + ", D=" + dimensions + ")";
    }
}
