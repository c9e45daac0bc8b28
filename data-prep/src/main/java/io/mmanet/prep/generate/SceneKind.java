package io.mmanet.prep.generate;

/**
 * The classes of the synthetic RGB-D scenes, in label order. Each is told apart by colour, by
 * depth, or by both, so that each modality alone confuses some classes:
 * RGB alone cannot separate WALL, BOX and BALL (all wall-grey); depth alone cannot separate WALL,
 * RED_POSTER and BLUE_POSTER (all flat on the wall); TABLE is visible in both.
 */
public enum SceneKind {
    /** The background: grey, a far, slightly tilted plane. */
    WALL(false, false),
    /** A red rectangle painted on the wall: RGB only. */
    RED_POSTER(true, false),
    /** A blue rectangle painted on the wall: RGB only. */
    BLUE_POSTER(true, false),
    /** A wall-grey box: a flat plane well in front of the wall, depth only. */
    BOX(false, true),
    /** A wall-grey ball: a dome nearest at its centre, depth only (its shape, not its distance, tells it from BOX). */
    BALL(false, true),
    /** A green table top in front of the wall: both modalities. */
    TABLE(true, true);

    private final boolean colour;
    private final boolean depth;

    SceneKind(boolean colour, boolean depth) {
        this.colour = colour;
        this.depth = depth;
    }

    /** Distinguishable from the wall by colour. */
    public boolean byColour() {
        return colour;
    }

    /** Distinguishable from the wall by depth. */
    public boolean byDepth() {
        return depth;
    }

    /** The class names, lower-kebab, in label order (what corpus.label-names must be). */
    public static java.util.List<String> labelNames() {
        return java.util.Arrays.stream(values())
                .map(k -> k.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).toList();
    }
}
