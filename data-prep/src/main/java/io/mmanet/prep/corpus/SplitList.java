package io.mmanet.prep.corpus;

import java.io.Serializable;

/** A split and the list file (relative to the corpus root) that holds its samples. */
public record SplitList(String split, String file) implements Serializable {
}
