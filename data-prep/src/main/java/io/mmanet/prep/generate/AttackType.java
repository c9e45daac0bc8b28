package io.mmanet.prep.generate;

/** Presentation attacks the generator draws (names as in generate.attack-types). */
public enum AttackType {
    /** A printed photo: flat, halftone dots and faded colours, matte and uniform in IR. */
    PRINT,
    /** A photo shown on a screen: flat, moire and a blue cast, almost black in IR. */
    REPLAY
}
