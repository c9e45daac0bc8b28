package io.mmanet.networks.diagnostics;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A loss that contributes nothing: zero score, zero gradient. Put in place of an output's own
 * loss to take that term out of a backward pass without knowing how the term gates itself.
 */
final class SilencedLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return 0.0;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return Nd4j.zeros(preOutput.dataType(), preOutput.size(0), 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return Nd4j.zeros(preOutput.dataType(), preOutput.shape());
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(0.0, computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "silenced";
    }
}
