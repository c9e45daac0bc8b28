package io.mmanet.methods.parts;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.Minibatch;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.RegularizationNetwork;
import io.mmanet.networks.graph.TrainingGraphBuilder;
import io.mmanet.networks.method.MethodState;
import io.mmanet.networks.method.TrainingPart;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.List;

/**
 * The {@link RegularizationNetwork} with its masked output {@code mar_out} (spec decision 6), weight
 * lambda-MAR: after warm-up, a sample's row of the label mask is 1 when its drawn combination is
 * in the regularized set, else 0. Which set is the method's choice ({@link RegularizedSet}).
 */
public final class Regularization implements TrainingPart {
    private static final long serialVersionUID = 1L;

    /** Which drawn combinations are regularized after warm-up. */
    public interface RegularizedSet extends Serializable {
        /** Fails if the state cannot say (e.g. after warm-up without a mined weak set). */
        default void check(MethodState state) {
        }

        boolean contains(ModalityCombination drawn, MethodState state);
    }

    private final RegularizedSet set;

    public Regularization(RegularizedSet set) {
        this.set = set;
    }

    @Override
    public List<String> outputs() {
        return List.of(GraphNames.MAR_OUT);
    }

    @Override
    public void build(TrainingGraphBuilder g) {
        RegularizationNetwork.add(g, GraphNames.MAR_OUT, g.task().maskedLoss(g.spec(), g.settings().lambdaMar()));
    }

    @Override
    public List<INDArray> labels(Minibatch batch) {
        return List.of(batch.taskLabels());
    }

    @Override
    public List<INDArray> labelMasks(Minibatch batch) {
        return List.of(mask(batch, set));
    }

    /**
     * The [N, labelWidth] per-example label mask of a masked loss: after warm-up, 1 for the samples
     * whose drawn combination is in {@code set}, else 0 (also DMRNet's hard-combination regularizer).
     */
    public static INDArray mask(Minibatch batch, RegularizedSet set) {
        MethodState state = batch.state();
        if (state.afterWarmup()) {
            set.check(state);
        }
        float[] selected = new float[batch.size()];
        for (int i = 0; i < selected.length; i++) {
            if (state.afterWarmup() && set.contains(batch.drawn(i), state)) {
                selected[i] = 1f;
            }
        }
        return batch.task().exampleMask(selected, batch.spec());
    }
}
