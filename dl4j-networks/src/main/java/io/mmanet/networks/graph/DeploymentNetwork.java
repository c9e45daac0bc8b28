package io.mmanet.networks.graph;

import io.mmanet.networks.method.Method;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

/**
 * The deployment network (spec 1.2 / 1.4): per-modality encoders, the modality mask from input
 * {@link GraphNames#MASK}, fusion by concatenation (then the method's {@link Method#trunkInput}), the shared trunk and the task's head, with
 * output {@link GraphNames#OUT}. Vertices carry no prefix; it is the only network that is exported
 * ({@link TrainingGraphs#extractDeployment}).
 */
public final class DeploymentNetwork {
    private final NetworkBlocks blocks;
    private final Trunk trunk;
    private final String logits;

    private DeploymentNetwork(NetworkBlocks blocks, Trunk trunk, String logits) {
        this.blocks = blocks;
        this.trunk = trunk;
        this.logits = logits;
    }

    /** Adds the deployment network and its output to {@code gb}. */
    static DeploymentNetwork add(GraphBuilder gb, NetworkSpec spec, Method method) {
        NetworkBlocks blocks = new NetworkBlocks(gb, spec, "", false);
        String fused = blocks.fusion(GraphNames.MASK);
        Trunk trunk = blocks.trunk(fused, method.trunkInput(blocks, fused), blocks);
        String logits = spec.task().head(blocks, trunk.withFeatures(method.embedding(blocks, trunk.features())));
        spec.task().output(blocks, GraphNames.OUT, logits, spec.task().outputLoss(spec));
        return new DeploymentNetwork(blocks, trunk, logits);
    }

    public NetworkBlocks blocks() {
        return blocks;
    }

    /** The fused, masked tensor (input of the trunk; the regularization network reads it too). */
    public String fused() {
        return trunk.fused();
    }

    /** The last trunk stage before pooling (F_s of MAD, spec 2.1). */
    public String features() {
        return trunk.features();
    }

    /** Every level the head reads (the segmentation decoder's skips, the regularization decoder's inputs). */
    public Trunk trunk() {
        return trunk;
    }

    public String logits() {
        return logits;
    }
}
