package io.mmanet.networks.method;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.metrics.ConfusionMatrix;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What an {@link EpochHook} may use on the driver. */
public interface EpochContext {

    MethodSettings settings();

    /** The configured modalities, in fusion order. */
    default Modalities modalities() {
        return spec().modalities();
    }

    /** The training graph after the epoch (read-only for hooks). */
    ComputationGraph trainingGraph();

    /** The network spec of the run (its task ranks the combinations in MAR mining). */
    NetworkSpec spec();

    /**
     * Confusion matrices of the deployment network on the configured mining split, one per
     * combination, counted by {@code Task.countPredictions} (per sample for classification, per
     * labelled pixel for segmentation); a row counts for a combination only if it has every
     * modality of it (spec decision 5, naturally incomplete corpora).
     */
    Map<ModalityCombination, ConfusionMatrix> predictionConfusions(List<ModalityCombination> combinations);

    /** Predicted-label counts per combination: the column sums of {@link #predictionConfusions}. */
    default Map<ModalityCombination, long[]> predictionHistograms(List<ModalityCombination> combinations) {
        Map<ModalityCombination, long[]> h = new LinkedHashMap<>();
        predictionConfusions(combinations).forEach((c, cm) -> h.put(c, cm.predictedCounts()));
        return h;
    }

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
    default Map<ModalityCombination, Double> meanActivation(String vertex, List<ModalityCombination> combinations,
                                                            ActivationTransform transform) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no per-combination activation pass");
    }

    /** The method's persistent state (kept in the run's checkpoint; restored on resume). */
    HookState hookState();

    /** Fixes the weak set W and broadcasts it to the workers from the next epoch on. */
    void publishWeakSet(Set<ModalityCombination> weakSet);

    /**
     * The first {@code maxRows} rows of the validation split (fewer if it is smaller), decoded on
     * the driver without augmentation, always the same rows in the same order (MetaKD's meta step
     * learns from them). A hook may write the parameters of {@link #trainingGraph()} that the
     * ordinary optimizer leaves alone (MetaKD's theta): the next epoch's workers receive them.
     */
    default DecodedRows validationRows(int maxRows) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no validation rows");
    }
}
