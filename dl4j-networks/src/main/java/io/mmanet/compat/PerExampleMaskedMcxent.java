package io.mmanet.compat;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Softmax cross-entropy that accepts its per-example label mask as an [N, C] array (every column
 * of a row equal) and scales the loss by a constant.
 *
 * <p>Why: dl4j-spark 1.0.0-M2 re-batches with {@code MultiDataSet.merge}, which copies [n, 1]
 * label masks into an [N, C] array as if they were [n, C] (the wrong examples end up masked), and
 * {@code MultiDataSet.load} on a thread that never saved turns null masks into placeholder arrays
 * (FEASIBILITY.md 3(c)). [N, C] masks survive both, but stock {@link LossMCXENT} rejects them with
 * softmax ("Per output masking for MCXENT + softmax: not supported"). This class reduces such a
 * mask to its first column before delegating, and refuses a mask whose columns differ.
 *
 * <p>A minibatch of one example (the regularization network on a single selected row) meets a
 * second upstream bug: {@code LossUtil.isPerOutputMasking} takes a [1, 1] mask for a per-output one
 * (it is no column vector) and LossMCXENT throws; such a mask is applied here as the factor it is.
 *
 * <p>Scores are summed over examples and DL4J divides by the full minibatch size N, so a masked
 * example counts in the denominator: the loss is (scale / N) * sum over unmasked examples of CE.
 */
public class PerExampleMaskedMcxent extends LossMCXENT {
    private static final long serialVersionUID = 1L;

    private double scale = 1.0;

    /** For JSON. */
    public PerExampleMaskedMcxent() {
    }

    public PerExampleMaskedMcxent(double scale) {
        this.scale = scale;
    }

    public double getScale() {
        return scale;
    }

    /** [N, C] or [N, 1] mask to [N, 1]; null stays null. */
    static INDArray perExample(INDArray mask) {
        if (mask == null || mask.rank() != 2 || mask.size(1) == 1) {
            return mask;
        }
        INDArray first = mask.getColumn(0).reshape(mask.size(0), 1);
        if (!mask.max(1).reshape(mask.size(0), 1).equals(first) || !mask.min(1).reshape(mask.size(0), 1).equals(first)) {
            throw new IllegalArgumentException("PerExampleMaskedMcxent: label mask rows must be constant "
                    + "(one value per example); got a per-output mask");
        }
        return first.dup();
    }

    /** The factor of a one-example mask (applied by hand, see the class comment), else 1. */
    private static double singleRowFactor(INDArray perExample) {
        return perExample != null && perExample.size(0) == 1 ? perExample.getDouble(0) : 1.0;
    }

    /** The mask to hand to LossMCXENT: none for a one-example mask. */
    private static INDArray upstreamMask(INDArray perExample) {
        return perExample != null && perExample.size(0) == 1 ? null : perExample;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray m = perExample(mask);
        return super.computeScoreArray(labels, preOutput, activationFn, upstreamMask(m)).muli(scale * singleRowFactor(m));
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        INDArray m = perExample(mask);
        return scale * singleRowFactor(m) * super.computeScore(labels, preOutput, activationFn, upstreamMask(m), average);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray m = perExample(mask);
        return super.computeGradient(labels, preOutput, activationFn, upstreamMask(m)).muli(scale * singleRowFactor(m));
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PerExampleMaskedMcxent p && p.scale == scale && super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Double.hashCode(scale);
    }

    @Override
    public String toString() {
        return "PerExampleMaskedMcxent(scale=" + scale + ")";
    }
}
