package io.mmanet.networks.loss;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A loss written with its gradient by hand (plain ND4J, no SameDiff session per call): each one
 * gives its score and gradient; the combined call is the two of them.
 */
public abstract class ExplicitGradientLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    /**
     * The sum of {@link #computeScoreArray}, or its mean per example when {@code average}: rows are
     * examples unless {@link #rowsPerExample} says otherwise.
     */
    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return perExampleScore(sum, preOutput.size(0), rowsPerExample(), average);
    }

    /** Rows of the layer's input per example: 1, or H*W for a per-pixel loss on a CnnLossLayer. */
    protected long rowsPerExample() {
        return 1;
    }

    /**
     * The score of a per-pixel loss whose rows are the pixels of the batch ({@code rows} =
     * N * {@code pixelsPerExample}, as on a CnnLossLayer): {@code sum}, or its mean per example
     * when {@code average}, so the score does not grow with the image size.
     */
    protected static double perExampleScore(double sum, long rows, long pixelsPerExample, boolean average) {
        return average ? sum / ((double) rows / pixelsPerExample) : sum;
    }
}
