package io.mmanet.methods.metakd;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import io.mmanet.networks.loss.ExplicitGradientLoss;

/**
 * MetaKD's pairwise distillation between modality feature blocks (spec 7.2, {@code DualNet.py:422-428}):
 * per sample, the sum over ordered pairs (i teacher, j student), both present and i != j, of
 * (w_i / w_j) * mean |f_i.detached - f_j|, times lambda; the score is the mean over the batch.
 * <p>Input rows are {@code [s_0 | ... | s_{M-1} | t_0 | ... | t_{M-1} | w (M values) | presence (M values)]}:
 * the modality blocks of the fused tensor (D values each, zeros where absent) twice, once in the
 * student role (s) and once in the teacher role (t), the modality weights w = softmax(theta) and
 * the sample's 0/1 presence mask. The training graph feeds the same blocks to s and t; the loss
 * gives t, w and the mask no gradient, which is the authors' {@code .detach()} of the teacher
 * block and of w_i / w_j, and keeps the gradient of s exact (so a gradient check can verify it).
 * Labels are an [N, 1] gate column (1 = on).
 * Plain Java on host arrays: no SameDiff (see {@code WorkspaceSafeSameDiffLoss} for why that
 * is fragile), and M^2 * D per sample is small next to the network.
 */
public class MetaKdLoss extends ExplicitGradientLoss {
    private static final long serialVersionUID = 1L;

    private double lambda;
    private int modalities;
    private long blockSize;

    /** For JSON. */
    public MetaKdLoss() {
    }

    public MetaKdLoss(double lambda, int modalities, long blockSize) {
        this.lambda = lambda;
        this.modalities = modalities;
        this.blockSize = blockSize;
    }

    public double getLambda() {
        return lambda;
    }

    public int getModalities() {
        return modalities;
    }

    public long getBlockSize() {
        return blockSize;
    }

    /** Columns of the input row: M student blocks, M teacher blocks, then w and the presence mask. */
    public long inputWidth() {
        return 2L * modalities * blockSize + 2L * modalities;
    }

    /** Per-example scores [N] and, if {@code grad} is not null, d(sum of scores)/d(input) into it. */
    private double[] scores(double[][] x, double[] gate, double[][] grad) {
        int m = modalities;
        int d = (int) blockSize;
        int tAt = m * d;
        int wAt = 2 * m * d;
        double[] out = new double[x.length];
        for (int n = 0; n < x.length; n++) {
            double[] row = x[n];
            if (row.length != inputWidth()) {
                throw new IllegalArgumentException("MetaKdLoss expects rows of " + inputWidth() + " values (2 x " + m
                        + " blocks of " + d + ", w, presence), got " + row.length);
            }
            if (gate[n] == 0.0) {
                continue;
            }
            double s = 0;
            for (int i = 0; i < m; i++) {
                if (row[wAt + m + i] == 0.0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    if (j == i || row[wAt + m + j] == 0.0) {
                        continue;
                    }
                    double ratio = row[wAt + i] / row[wAt + j];
                    double scale = lambda * gate[n] * ratio / d;
                    double abs = 0;
                    for (int k = 0; k < d; k++) {
                        double diff = row[j * d + k] - row[tAt + i * d + k];
                        abs += Math.abs(diff);
                        if (grad != null) {
                            grad[n][j * d + k] += scale * Math.signum(diff);
                        }
                    }
                    s += scale * abs;
                }
            }
            out[n] = s;
        }
        return out;
    }

    private static double[] column(INDArray a) {
        return a == null ? null : a.castTo(DataType.DOUBLE).reshape(a.size(0)).toDoubleVector();
    }

    private static double[] gateTimesMask(INDArray labels, INDArray mask) {
        double[] g = column(labels);
        double[] mk = column(mask);
        if (mk != null) {
            for (int i = 0; i < g.length; i++) {
                g[i] *= mk[i];
            }
        }
        return g;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double[] s = computeScores(labels, preOutput, activationFn, mask);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return average ? sum / s.length : sum;
    }

    private double[] computeScores(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        return scores(out.castTo(DataType.DOUBLE).toDoubleMatrix(), gateTimesMask(labels, mask), null);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] s = computeScores(labels, preOutput, activationFn, mask);
        return Nd4j.create(s, new long[] {s.length, 1}, 'c').castTo(preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        double[][] x = out.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] grad = new double[x.length][x[0].length];
        scores(x, gateTimesMask(labels, mask), grad);
        INDArray dLdOut = Nd4j.create(grad).castTo(preOutput.dataType());
        return activationFn.backprop(preOutput.dup(), dLdOut).getFirst();
    }

    @Override
    public String name() {
        return "MetaKdLoss";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetaKdLoss l && l.lambda == lambda && l.modalities == modalities
                && l.blockSize == blockSize;
    }

    @Override
    public int hashCode() {
        return (Double.hashCode(lambda) * 31 + modalities) * 31 + Long.hashCode(blockSize);
    }

    @Override
    public String toString() {
        return "MetaKdLoss(lambda=" + lambda + ", M=" + modalities + ", D=" + blockSize + ")";
    }
}
