package io.mmanet.networks.graph;

import io.mmanet.networks.method.Method;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

/**
 * The deployment network (spec 1.2 / 1.4): per-modality encoders, the modality mask from input
 * {@link GraphNames#MASK}, fusion by concatenation, the shared trunk and the task's head, with
 * output {@link GraphNames#OUT}. Vertices carry no prefix; it is the only network that is exported
 * ({@link TrainingGraphs#extractDeployment}).
 */
public final class DeploymentNetwork {
    private final NetworkBlocks blocks;
    private final String fused;
    private final String features;
    private final String logits;

    private DeploymentNetwork(NetworkBlocks blocks, String fused, String features, String logits) {
        this.blocks = blocks;
        this.fused = fused;
        this.features = features;
        this.logits = logits;
    }

    /** Adds the deployment network and its output to {@code gb}. */
    static DeploymentNetwork add(GraphBuilder gb, NetworkSpec spec, Method method) {
        NetworkBlocks blocks = new NetworkBlocks(gb, spec, "", false);
        String fused = blocks.fusion(GraphNames.MASK);
        String features = blocks.trunkFeatures(fused);
        String logits = spec.task().head(blocks, method.embedding(blocks, features));
        spec.task().output(blocks, GraphNames.OUT, logits, spec.task().outputLoss());
        return new DeploymentNetwork(blocks, fused, features, logits);
    }

    public NetworkBlocks blocks() {
        return blocks;
    }

    /** The fused, masked tensor (input of the trunk; the regularization network reads it too). */
    public String fused() {
        return fused;
    }

    /** The last trunk stage before pooling (F_s of MAD, spec 2.1). */
    public String features() {
        return features;
    }

    public String logits() {
        return logits;
    }
}
