package io.mmanet.networks.train;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.data.DeploymentInputs;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.mar.WeakCombinationMiner;
import io.mmanet.networks.method.EpochContext;
import io.mmanet.networks.metrics.ConfusionMatrix;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-JVM training with the step semantics of one Spark worker at averaging frequency 1: one
 * {@code fit} per minibatch, in order, with DL4J's epoch counter set so the epoch-driven learning
 * rate schedule sees the same epoch as on the cluster. Used by the tests and by the Spark
 * equivalence test; the method's logic (warm-up gating, MAR masks) lives in the data built by
 * {@link BatchAssembler}, so nothing here depends on the method.
 */
public final class LocalTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTrainer.class);

    private final ComputationGraph graph;

    public LocalTrainer(ComputationGraph graph) {
        this.graph = graph;
    }

    public ComputationGraph graph() {
        return graph;
    }

    /** Result of one epoch. */
    public record EpochResult(int epoch, int steps, long samples, double meanScore, double seconds) {
        public double samplesPerSecond() {
            return seconds > 0 ? samples / seconds : Double.NaN;
        }
    }

    /** Sets DL4J's 0-based epoch counter for 1-based epoch {@code epoch} (drives the LR schedule). */
    public void beginEpoch(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epochs count from 1, got " + epoch);
        }
        graph.getConfiguration().setEpochCount(epoch - 1);
    }

    /** One optimisation step on one minibatch; returns the minibatch score (total loss). */
    public double step(MultiDataSet batch) {
        graph.fit(batch);
        return graph.score();
    }

    /** One epoch: {@link #beginEpoch}, then one step per minibatch. */
    public EpochResult fitEpoch(int epoch, Iterable<? extends MultiDataSet> batches) {
        beginEpoch(epoch);
        long start = System.nanoTime();
        int steps = 0;
        long samples = 0;
        double scoreSum = 0;
        for (MultiDataSet batch : batches) {
            scoreSum += step(batch);
            steps++;
            samples += batch.getFeatures(0).size(0);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        EpochResult r = new EpochResult(epoch, steps, samples, steps == 0 ? Double.NaN : scoreSum / steps, seconds);
        LOG.info("epoch {}: {} steps, {} samples, mean score {}, {} samples/s", epoch, steps, samples,
                String.format("%.5f", r.meanScore()), String.format("%.1f", r.samplesPerSecond()));
        return r;
    }

    /**
     * MAR mining predictions (spec 3.2): the deployment-only graph predicts every batch once per
     * candidate combination (and full) with that fixed mask; returns the predicted-label counts.
     */
    public static Map<ModalityCombination, long[]> miningHistograms(ComputationGraph deploymentOnly,
            BatchAssembler assembler, List<ModalityCombination> combinations, Iterable<float[][][]> batches,
            int numClasses) {
        Map<ModalityCombination, long[]> counts = new LinkedHashMap<>();
        for (ModalityCombination c : combinations) {
            counts.put(c, new long[numClasses]);
        }
        for (float[][][] pixels : batches) {
            for (ModalityCombination c : combinations) {
                INDArray out = deploymentOnly.output(false, assembler.inferenceInputs(pixels, c))[GraphNames.OUT_INDEX];
                WeakCombinationMiner.countPredictions(out, counts.get(c));
            }
        }
        return counts;
    }

    /** A batch of the mining split: images per sample and modality (null where missing), the task's labels. */
    public record LabelledBatch(float[][][] pixels, int[] labels) {
    }

    /**
     * The confusion matrices of the deployment-only graph on labelled batches, one per combination
     * ({@code EpochContext.predictionConfusions} in one JVM): each combination forwards the samples
     * that have all its modalities, counted by the task ({@code Task.countPredictions}: per sample,
     * or per labelled pixel).
     */
    public static Map<ModalityCombination, ConfusionMatrix> predictionConfusions(ComputationGraph deploymentOnly,
            NetworkSpec spec, List<ModalityCombination> combinations, Iterable<LabelledBatch> batches) {
        DeploymentInputs inputs = new DeploymentInputs(spec);
        int perSample = spec.task().labelsPerSample(spec);
        Map<ModalityCombination, ConfusionMatrix> counts = new LinkedHashMap<>();
        for (ModalityCombination c : combinations) {
            counts.put(c, new ConfusionMatrix(spec.numClasses()));
        }
        for (LabelledBatch b : batches) {
            for (ModalityCombination c : combinations) {
                List<Integer> rows = usableRows(b, c, inputs);
                if (rows.isEmpty()) {
                    continue;
                }
                int[] labels = new int[rows.size() * perSample];
                for (int k = 0; k < rows.size(); k++) {
                    System.arraycopy(b.labels(), rows.get(k) * perSample, labels, k * perSample, perSample);
                }
                INDArray out = deploymentOnly.output(false, inputs.inferenceInputs(pixels(b, rows), c))[GraphNames.OUT_INDEX];
                spec.task().countPredictions(out, labels, counts.get(c));
            }
        }
        return counts;
    }

    /**
     * {@code EpochContext.meanActivation} in one JVM: per combination, the mean over the usable
     * rows and over every element (channels and positions of a map) of {@code transform} of the
     * deployment-only graph's activations of {@code vertex} in inference mode; NaN when no row has
     * the combination.
     */
    public static Map<ModalityCombination, Double> meanActivation(ComputationGraph deploymentOnly, NetworkSpec spec,
            String vertex, List<ModalityCombination> combinations, EpochContext.ActivationTransform transform,
            Iterable<LabelledBatch> batches) {
        if (deploymentOnly.getVertex(vertex) == null) {
            throw new IllegalArgumentException("the deployment network has no vertex '" + vertex + "'");
        }
        DeploymentInputs inputs = new DeploymentInputs(spec);
        Map<ModalityCombination, Double> means = new LinkedHashMap<>();
        for (ModalityCombination c : combinations) {
            double sum = 0;
            long count = 0;
            for (LabelledBatch b : batches) {
                List<Integer> rows = usableRows(b, c, inputs);
                if (!rows.isEmpty()) {
                    INDArray a = deploymentOnly.feedForward(inputs.inferenceInputs(pixels(b, rows), c), false).get(vertex);
                    INDArray t = transform.apply(a.castTo(DataType.DOUBLE));
                    sum += t.sumNumber().doubleValue();
                    count += t.length();
                }
            }
            means.put(c, count > 0 ? sum / count : Double.NaN);
        }
        return means;
    }

    /** The rows of {@code b} that have every modality of {@code c} (spec decision 5). */
    private static List<Integer> usableRows(LabelledBatch b, ModalityCombination c, DeploymentInputs inputs) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < b.pixels().length; i++) {
            if (c.isSubsetOf(inputs.available(b.pixels()[i]))) {
                rows.add(i);
            }
        }
        return rows;
    }

    private static float[][][] pixels(LabelledBatch b, List<Integer> rows) {
        float[][][] px = new float[rows.size()][][];
        for (int k = 0; k < px.length; k++) {
            px[k] = b.pixels()[rows.get(k)];
        }
        return px;
    }
}
