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
 * scaling): per example (classification) or per pixel (segmentation)
 * <pre>
 *   L_p = sum_m alpha_m * T^2 * KL(q_m || p),   q_m = softmax(t_m / T),  p = softmax(s / T)
 * </pre>
 * where s are the student's logits and t_m teacher m's. Its input is one row per example or pixel:
 * {@code [s (C values) | t_1 (C) | ... | t_M (C)]}; the labels' first column is a gate a_p (any
 * width, so a {@code CnnLossLayer} can give labels shaped like its input).
 *
 * <p>Classification ({@code pixelsPerExample} 1): L_n = a_n * L_n; DL4J sums the examples and
 * divides by N, which is PyTorch's {@code KLDivLoss(reduction='batchmean')}.
 *
 * <p>Segmentation ({@code pixelsPerExample} = H*W, on a {@code CnnLossLayer}, which hands over the
 * pixels of example n as rows n*H*W ... (n+1)*H*W-1): the per-pixel terms are averaged over the
 * pixels of each example whose gate is not zero (the labelled pixels: the gate is 0 on the
 * ignore label), then DL4J averages the examples:
 * <pre>
 *   L = 1/N sum_n 1/V_n sum_{p in n} a_p L_p,   V_n = #{p in n : a_p != 0}   (an example with V_n = 0 adds 0)
 * </pre>
 * The gradient is analytic, for the teachers' logits too (they are frozen in training, but the
 * gradient check covers every input): dL/ds = alpha T (p - q), dL/dt = alpha T q (log q - log p - KL),
 * times the row's weight a_p / V_n. A label mask (any width, every column of a row equal)
 * multiplies the gate.
 */
public class SoftTargetKdLoss extends ExplicitGradientLoss {
    private static final long serialVersionUID = 1L;

    private double[] alpha;
    private double temperature;
    private int numClasses;
    private long pixelsPerExample = 1;

    /** For JSON. */
    public SoftTargetKdLoss() {
    }

    /** @param alpha one weight per teacher, in input order */
    public SoftTargetKdLoss(double[] alpha, double temperature, int numClasses) {
        this(alpha, temperature, numClasses, 1);
    }

    /**
     * @param alpha            one weight per teacher, in input order
     * @param pixelsPerExample rows per example: 1 for classification, H*W for a per-pixel output
     */
    public SoftTargetKdLoss(double[] alpha, double temperature, int numClasses, long pixelsPerExample) {
        if (pixelsPerExample < 1) {
            throw new IllegalArgumentException("pixelsPerExample must be positive, got " + pixelsPerExample);
        }
        this.alpha = alpha.clone();
        this.temperature = temperature;
        this.numClasses = numClasses;
        this.pixelsPerExample = pixelsPerExample;
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

    public long getPixelsPerExample() {
        return pixelsPerExample;
    }

    /** Width of the loss layer's input: the student's and every teacher's logits. */
    public long inputWidth() {
        return (long) (alpha.length + 1) * numClasses;
    }

    /** Score [rows, 1] and gradient w.r.t. the layer's output, [rows, (M+1)C]. */
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
        weight = meanOverGatedPixels(weight);
        return new Pair<>(score.muli(weight), Nd4j.hstack(grads).muliColumnVector(weight));
    }

    /** a_p / V_n for the rows of each example (see the class comment); the gates themselves for classification. */
    private INDArray meanOverGatedPixels(INDArray gate) {
        if (pixelsPerExample == 1) {
            return gate;
        }
        long rows = gate.size(0);
        if (rows % pixelsPerExample != 0) {
            throw new IllegalArgumentException("SoftTargetKdLoss: " + rows + " rows are not a multiple of "
                    + pixelsPerExample + " pixels per example");
        }
        INDArray perExample = gate.dup('c').reshape(rows / pixelsPerExample, pixelsPerExample);
        INDArray counted = Transforms.max(perExample.neq(0.0).castTo(gate.dataType()).sum(true, 1), 1.0, false);
        return perExample.diviColumnVector(counted).reshape(rows, 1);
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
    protected long rowsPerExample() {
        return pixelsPerExample;
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
                && l.numClasses == numClasses && l.pixelsPerExample == pixelsPerExample;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(alpha) * 31 + Double.hashCode(temperature) * 17 + numClasses * 7
                + Long.hashCode(pixelsPerExample);
    }

    @Override
    public String toString() {
        return "SoftTargetKdLoss(alpha=" + Arrays.toString(alpha) + ", T=" + temperature + ", C=" + numClasses
                + (pixelsPerExample == 1 ? "" : ", HW=" + pixelsPerExample) + ")";
    }
}
