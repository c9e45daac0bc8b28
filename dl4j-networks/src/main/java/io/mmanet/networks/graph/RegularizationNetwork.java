package io.mmanet.networks.graph;

import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The regularization network (spec decision 6) under prefix {@link GraphNames#REG_PREFIX}, with a
 * masked loss output; what it copies is the task's choice ({@code Task.regularizationHead}):
 * classification copies the trunk and head on the deployment network's fused, masked tensor,
 * segmentation a second decoder on the deployment network's levels (spec 1.6). Training-only: not
 * part of the exported deployment model.
 */
public final class RegularizationNetwork {
    private RegularizationNetwork() {
    }

    /**
     * Adds the trunk copy and its head on the rows that {@code rowsInput} (an [N, 1] 0/1 graph
     * input) selects, and output {@code outputName} with {@code loss} on the whole minibatch: the
     * head's logits go back to their rows, zeros elsewhere, so the loss, its label mask (which
     * must be 0 on every other row) and its normalisation are those of the full minibatch.
     */
    public static void add(TrainingGraphBuilder g, String outputName, ILossFunction loss, String rowsInput) {
        NetworkBlocks reg = new NetworkBlocks(g.graph(), g.spec(), GraphNames.REG_PREFIX, false);
        String selected = g.task().regularizationHead(reg, g.deployment().trunk().selectRows(reg, rowsInput));
        String logits = reg.vertex("rows_restored", new RestoreRowsVertex(), selected, rowsInput);
        g.task().output(g.deployment().blocks(), outputName, logits, loss);
    }
}
