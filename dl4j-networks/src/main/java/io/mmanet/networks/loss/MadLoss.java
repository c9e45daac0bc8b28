package io.mmanet.networks.loss;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

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
 *
 * <p>The gradient is written out (a SameDiff session per call cost about a tenth of a demo-model
 * MMANet step), for every input column, the teacher's too (frozen in training; the gradient check
 * covers every input). With S = sum_j H_j, c_j = sum_i D[i,j], W = sum_j H_j c_j, L = lambda W / S
 * and g = sum_n gate_n:
 * <pre>
 *   dL/dGhat_s = 2 lambda (Ghat_s - Ghat_t) H_j / S = -dL/dGhat_t     (column j)
 *   dL/dH_j = lambda (c_j - W / S) / S
 *   dH_j/dz_jc through softmax: q_c (u_c - sum_c' q_c' u_c'),  u_c = -(log(q_c + eps) + q_c / (q_c + eps))
 * </pre>
 * each times g; {@link NormalisedRelation} takes dL/dGhat back to the features.
 */
public class MadLoss extends ExplicitGradientLoss {
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

    /** The batch's L (a scalar) and, when asked, dL/d(input) for the sum of the gated examples. */
    private Pair<Double, INDArray> lossAndGradient(INDArray labels, INDArray out, boolean withGradient) {
        if (out.size(1) != inputWidth()) {
            throw new IllegalArgumentException("MadLoss: input has " + out.size(1) + " columns, expected "
                    + inputWidth() + " (2 x " + featureSize + " features and " + numClasses + " logits)");
        }
        long d = featureSize;
        NormalisedRelation student = new NormalisedRelation(columns(out, 0, d));
        NormalisedRelation teacher = new NormalisedRelation(columns(out, d, 2 * d));
        INDArray q = Transforms.softmax(columns(out, 2 * d, 2 * d + numClasses), false);
        INDArray logQ = Transforms.log(q.add(LOG_EPS), false);
        INDArray entropy = q.mul(logQ).sum(true, 1).negi(); // [N, 1]
        INDArray delta = student.normalised.sub(teacher.normalised);
        INDArray perColumn = delta.mul(delta).sum(true, 0); // c_j, [1, N]
        double s = entropy.sumNumber().doubleValue();
        double w = perColumn.mmul(entropy).getDouble(0);
        double loss = lambda * w / s;
        if (!withGradient) {
            return new Pair<>(loss, null);
        }
        double gated = labels.getColumn(0).castTo(out.dataType()).sumNumber().doubleValue();
        INDArray dNormalised = delta.mulRowVector(entropy.reshape(1, entropy.length())).muli(2 * lambda / s * gated);
        INDArray dStudent = student.backward(dNormalised);
        INDArray dTeacher = teacher.backward(dNormalised.negi());
        INDArray dEntropy = perColumn.reshape(entropy.length(), 1).subi(w / s).muli(lambda / s * gated);
        INDArray u = logQ.addi(q.div(q.add(LOG_EPS))).negi();
        INDArray dLogits = u.subiColumnVector(q.mul(u).sum(true, 1)).muli(q).muliColumnVector(dEntropy);
        return new Pair<>(loss, Nd4j.hstack(dStudent, dTeacher, dLogits));
    }

    private static INDArray columns(INDArray x, long from, long to) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup();
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        double loss = lossAndGradient(labels, out, false).getFirst();
        return labels.getColumn(0).reshape(out.size(0), 1).castTo(out.dataType()).mul(loss);
    }


    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        INDArray dOut = lossAndGradient(labels, out, true).getSecond();
        return activationFn.backprop(preOutput.dup(), dOut).getFirst();
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
