package io.mmanet.prep.corpus;

/** What a corpus row's label is: one class per sample, or a class per pixel (a label image). */
public enum CorpusTask {
    /** The label cell is a class index (or, in a manifest, a class name). */
    CLASSIFICATION,
    /**
     * The label cell (list files) or the {@code label_image} column (manifest) is the path of a
     * single-channel PNG of class indices, the same size as the modalities' images.
     */
    SEGMENTATION
}
