package io.mmanet.networks.loss;

import io.mmanet.compat.WorkspaceSafeSameDiffLoss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Arrays;

/**
 * Segmentation MAD (spec 2.2): every pixel of a fused level is a sample. Per level l with maps of
 * C x H x W per example:
 * <pre>
 *   F = the level's features as [N*H*W, C] (one row per pixel, example-major, then row-major)
 *   G = F F^T, each row L2-normalised;  D[p,q] = (G_s[p,q] - G_t[p,q])^2;  r_p = sum_q D[p,q]
 *   H_p = entropy(softmax(teacher logits at pixel p))   (teacher logits average-pooled to H x W)
 *   L_l = sum_p H_p r_p / sum_p H_p                      (rows weighted, as the official code)
 *   L   = lambda * sum_l L_l
 * </pre>
 * With {@code entropyWeighted} false (the SP ablation) L_l is the mean of D over the P x P matrix,
 * as SP's classification form. Unlike the official code the Gram rows are normalised whole (the
 * official split of the columns into two halves, each normalised on its own, is a memory device).
 *
 * <p>A batch-wise loss on a DL4J {@code LossLayer}: the input row of example n is, level after level,
 * {@code [F_s (C*H*W, C-order) | F_t (C*H*W) | teacher logits (K*H*W), MAD only]}; the labels are the
 * [N, 1] gate (0 in warm-up). Each example's score is {@code gate_n * L}; DL4J sums and divides by N.
 */
public class SegmentationMadLoss extends WorkspaceSafeSameDiffLoss {
    private static final long serialVersionUID = 1L;

    private double lambda;
    /** Per level: {channels, height, width}. */
    private int[][] levels;
    private int numClasses;
    private boolean entropyWeighted;

    /** For JSON. */
    public SegmentationMadLoss() {
    }

    public SegmentationMadLoss(double lambda, int[][] levels, int numClasses, boolean entropyWeighted) {
        if (levels.length == 0) {
            throw new IllegalArgumentException("segmentation MAD needs at least one level");
        }
        this.lambda = lambda;
        this.levels = new int[levels.length][];
        for (int l = 0; l < levels.length; l++) {
            if (levels[l].length != 3) {
                throw new IllegalArgumentException("a level is {channels, height, width}, got " + Arrays.toString(levels[l]));
            }
            this.levels[l] = levels[l].clone();
        }
        this.numClasses = numClasses;
        this.entropyWeighted = entropyWeighted;
    }

    public double getLambda() {
        return lambda;
    }

    public int[][] getLevels() {
        return levels;
    }

    public int getNumClasses() {
        return numClasses;
    }

    public boolean isEntropyWeighted() {
        return entropyWeighted;
    }

    /** Values per example of one level's block of the input. */
    public long levelWidth(int l) {
        long pixels = (long) levels[l][1] * levels[l][2];
        return 2L * levels[l][0] * pixels + (entropyWeighted ? numClasses * pixels : 0);
    }

    /** Width of the loss layer's input. */
    public long inputWidth() {
        long w = 0;
        for (int l = 0; l < levels.length; l++) {
            w += levelWidth(l);
        }
        return w;
    }

    /** [N, channels*H*W] block (C-order maps) to [N*H*W, channels] pixel rows. */
    private static SDVariable pixelRows(SameDiff sd, SDVariable block, int channels, int pixels) {
        SDVariable perExample = sd.reshape(block, -1, channels, pixels);
        return sd.reshape(sd.permute(perExample, 0, 2, 1), -1, channels);
    }

    @Override
    public SDVariable defineLoss(SameDiff sd, SDVariable input, SDVariable labels) {
        SDVariable total = null;
        long offset = 0;
        for (int[] level : levels) {
            int c = level[0];
            int pixels = level[1] * level[2];
            long size = (long) c * pixels;
            SDVariable student = pixelRows(sd, RelationLosses.columns(input, offset, offset + size), c, pixels);
            SDVariable teacher = pixelRows(sd, RelationLosses.columns(input, offset + size, offset + 2 * size), c, pixels);
            offset += 2 * size;
            SDVariable d = RelationLosses.relationDiscrepancy(sd, student, teacher); // [P, P]
            SDVariable levelLoss;
            if (entropyWeighted) {
                SDVariable logits = pixelRows(sd, RelationLosses.columns(input, offset, offset + (long) numClasses * pixels),
                        numClasses, pixels);
                offset += (long) numClasses * pixels;
                SDVariable q = sd.nn.softmax(logits, 1);
                SDVariable entropy = q.mul(sd.math.log(q.add(MadLoss.LOG_EPS))).sum(true, 1).neg(); // [P, 1]
                // sum_p H_p r_p / sum_p H_p, the normalisation one scalar division at the end (see MadLoss).
                levelLoss = d.mul(entropy).sum().div(entropy.sum());
            } else {
                levelLoss = d.mean();
            }
            total = total == null ? levelLoss : total.add(levelLoss);
        }
        return labels.mul(total.mul(lambda));
    }

    @Override
    public String name() {
        return "SegmentationMadLoss";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentationMadLoss m && m.lambda == lambda && Arrays.deepEquals(m.levels, levels)
                && m.numClasses == numClasses && m.entropyWeighted == entropyWeighted;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lambda) * 31 + Arrays.deepHashCode(levels) * 17 + numClasses * 2 + (entropyWeighted ? 1 : 0);
    }

    @Override
    public String toString() {
        return "SegmentationMadLoss(lambda=" + lambda + ", levels=" + Arrays.deepToString(levels) + ", K=" + numClasses
                + (entropyWeighted ? ", MAD" : ", SP") + ")";
    }
}
