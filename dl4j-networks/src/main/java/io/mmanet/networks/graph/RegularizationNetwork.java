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

    /** Adds the trunk copy, its head and output {@code outputName} with {@code loss}. */
    public static void add(TrainingGraphBuilder g, String outputName, ILossFunction loss) {
        NetworkBlocks reg = new NetworkBlocks(g.graph(), g.spec(), GraphNames.REG_PREFIX, false);
        String logits = g.task().regularizationHead(reg, g.deployment().trunk());
        g.task().output(g.deployment().blocks(), outputName, logits, loss);
    }
}
