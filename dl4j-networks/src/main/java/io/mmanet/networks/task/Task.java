package io.mmanet.networks.task;

import com.typesafe.config.Config;
import io.mmanet.networks.graph.NetworkBlocks;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TeacherNetwork;
import io.mmanet.networks.graph.TrainingGraphBuilder;
import io.mmanet.networks.graph.Trunk;
import io.mmanet.networks.metrics.ConfusionMatrix;
import io.mmanet.networks.metrics.HeadlineMetric;
import io.mmanet.networks.metrics.TaskMetrics;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.io.Serializable;

/**
 * What the networks predict and how it is scored: the label, the prediction head on the trunk,
 * its losses, what relation distillation compares, how predictions are counted, and how the label
 * follows a geometric augmentation. Methods are written against this interface, so a method works
 * for every task it declares in {@code Method.tasks()}.
 *
 * <p>Implementations: classification ({@code io.mmanet.tasks.classification}, one class per
 * sample) and segmentation ({@code io.mmanet.tasks.segmentation}, one class per pixel: a decoder
 * head with skips, per-pixel losses, mIoU from per-pixel confusion matrices). Registered in
 * {@link Tasks}; an instance may carry task settings ({@link #configure}).
 */
public interface Task extends Serializable {

    /** Registry name, e.g. {@code classification}; the value of {@code model.task}. */
    String name();

    /** One line for {@code mmanet methods}. */
    String summary();

    /** This task with its settings read from {@code config} (keys under {@code model.<name>}); default: none. */
    default Task configure(Config config) {
        return this;
    }

    /**
     * The label value of what has no class (segmentation: ignored pixels), which the corpus must
     * use too; -1 when the task has none.
     */
    default int ignoreLabel() {
        return -1;
    }

    /**
     * This task with the class weights of its loss taken from the training corpus when the
     * configuration sets none (segmentation: median frequency of the train split's pixel counts);
     * {@code corpusWeights} is asked only then. Default: unchanged (no class weights).
     */
    default Task withCorpusClassWeights(java.util.function.Supplier<double[]> corpusWeights) {
        return this;
    }

    /** Fails with a message naming the key when {@code spec} cannot serve this task. */
    default void validate(NetworkSpec spec) {
    }

    /**
     * Adds the prediction head to {@code blocks} on {@code trunk}; returns the name of the vertex
     * holding the logits (pre-softmax scores). Called for the deployment and teacher networks alike,
     * so their heads are copies of one another.
     */
    String head(NetworkBlocks blocks, Trunk trunk);

    /**
     * Adds the regularization network's layers to {@code reg} (spec decision 6) reading the
     * deployment network's {@code deployment} levels; returns its logits vertex.
     */
    String regularizationHead(NetworkBlocks reg, Trunk deployment);

    /** Adds the output layer {@code name} on {@code logits} with {@code loss} (softmax over classes). */
    void output(NetworkBlocks blocks, String name, String logits, ILossFunction loss);

    /** The deployment network's training loss (per-example masked, as dl4j-spark needs). */
    ILossFunction outputLoss(NetworkSpec spec);

    /** A loss of weight {@code lambda} whose label mask selects the samples it applies to (MAR, SR). */
    ILossFunction maskedLoss(NetworkSpec spec, double lambda);

    /**
     * Adds what relation distillation compares (spec 2.1 / 2.2): the student's and the frozen
     * teacher's features (and, when {@code entropyWeighted}, the teacher's logits), merged into one
     * vertex whose name is returned; {@link #relationLoss} is the loss on it.
     */
    String relationInput(TrainingGraphBuilder g, TeacherNetwork teacher, boolean entropyWeighted);

    /** MAD ({@code entropyWeighted}) or SP of weight {@code lambda} on {@link #relationInput}; labels an [N, 1] gate. */
    ILossFunction relationLoss(NetworkSpec spec, double lambda, boolean entropyWeighted);

    /**
     * Labels per sample in the flat label arrays: 1 for a class per sample, H*W for a class per
     * pixel (row-major per sample).
     */
    default int labelsPerSample(NetworkSpec spec) {
        return 1;
    }

    /** The label array of a minibatch from {@link #labelsPerSample} labels per sample (one-hot). */
    INDArray labels(int[] labels, NetworkSpec spec);

    /**
     * A per-example label mask for this task's outputs, shaped like {@link #labels} (dl4j-spark's
     * merge needs that shape): every value of sample n is {@code perExample[n]}.
     */
    INDArray exampleMask(float[] perExample, NetworkSpec spec);

    /**
     * Adds the deployment output's predictions (argmax over classes) against {@code labels}
     * ({@link #labelsPerSample} per sample) to {@code counts}; labels the task ignores are skipped.
     */
    void countPredictions(INDArray output, int[] labels, ConfusionMatrix counts);

    /**
     * The task's own metrics of one combination from its confusion matrix, for the evaluation
     * report (segmentation: mIoU, pixel accuracy, per-class IoU). Default: none (the report's
     * classification metrics apply).
     */
    default TaskMetrics metrics(String combination, ConfusionMatrix counts) {
        return TaskMetrics.none(combination);
    }

    /**
     * The metric result tables lead with (the ablation table, the demo's summary): by default the
     * confusion matrix's error, lower is better; segmentation: mIoU from {@link #metrics}, higher
     * is better.
     */
    default HeadlineMetric headline() {
        return HeadlineMetric.ERROR;
    }

    /**
     * What the accuracy of this task's confusion matrix counts, as reports name it: "accuracy" (of
     * samples); segmentation counts labelled pixels, so "pixel accuracy" (and its error is
     * 1 - pixel accuracy).
     */
    default String accuracyName() {
        return "accuracy";
    }

    /**
     * MAR mining's discrepancy of a combination against full on the mining split (spec 3.2, 3.6),
     * from their confusion matrices; larger = weaker. {@code klEpsilon} smooths a KL if the task uses one.
     */
    double miningDiscrepancy(ConfusionMatrix combination, ConfusionMatrix full, double klEpsilon);

    /**
     * True when a geometric augmentation (flip, crop, rotation) must transform the label with the
     * images (segmentation masks); false when the label is invariant (a class).
     */
    boolean labelFollowsGeometry();
}
