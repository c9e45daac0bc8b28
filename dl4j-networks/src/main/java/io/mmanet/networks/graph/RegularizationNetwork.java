package io.mmanet.networks.graph;

import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The regularization network (spec decision 6): a separate copy of the shared trunk and head under
 * prefix {@link GraphNames#REG_PREFIX}, fed with the deployment network's fused, masked tensor,
 * with a masked loss output. Training-only: not part of the exported deployment model.
 */
public final class RegularizationNetwork {
    private RegularizationNetwork() {
    }

    /** Adds the trunk copy, its head and output {@code outputName} with {@code loss}. */
    public static void add(TrainingGraphBuilder g, String outputName, ILossFunction loss) {
        NetworkBlocks reg = new NetworkBlocks(g.graph(), g.spec(), GraphNames.REG_PREFIX, false);
        String logits = g.task().head(reg, reg.trunkFeatures(g.deployment().fused()));
        g.task().output(g.deployment().blocks(), outputName, logits, loss);
    }
}
