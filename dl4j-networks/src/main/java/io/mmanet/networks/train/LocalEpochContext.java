package io.mmanet.networks.train;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.mar.MarMemoryBank;
import io.mmanet.networks.method.DecodedRows;
import io.mmanet.networks.method.EpochContext;
import io.mmanet.networks.method.HookState;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.metrics.ConfusionMatrix;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link EpochContext} of a single-JVM run ({@link LocalTrainer}; tests, tools): predictions and
 * per-combination mean activations of the current deployment network on in-memory mining batches,
 * validation rows given in memory, the hook state in this object, and the published weak set kept for the caller to plan the next
 * epoch's batches with. The Spark job's counterpart is {@code SparkEpochContext}.
 */
public final class LocalEpochContext implements EpochContext, HookState {
    private final NetworkSpec spec;
    private final MethodSettings settings;
    private final ComputationGraph graph;
    private final List<LocalTrainer.LabelledBatch> miningSplit;
    private final DecodedRows validation;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private MarMemoryBank bank;
    private Set<ModalityCombination> weakSet = new LinkedHashSet<>();

    /** A context whose mining split is {@code miningSplit} and which has no validation rows. */
    public LocalEpochContext(NetworkSpec spec, MethodSettings settings, ComputationGraph trainingGraph,
                             List<LocalTrainer.LabelledBatch> miningSplit) {
        this(spec, settings, trainingGraph, List.copyOf(miningSplit), null);
    }

    /**
     * A context whose validation rows are {@code validation}, also its mining split; their labels
     * are the task's ({@code Task.labelsPerSample} per row: per-pixel for segmentation).
     */
    public LocalEpochContext(NetworkSpec spec, MethodSettings settings, ComputationGraph trainingGraph,
                             DecodedRows validation) {
        this(spec, settings, trainingGraph,
                List.of(new LocalTrainer.LabelledBatch(validation.pixels(), validation.labels())), validation);
    }

    private LocalEpochContext(NetworkSpec spec, MethodSettings settings, ComputationGraph trainingGraph,
                              List<LocalTrainer.LabelledBatch> miningSplit, DecodedRows validation) {
        this.spec = spec;
        this.settings = settings;
        this.graph = trainingGraph;
        this.miningSplit = miningSplit;
        this.validation = validation;
        if (validation != null && validation.labelsPerSample() != spec.task().labelsPerSample(spec)) {
            throw new IllegalArgumentException("validation rows carry " + validation.labelsPerSample()
                    + " labels per row, the " + spec.task().name() + " task reads " + spec.task().labelsPerSample(spec));
        }
    }

    @Override
    public MethodSettings settings() {
        return settings;
    }

    @Override
    public ComputationGraph trainingGraph() {
        return graph;
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public Map<ModalityCombination, ConfusionMatrix> predictionConfusions(List<ModalityCombination> combinations) {
        return LocalTrainer.predictionConfusions(TrainingGraphs.extractDeployment(graph), spec, combinations, miningSplit);
    }

    @Override
    public Map<ModalityCombination, Double> meanActivation(String vertex, List<ModalityCombination> combinations,
                                                           ActivationTransform transform) {
        return LocalTrainer.meanActivation(TrainingGraphs.extractDeployment(graph), spec, vertex, combinations,
                transform, miningSplit);
    }

    @Override
    public DecodedRows validationRows(int maxRows) {
        if (validation == null) {
            return EpochContext.super.validationRows(maxRows);
        }
        return validation.slice(0, Math.min(maxRows, validation.size()));
    }

    @Override
    public HookState hookState() {
        return this;
    }

    @Override
    public MarMemoryBank marBank() {
        if (bank == null) {
            bank = new MarMemoryBank(spec.modalities(), settings.klEpsilon());
        }
        return bank;
    }

    @Override
    public <T> T get(String key, Class<T> type) {
        return type.cast(values.get(key));
    }

    @Override
    public void put(String key, Object value) {
        values.put(key, value);
    }

    @Override
    public void publishWeakSet(Set<ModalityCombination> w) {
        weakSet = new LinkedHashSet<>(w);
    }

    /** The weak set published by a hook (empty before). */
    public Set<ModalityCombination> weakSet() {
        return weakSet;
    }
}
