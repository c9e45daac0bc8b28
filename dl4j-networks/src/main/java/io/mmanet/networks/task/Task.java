package io.mmanet.networks.task;

import io.mmanet.networks.graph.NetworkBlocks;
import io.mmanet.networks.graph.NetworkSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.io.Serializable;

/**
 * What the networks predict and how it is scored: the label, the prediction head on the trunk
 * features, its loss, and how the label follows a geometric augmentation. Methods are written
 * against this interface, so a method works for every task it declares in {@code Method.tasks()}.
 *
 * <p>Classification ({@code io.mmanet.tasks.classification}) is the task of today. Per-pixel
 * segmentation (spec 1.6, 2.2, 3.6, 4.3) fits as one more implementation: an image label
 * ({@link #labelFollowsGeometry()} true), a decoder head from {@link #head}, per-pixel masked losses
 * from {@link #outputLoss} / {@link #maskedLoss}, and mIoU from the same confusion matrices.
 * Registered in {@link Tasks}.
 */
public interface Task extends Serializable {

    /** Registry name, e.g. {@code classification}; the value of {@code model.task}. */
    String name();

    /** One line for {@code mmanet methods}. */
    String summary();

    /**
     * Adds the prediction head to {@code blocks} on the trunk features; returns the name of the
     * vertex holding the logits (pre-softmax scores). Called for the deployment, teacher and
     * regularization networks alike, so their heads are copies of one another.
     */
    String head(NetworkBlocks blocks, String features);

    /** Adds the output layer {@code name} on {@code logits} with {@code loss} (softmax for classification). */
    void output(NetworkBlocks blocks, String name, String logits, ILossFunction loss);

    /** The deployment network's training loss (per-example masked, as dl4j-spark needs). */
    ILossFunction outputLoss();

    /** A loss of weight {@code lambda} whose label mask selects the samples it applies to (MAR, SR). */
    ILossFunction maskedLoss(double lambda);

    /** The label array of a minibatch, [N, labelWidth] for classification (one-hot). */
    INDArray labels(int[] labels, NetworkSpec spec);

    /** Columns of a per-example label mask of this task's outputs. */
    int labelWidth(NetworkSpec spec);

    /**
     * True when a geometric augmentation (flip, crop, rotation) must transform the label with the
     * images (segmentation masks); false when the label is invariant (a class).
     */
    boolean labelFollowsGeometry();
}
