package io.mmanet.methods.parts;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.Minibatch;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.RegularizationNetwork;
import io.mmanet.networks.graph.TrainingGraphBuilder;
import io.mmanet.networks.method.MethodState;
import io.mmanet.networks.method.TrainingPart;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The {@link RegularizationNetwork} with its masked output {@code mar_out} (spec decision 6), weight
 * lambda-MAR: after warm-up, a sample's row of the label mask is 1 when its drawn combination is
 * in the regularized set, else 0. Which set is the method's choice ({@link RegularizedSet}).
 *
 * <p>The network runs on the selected rows only (graph input {@code mar_rows}): the others' loss and
 * gradient are 0, so computing them was waste (4/7 of its work for MMANet's three weak
 * combinations of seven, all of it during warm-up). Its batch norm therefore normalises over the
 * selected samples (the official code runs it on the whole batch; results.md compares the two).
 * With none selected (warm-up) it runs on row 0, masked out.
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
    public Map<String, InputType> inputs(NetworkSpec spec) {
        return Map.of(GraphNames.MAR_ROWS, InputType.feedForward(1));
    }

    @Override
    public List<String> outputs() {
        return List.of(GraphNames.MAR_OUT);
    }

    @Override
    public void build(TrainingGraphBuilder g) {
        RegularizationNetwork.add(g, GraphNames.MAR_OUT, g.task().maskedLoss(g.spec(), g.settings().lambdaMar()),
                GraphNames.MAR_ROWS);
    }

    /** The rows the network runs on: the selected ones, or row 0 (masked out) when there are none. */
    @Override
    public List<INDArray> inputArrays(Minibatch batch) {
        float[] rows = selection(batch, set);
        boolean none = true;
        for (float r : rows) {
            none &= r == 0f;
        }
        if (none && rows.length > 0) {
            rows[0] = 1f;
        }
        return List.of(batch.array(rows, rows.length, 1));
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
        return batch.task().exampleMask(selection(batch, set), batch.spec());
    }

    /** Per row: 1 after warm-up when its drawn combination is in {@code set}, else 0. */
    private static float[] selection(Minibatch batch, RegularizedSet set) {
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
        return selected;
    }
}
