package io.mmanet.networks.loss;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * Per-pixel class-weighted softmax cross-entropy with an ignore label and a per-example selection,
 * normalised as the official segmentation code (ESANet's {@code CrossEntropyLoss2d}, spec 4.3):
 * <pre>
 *   a_p = m_p * w[y_p]   (0 for an ignored pixel: its label row is all zero)
 *   L   = scale * sum_p a_p * CE_p / sum_p a_p       (0 when no pixel counts)
 * </pre>
 * over every pixel p of the minibatch: a weighted mean over the pixels that count. m_p is the
 * per-example label mask (1 for the deployment output; for MAR / SR 1 only on the samples whose
 * drawn combination is regularized, so the mean is over the selected samples' pixels, as the
 * official code's boolean indexing, spec 3.6). Ignored and unselected pixels get neither loss nor
 * gradient.
 *
 * <p>On a {@code CnnLossLayer} with softmax: DL4J hands over [N*H*W, C] rows (pixels of example n
 * are rows n*H*W ... (n+1)*H*W-1), sums the per-row scores per example and divides by N, and the
 * updater divides the gradient by N; so the per-row scores and gradients here are N times those of
 * L, and the objective is exactly L. The label mask is read from its first column (it must be
 * constant across classes, as {@code exampleMask} builds it).
 */
public class PixelCrossEntropy extends ExplicitGradientLoss {
    private static final long serialVersionUID = 1L;

    private double scale = 1.0;
    private double[] classWeights;
    private long pixelsPerExample = 1;

    /** For JSON. */
    public PixelCrossEntropy() {
    }

    /**
     * @param classWeights     w per class (median frequency, spec 4.3), or null for 1 each
     * @param pixelsPerExample H*W of the output map
     */
    public PixelCrossEntropy(double scale, double[] classWeights, long pixelsPerExample) {
        if (pixelsPerExample < 1) {
            throw new IllegalArgumentException("pixelsPerExample must be positive, got " + pixelsPerExample);
        }
        if (classWeights != null) {
            for (double w : classWeights) {
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("class weights must be finite and >= 0: " + Arrays.toString(classWeights));
                }
            }
        }
        this.scale = scale;
        this.classWeights = classWeights == null ? null : classWeights.clone();
        this.pixelsPerExample = pixelsPerExample;
    }

    public double getScale() {
        return scale;
    }

    public double[] getClassWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    public long getPixelsPerExample() {
        return pixelsPerExample;
    }

    /** a_p as a [P, 1] column (see the class comment). */
    private INDArray counted(INDArray labels, INDArray mask) {
        INDArray a;
        if (classWeights == null) {
            a = labels.sum(true, 1);
        } else {
            if (classWeights.length != labels.size(1)) {
                throw new IllegalArgumentException(classWeights.length + " class weights for " + labels.size(1) + " classes");
            }
            a = labels.mmul(Nd4j.create(classWeights, new long[] {classWeights.length, 1}, 'c').castTo(labels.dataType()));
        }
        if (mask != null) {
            if (mask.size(0) != labels.size(0)) {
                throw new IllegalArgumentException("label mask has " + mask.size(0) + " rows, labels " + labels.size(0));
            }
            a = a.mul(mask.getColumn(0).reshape(mask.size(0), 1).castTo(a.dataType()));
        }
        return a;
    }

    /** The per-row factor N * scale * a_p / sum a (all zero when nothing counts). */
    private INDArray rowFactors(INDArray labels, INDArray mask) {
        INDArray a = counted(labels, mask);
        double total = a.sumNumber().doubleValue();
        if (total <= 0) {
            return a.mul(0);
        }
        double examples = (double) labels.size(0) / pixelsPerExample;
        return a.mul(scale * examples / total);
    }

    private static void requireSoftmax(IActivation activationFn) {
        if (!(activationFn instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException("PixelCrossEntropy needs a softmax output, got " + activationFn);
        }
    }

    /** Row-wise log-softmax of [P, C] pre-activations, stable for large logits. */
    static INDArray logSoftmax(INDArray z) {
        INDArray shifted = z.subColumnVector(z.max(true, 1));
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(lse);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        requireSoftmax(activationFn);
        INDArray ce = logSoftmax(preOutput.castTo(labels.dataType())).muli(labels).sum(true, 1).negi();
        return ce.muli(rowFactors(labels, mask));
    }

    @Override
    protected long rowsPerExample() {
        return pixelsPerExample;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        requireSoftmax(activationFn);
        INDArray p = Transforms.exp(logSoftmax(preOutput.castTo(labels.dataType())), false);
        return p.subi(labels).muliColumnVector(rowFactors(labels, mask)).castTo(preOutput.dataType());
    }

    @Override
    public String name() {
        return "PixelCrossEntropy";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelCrossEntropy p && p.scale == scale && p.pixelsPerExample == pixelsPerExample
                && Arrays.equals(p.classWeights, classWeights);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(scale) * 31 + Arrays.hashCode(classWeights) * 17 + Long.hashCode(pixelsPerExample);
    }

    @Override
    public String toString() {
        return "PixelCrossEntropy(scale=" + scale + ", weights=" + Arrays.toString(classWeights) + ", HW="
                + pixelsPerExample + ")";
    }
}
