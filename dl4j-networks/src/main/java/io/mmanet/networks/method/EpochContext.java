package io.mmanet.networks.method;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What an {@link EpochHook} may use on the driver. */
public interface EpochContext {

    MethodSettings settings();

    /** The configured modalities, in fusion order. */
    Modalities modalities();

    /** The training graph after the epoch (read-only for hooks). */
    ComputationGraph trainingGraph();

    /**
     * Predicted-label counts of the deployment network on the configured mining split, one
     * histogram per combination; a row counts for a combination only if it has every modality of
     * it (spec decision 5, naturally incomplete corpora).
     */
    Map<ModalityCombination, long[]> predictionHistograms(List<ModalityCombination> combinations);

    /** A per-element function of a vertex's activations ({@link #meanActivation}); shipped to the workers. */
    interface ActivationTransform extends java.io.Serializable {
        INDArray apply(INDArray activations);
    }

    /**
     * Per combination: the mean, over the mining split's rows and over all elements, of
     * {@code transform} of the activations of deployment-network vertex {@code vertex} (inference
     * mode, every row with that fixed mask; a row counts only for combinations it has). DMRNet's
     * per-combination mean sigma^2 is this with exp on the log-variance vertex.
     */
    Map<ModalityCombination, Double> meanActivation(String vertex, List<ModalityCombination> combinations,
                                                    ActivationTransform transform);

    /** The method's persistent state (kept in the run's checkpoint; restored on resume). */
    HookState hookState();

    /** Fixes the weak set W and broadcasts it to the workers from the next epoch on. */
    void publishWeakSet(Set<ModalityCombination> weakSet);
}
