package io.mmanet.jobs.eval;

import io.mmanet.jobs.input.BatchLabels;
import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.metrics.ConfusionMatrix;
import io.mmanet.networks.task.Task;
import io.mmanet.tasks.classification.ClassificationTask;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.List;

/**
 * How a counting pass scores a batch: the task's {@link Task#countPredictions} on the batch's
 * labels (one per sample, or one per pixel from the label images), into confusion matrices of
 * {@code numClasses}. Shipped to the workers with the pass.
 *
 * @param perPixel true when the task reads the samples' label images ({@link BatchLabels#perPixel})
 */
public record PredictionCounting(Task task, int numClasses, boolean perPixel) implements Serializable {

    /** The counting of {@code spec}'s task. */
    public static PredictionCounting of(NetworkSpec spec) {
        return new PredictionCounting(spec.task(), spec.numClasses(), BatchLabels.perPixel(spec));
    }

    /** One class per sample over {@code numClasses} (a classifier without a NetworkSpec, e.g. in tests). */
    public static PredictionCounting perSample(int numClasses) {
        return new PredictionCounting(new ClassificationTask(), numClasses, false);
    }

    public ConfusionMatrix emptyMatrix() {
        return new ConfusionMatrix(numClasses);
    }

    /** Adds {@code output}'s predictions for {@code samples} (in order) to {@code counts}. */
    public void count(INDArray output, List<DecodedSample> samples, ConfusionMatrix counts) {
        task.countPredictions(output, BatchLabels.of(samples, perPixel), counts);
    }
}
