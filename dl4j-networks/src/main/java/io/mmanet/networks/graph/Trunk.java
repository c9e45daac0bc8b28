package io.mmanet.networks.graph;

import java.util.function.Supplier;

/**
 * What a task's head reads from a network (spec 1.2, 1.6): the fused tensor (stage 2, 1/8 of the
 * input), the trunk's stage 3 (1/16) and stage 4 (1/32, the features F of MAD), and on request
 * the masked, concatenated stage-1 outputs of the encoders (1/4) that a decoder uses as its finest
 * skip. A classification head reads only {@link #features()}.
 */
public final class Trunk {
    private final NetworkBlocks encoders;
    private final Supplier<String> fused;
    private final Supplier<String> stage3;
    private final Supplier<String> stage4;
    private final Supplier<String> stage1;

    Trunk(NetworkBlocks encoders, String fused, String stage3, String stage4) {
        this(encoders, () -> fused, () -> stage3, () -> stage4, encoders::fusedStage1);
    }

    private Trunk(NetworkBlocks encoders, Supplier<String> fused, Supplier<String> stage3, Supplier<String> stage4,
                  Supplier<String> stage1) {
        this.encoders = encoders;
        this.fused = fused;
        this.stage3 = stage3;
        this.stage4 = stage4;
        this.stage1 = stage1;
    }

    /** Stage 4 before pooling: F of MAD (spec 2.1), the deepest level of a decoder. */
    public String features() {
        return stage4.get();
    }

    /**
     * This trunk with {@code features} as its deepest level (a method's representation between the
     * trunk and the head, e.g. DMRNet's embedding); the other levels stay.
     */
    public Trunk withFeatures(String features) {
        return features.equals(features()) ? this : new Trunk(encoders, fused, stage3, () -> features, stage1);
    }

    public String stage3() {
        return stage3.get();
    }

    /** The fused, masked tensor (stage 2 of every encoder, concatenated). */
    public String fused() {
        return fused.get();
    }

    /**
     * A copy of stages 3-4 in {@code into} on this trunk's fused tensor (the classification
     * regularization network, spec decision 6); its skips stay this trunk's.
     */
    public Trunk copyAfterFusion(NetworkBlocks into) {
        Trunk copy = into.trunk(fused(), encoders);
        return new Trunk(encoders, copy.fused, copy.stage3, copy.stage4, stage1);
    }

    /** The encoders' stage-1 outputs, masked and concatenated (created in the encoders' blocks on first use). */
    public String fusedStage1() {
        return stage1.get();
    }

    /**
     * This trunk's levels restricted to the rows that the [N, 1] graph input {@code rowsInput}
     * selects: a {@link SelectRowsVertex} in {@code into} per level, added when a head first reads
     * that level (an unread level must not become a vertex: DL4J computes every vertex).
     */
    public Trunk selectRows(NetworkBlocks into, String rowsInput) {
        return new Trunk(encoders, selected(into, rowsInput, "fused", fused), selected(into, rowsInput, "s3", stage3),
                selected(into, rowsInput, "s4", stage4), selected(into, rowsInput, "fuse1", stage1));
    }

    private static Supplier<String> selected(NetworkBlocks into, String rowsInput, String level, Supplier<String> of) {
        return new Supplier<>() {
            private String name;

            @Override
            public String get() {
                if (name == null) {
                    name = into.vertex("rows_" + level, new SelectRowsVertex(), of.get(), rowsInput);
                }
                return name;
            }
        };
    }
}
