package io.mmanet.networks.graph;

/**
 * What a task's head reads from a network (spec 1.2, 1.6): the fused tensor (stage 2, 1/8 of the
 * input), the trunk's stage 3 (1/16) and stage 4 (1/32, the features F of MAD), and on request
 * the masked, concatenated stage-1 outputs of the encoders (1/4) that a decoder uses as its finest
 * skip. A classification head reads only {@link #features()}.
 */
public final class Trunk {
    private final NetworkBlocks encoders;
    private final String fused;
    private final String stage3;
    private final String stage4;

    Trunk(NetworkBlocks encoders, String fused, String stage3, String stage4) {
        this.encoders = encoders;
        this.fused = fused;
        this.stage3 = stage3;
        this.stage4 = stage4;
    }

    /** Stage 4 before pooling: F of MAD (spec 2.1), the deepest level of a decoder. */
    public String features() {
        return stage4;
    }

    /**
     * This trunk with {@code features} as its deepest level (a method's representation between the
     * trunk and the head, e.g. DMRNet's embedding); the other levels stay.
     */
    public Trunk withFeatures(String features) {
        return features.equals(stage4) ? this : new Trunk(encoders, fused, stage3, features);
    }

    public String stage3() {
        return stage3;
    }

    /** The fused, masked tensor (stage 2 of every encoder, concatenated). */
    public String fused() {
        return fused;
    }

    /**
     * A copy of stages 3-4 in {@code into} on this trunk's fused tensor (the classification
     * regularization network, spec decision 6); its skips stay this network's encoders.
     */
    public Trunk copyAfterFusion(NetworkBlocks into) {
        return into.trunk(fused, encoders);
    }

    /** The encoders' stage-1 outputs, masked and concatenated (created in the encoders' blocks on first use). */
    public String fusedStage1() {
        return encoders.fusedStage1();
    }
}
