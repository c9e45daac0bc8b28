package io.mmanet.networks.method;

import io.mmanet.networks.combination.ModalityCombination;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What an {@link EpochHook} may use on the driver. */
public interface EpochContext {

    MethodSettings settings();

    /** The network spec of the run. */
    io.mmanet.networks.graph.NetworkSpec spec();

    /** The training graph after the epoch (read-only for hooks). */
    ComputationGraph trainingGraph();

    /**
     * Predicted-label counts of the deployment network on the configured mining split, one
     * histogram per combination; a row counts for a combination only if it has every modality of
     * it (spec decision 5, naturally incomplete corpora).
     */
    Map<ModalityCombination, long[]> predictionHistograms(List<ModalityCombination> combinations);

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
