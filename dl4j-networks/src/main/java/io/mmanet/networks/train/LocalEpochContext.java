package io.mmanet.networks.train;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.mar.MarMemoryBank;
import io.mmanet.networks.method.DecodedRows;
import io.mmanet.networks.method.EpochContext;
import io.mmanet.networks.method.HookState;
import io.mmanet.networks.method.MethodSettings;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link EpochContext} of a single-JVM run next to {@link LocalTrainer} (tests, tools): the
 * mining and validation rows are given in memory, the hook state lives in this object, and the
 * published weak set is kept for the caller to plan the next epoch's batches with.
 */
public final class LocalEpochContext implements EpochContext, HookState {
    private final NetworkSpec spec;
    private final MethodSettings settings;
    private final ComputationGraph graph;
    private final DecodedRows validation;
    private final Map<String, double[]> vectors = new LinkedHashMap<>();
    private MarMemoryBank bank;
    private Set<ModalityCombination> weakSet = new LinkedHashSet<>();

    /** @param validation the validation rows (also the mining split here) */
    public LocalEpochContext(NetworkSpec spec, MethodSettings settings, ComputationGraph graph, DecodedRows validation) {
        this.spec = spec;
        this.settings = settings;
        this.graph = graph;
        this.validation = validation;
    }

    @Override
    public MethodSettings settings() {
        return settings;
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public ComputationGraph trainingGraph() {
        return graph;
    }

    @Override
    public Map<ModalityCombination, long[]> predictionHistograms(List<ModalityCombination> combinations) {
        return LocalTrainer.miningHistograms(TrainingGraphs.extractDeployment(graph),
                new BatchAssembler(spec, settings.method()), combinations, List.<float[][][]>of(validation.pixels()),
                spec.numClasses());
    }

    @Override
    public HookState hookState() {
        return this;
    }

    @Override
    public void publishWeakSet(Set<ModalityCombination> w) {
        weakSet = new LinkedHashSet<>(w);
    }

    /** The weak set last published (empty before). */
    public Set<ModalityCombination> weakSet() {
        return weakSet;
    }

    @Override
    public DecodedRows validationRows(int maxRows) {
        return validation.slice(0, Math.min(maxRows, validation.size()));
    }

    @Override
    public MarMemoryBank marBank() {
        if (bank == null) {
            bank = new MarMemoryBank(spec.modalities(), settings.klEpsilon());
        }
        return bank;
    }

    @Override
    public Map<String, double[]> vectors() {
        return vectors;
    }
}
