package io.mmanet.methods.modalityteachers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import io.mmanet.networks.loss.ExplicitGradientLoss;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * Soft-target distillation from several teachers (Wang et al., KDD 2020, spec 7.3; Hinton's T^2
 * scaling): per example
 * <pre>
 *   L_n = gate_n * sum_m alpha_m * T^2 * KL(q_m || p),   q_m = softmax(t_m / T),  p = softmax(s / T)
 * </pre>
 * where s are the student's logits and t_m teacher m's. Its input is one row per sample:
 * {@code [s (C values) | t_1 (C) | ... | t_M (C)]}; the labels are an [N, 1] gate column. DL4J sums
 * the examples and divides by N, which is PyTorch's {@code KLDivLoss(reduction='batchmean')}.
 * The gradient is analytic, for the teachers' logits too (they are frozen in training, but the
 * gradient check covers every input): dL/ds = alpha T (p - q), dL/dt = alpha T q (log q - log p - KL).
 * A per-example label mask (any width, every column of a row equal) multiplies the gate.
 */
public class SoftTargetKdLoss extends ExplicitGradientLoss {
    private static final long serialVersionUID = 1L;

    private double[] alpha;
    private double temperature;
    private int numClasses;

    /** For JSON. */
    public SoftTargetKdLoss() {
    }

    /** @param alpha one weight per teacher, in input order */
    public SoftTargetKdLoss(double[] alpha, double temperature, int numClasses) {
        this.alpha = alpha.clone();
        this.temperature = temperature;
        this.numClasses = numClasses;
    }

    public double[] getAlpha() {
        return alpha.clone();
    }

    public double getTemperature() {
        return temperature;
    }

    public int getNumClasses() {
        return numClasses;
    }

    /** Width of the loss layer's input: the student's and every teacher's logits. */
    public long inputWidth() {
        return (long) (alpha.length + 1) * numClasses;
    }

    /** Score [N, 1] and gradient w.r.t. the layer's output, [N, (M+1)C]. */
    private Pair<INDArray, INDArray> scoreAndOutputGradient(INDArray labels, INDArray out, INDArray mask) {
        if (out.size(1) != inputWidth()) {
            throw new IllegalArgumentException("SoftTargetKdLoss: input has " + out.size(1) + " columns, expected "
                    + inputWidth() + " (student and " + alpha.length + " teachers, " + numClasses + " classes each)");
        }
        double t = temperature;
        INDArray logP = logSoftmax(columns(out, 0).div(t));
        INDArray p = Transforms.exp(logP, true);
        INDArray score = Nd4j.zeros(out.dataType(), out.size(0), 1);
        INDArray[] grads = new INDArray[alpha.length + 1];
        grads[0] = Nd4j.zeros(out.dataType(), out.size(0), numClasses);
        for (int m = 0; m < alpha.length; m++) {
            INDArray logQ = logSoftmax(columns(out, m + 1).div(t));
            INDArray q = Transforms.exp(logQ, true);
            INDArray logRatio = logQ.sub(logP);
            INDArray kl = q.mul(logRatio).sum(true, 1);
            score.addi(kl.mul(alpha[m] * t * t));
            grads[0].addi(p.sub(q).muli(alpha[m] * t));
            grads[m + 1] = q.mul(logRatio.subColumnVector(kl)).muli(alpha[m] * t);
        }
        INDArray weight = labels.getColumn(0).reshape(out.size(0), 1).castTo(out.dataType());
        if (mask != null) {
            weight = weight.mul(mask.getColumn(0).reshape(out.size(0), 1).castTo(out.dataType()));
        }
        return new Pair<>(score.muli(weight), Nd4j.hstack(grads).muliColumnVector(weight));
    }

    private INDArray columns(INDArray x, int block) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval((long) block * numClasses,
                (long) (block + 1) * numClasses));
    }

    /** Row-wise log-softmax, shifted by the row maximum. */
    private static INDArray logSoftmax(INDArray z) {
        INDArray shifted = z.subColumnVector(z.max(true, 1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(logSum);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        return scoreAndOutputGradient(labels, out, mask).getFirst();
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / preOutput.size(0) : sum;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        INDArray dOut = scoreAndOutputGradient(labels, out, mask).getSecond();
        return activationFn.backprop(preOutput.dup(), dOut).getFirst();
    }

    @Override
    public String name() {
        return "SoftTargetKdLoss";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SoftTargetKdLoss l && Arrays.equals(l.alpha, alpha) && l.temperature == temperature
                && l.numClasses == numClasses;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(alpha) * 31 + Double.hashCode(temperature) * 17 + numClasses;
    }

    @Override
    public String toString() {
        return "SoftTargetKdLoss(alpha=" + Arrays.toString(alpha) + ", T=" + temperature + ", C=" + numClasses + ")";
    }
}
